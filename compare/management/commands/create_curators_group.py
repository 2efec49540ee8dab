from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from compare.curating import CURATORS_GROUP

# Curators read plans and edit links; deleting anything and editing plans stay with staff.
CURATOR_PERMISSIONS = [
    "plans.view_plan",
    "plans.view_section",
    "compare.add_sectionlink",
    "compare.change_sectionlink",
    "compare.view_sectionlink",
    "compare.view_linkevent",
    "compare.view_alignmentrun",
]


class Command(BaseCommand):
    help = (
        f"Create the '{CURATORS_GROUP}' group with the rights to edit links only, or bring its "
        "rights back to that list. --add USERNAME also puts a user in it (and lets them sign "
        "in to the admin)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--add",
            metavar="USERNAME",
            action="append",
            default=[],
            help="an existing user to make a curator; repeat for several",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            wanted = _permissions(CURATOR_PERMISSIONS)
            group, created = Group.objects.get_or_create(name=CURATORS_GROUP)
            current = set(group.permissions.all())
            group.permissions.set(wanted)
            users = [_make_curator(name, group) for name in options["add"]]

        if created:
            self.stdout.write(f"created group '{CURATORS_GROUP}'")
        else:
            self.stdout.write(f"group '{CURATORS_GROUP}' already exists")
        added, removed = set(wanted) - current, current - set(wanted)
        for perm in sorted(added, key=_code):
            self.stdout.write(f"  + {_code(perm)}")
        for perm in sorted(removed, key=_code):
            self.stdout.write(f"  - {_code(perm)}")
        if not added and not removed:
            self.stdout.write(f"  permissions unchanged ({len(wanted)})")
        for username, changed in users:
            state = "added to the group" if changed else "already a curator"
            self.stdout.write(f"user '{username}': {state}")


def _code(perm: Permission) -> str:
    return f"{perm.content_type.app_label}.{perm.codename}"


def _permissions(codes: list[str]) -> list[Permission]:
    found = {
        _code(p): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[code.split(".")[1] for code in codes]
        )
    }
    missing = [code for code in codes if code not in found]
    if missing:
        raise CommandError(
            f"permissions not found: {', '.join(missing)}; run `manage.py migrate` first"
        )
    return [found[code] for code in codes]


def _make_curator(username: str, group: Group) -> tuple[str, bool]:
    model = get_user_model()
    user = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
    if user is None:
        raise CommandError(
            f"no user named {username!r}; create it first with `manage.py createsuperuser` "
            "or in the admin"
        )
    changed = not user.groups.filter(pk=group.pk).exists() or not user.is_staff
    user.groups.add(group)
    if not user.is_staff:
        # The admin is where curators work; staff status alone grants no rights.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return username, changed
