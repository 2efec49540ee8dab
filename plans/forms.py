"""Forms of the plans app: importing a document from the admin, with a preview to correct."""

from __future__ import annotations

import math
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plans.importing import PlanOverrides
from plans.models import Era, Jurisdiction, Plan, Section, untitled_name
from plans.parsing.model import as_stored
from plans.parsing.text import drop_invisible

# The fields a person may set instead of what the text implies, as PlanOverrides names them.
_OVERRIDES = (
    *("slug", "title", "jurisdiction", "level", "parent", "era", "kind"),
    *("doc_number", "issuer", "issued", "interprets"),
)


def _longest(model, field: str) -> int:
    return model._meta.get_field(field).max_length


class PlanFieldsForm(forms.Form):
    """What a document says about itself, as the person importing it may correct it."""

    # Each as long as where it is stored: PostgreSQL refuses a longer value with a database
    # error, not a word beside the field.
    jurisdiction = forms.CharField(
        label=_("行政区"),
        required=False,
        max_length=_longest(Jurisdiction, "name"),
        help_text=_("如 云南省；不填则按标题判断。"),
    )
    level = forms.ChoiceField(
        label=_("层级"), required=False, choices=[("", "—"), *Jurisdiction.Level.choices]
    )
    parent = forms.CharField(
        label=_("上级行政区"),
        required=False,
        max_length=_longest(Jurisdiction, "name"),
        help_text=_("如 广元市（县级规划的文字常不写）。"),
    )
    era = forms.CharField(
        label=_("规划期"),
        required=False,
        max_length=_longest(Era, "name"),
        help_text=_("十三五、十四五、十五五…"),
    )
    # Left at "—", a type the text does not give is stored as a plan (plans.importing).
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", "—"), *Plan.Kind.choices],
        help_text=_("原文未写明时，不选则记为“规划”。"),
    )
    interprets = forms.ModelChoiceField(
        label=_("解读的规划"),
        required=False,
        queryset=Plan.objects.all(),
        to_field_name="slug",
        help_text=_("仅对解读类文件。"),
    )
    slug = forms.SlugField(label=_("短名"), required=False, max_length=_longest(Plan, "slug"))
    # A plan's title runs to 40 characters and more: a box that wraps shows it whole, on a
    # phone too (a one-line input showed some 20 characters).
    title = forms.CharField(
        label=_("标题"),
        required=False,
        max_length=_longest(Plan, "title"),
        widget=forms.Textarea(attrs={"class": "vLargeTextField", "rows": 2}),
    )
    doc_number = forms.CharField(
        label=_("文号"), required=False, max_length=_longest(Plan, "doc_number")
    )
    issuer = forms.CharField(
        label=_("发文机关"),
        required=False,
        help_text=_("牵头机关在前；多个机关用顿号（、）分隔"),
    )
    issued = forms.DateField(label=_("发布日期"), required=False, help_text="YYYY-MM-DD")
    replace = forms.BooleanField(
        label=_("替换已导入的旧文本"),
        required=False,
        help_text=_("同一文件的文字有改动时勾选；有人工对应决定的章节不会被删除。"),
    )

    def clean_title(self) -> str:
        # A title is one line, however the box wrapped it or a paste broke it.
        return " ".join(self.cleaned_data["title"].split())

    def overrides(self, *, read: dict[str, str] | None = None) -> PlanOverrides:
        """The options as given; with ``read`` (what the text said, as form values), only the
        fields the person changed, so a value left as read is not recorded as given."""
        read = read or {}
        values = {name: self._value(name) for name in _OVERRIDES}
        kept = {name for name, value in values.items() if str(value or "") != read.get(name, "")}
        if "jurisdiction" in kept and values["jurisdiction"]:
            # The level shown beside a place typed over the one read is the new place's, as
            # shown: left out, the import would take the level from the name instead.
            kept.add("level")
        return PlanOverrides(
            **{name: value if name in kept else _empty(name) for name, value in values.items()}
        )

    def _value(self, name: str):
        value = self.cleaned_data[name]
        if name == "interprets":
            return value.slug if value else ""
        return value.strip() if isinstance(value, str) else value


def _empty(name: str):
    return None if name == "issued" else ""


class ImportPlanForm(PlanFieldsForm):
    """What `manage.py import_plan` asks, for staff who work in the browser."""

    field_order = ["document"]

    # An empty file is the parser's to refuse: it names the file and says what to check.
    document = forms.FileField(
        allow_empty_file=True,
        label=_("文件"),
        help_text=_(
            "文本（.txt）、markdown、网页（.html）、Word（.docx）或 PDF；扫描的 PDF 经 OCR 识别。"
        ),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "%(name)s 有 %(size)s MB，超过导入上限 %(limit)s MB：请拆分后分别导入；"
                    "如确是一份规划，可请运维调高上限（DUIZHAO_IMPORT_MAX_BYTES）。"
                )
                % {
                    "name": document.name,
                    # Megabytes to one decimal (6000000 against 5242880 bytes reads as a riddle),
                    # the size rounded up so that it never reads as the limit itself.
                    "size": f"{math.ceil(document.size * 10 / 2**20) / 10:.1f}",
                    "limit": f"{settings.IMPORT_MAX_BYTES / 2**20:.1f}",
                }
            )
        return document


def read_values(meta) -> dict[str, str]:
    """What a parsed document says about itself, as the preview form's values."""
    return {
        "title": meta.title,
        "jurisdiction": meta.jurisdiction,
        "level": meta.level,
        "parent": meta.above[-1] if meta.above else "",
        "era": meta.era,
        "kind": meta.kind,
        "doc_number": meta.doc_number,
        "issuer": "、".join(meta.issuers) or meta.issuer,  # every issuer of a joint document
        "issued": meta.issued.isoformat() if meta.issued else "",
    }


def preview_record(parsed) -> dict:
    """What the preview page shows of a parsed document (kept in the session or on a pending
    import until the person confirms)."""
    return {
        "read": read_values(parsed.metadata),
        "provenance": parsed.metadata.provenance,
        "warnings": [as_stored(warning) for warning in parsed.warnings],
        "outline": [
            # An untitled preface's first words cut bare would read as a heading.
            f"{s.label} {s.title}".strip() or untitled_name(str(Section.Kind(s.kind).label), s.body)
            for s in parsed.sections
            if s.parent is None
        ][:40],
        "sections": len(parsed.sections),
    }


class TypedTextField(forms.CharField):
    """Text as typed or pasted, without the invisible characters a web page copied from brings
    along (a zero-width space in an issuer: it looks the same and matches no organ)."""

    def to_python(self, value) -> str:
        return drop_invisible(super().to_python(value))


class NamesField(TypedTextField):
    """A list of names (a JSON list in the database) shown and typed as one line, 、-separated."""

    def prepare_value(self, value):
        if isinstance(value, str):  # what was typed, redisplayed beside an error
            return value
        return "、".join(value or [])

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [name.strip() for name in re.split(r"[、,，;；\n]", text) if name.strip()]

    def has_changed(self, initial, data) -> bool:
        return (initial or []) != self.to_python(data)
