"""The forms of the section-link admin: adding a link by hand, deciding one, replacing
its counterpart."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compare.models import SectionLink
from plans.models import Section

Status = SectionLink.Status


class SectionLinkAddForm(forms.ModelForm):
    """Two sections of different plans, linked by hand."""

    class Meta:
        model = SectionLink
        fields = ["left", "right", "note"]

    def clean(self):
        cleaned = super().clean()
        left, right = cleaned.get("left"), cleaned.get("right")
        if left is None or right is None:
            return cleaned
        if left.pk == right.pk:
            raise ValidationError(_("左右两侧选了同一个章节：请选择另一份规划中的章节。"))
        if left.plan_id == right.plan_id:
            raise ValidationError(
                _("两个章节都属于《%(plan)s》：对应只能连接不同规划的章节。")
                % {"plan": left.plan.title}
            )
        # The table keeps each pair once, lower section id first.
        if left.pk > right.pk:
            cleaned["left"], cleaned["right"] = right, left
        existing = SectionLink.objects.filter(left=cleaned["left"], right=cleaned["right"]).first()
        if existing is not None:
            if existing.status in (Status.CONFIRMED, Status.MANUAL):
                raise ValidationError(
                    _("这两个章节已有对应（%(status)s），无需再添加。")
                    % {"status": existing.get_status_display()}
                )
            # An automatic or rejected row for the pair is turned into a decision, not duplicated:
            # validate against that row so the unique constraint does not refuse the form.
            self.instance = existing
        return cleaned


class SectionLinkChangeForm(forms.ModelForm):
    class Meta:
        model = SectionLink
        fields = ["status", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" not in self.fields:
            return
        # "Manual" is what adding by hand makes; confirming a manual link would change nothing.
        allowed = (
            [Status.MANUAL, Status.REJECTED, Status.AUTO]
            if self.instance.status == Status.MANUAL
            else [Status.AUTO, Status.CONFIRMED, Status.REJECTED]
        )
        self.fields["status"].choices = [(s.value, s.label) for s in allowed]


class ReplaceCounterpartForm(forms.Form):
    new_section = forms.TypedChoiceField(label=gettext_lazy("新的对应章节"), coerce=int)
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, link: SectionLink, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = (
            Section.objects.filter(plan__in=[link.left.plan_id, link.right.plan_id])
            .exclude(pk__in=[link.left_id, link.right_id])
            .select_related("plan")
            .only("plan__title", "order", "depth", "label", "title", "kind")
            .order_by("plan__title", "order")
        )
        groups: dict[str, list] = {}
        for s in sections:
            indent = "\u3000" * s.depth
            groups.setdefault(s.plan.title, []).append(
                (s.pk, f"{indent}{s.heading or s.get_kind_display()}")
            )
        self.fields["new_section"].choices = [("", "---------"), *groups.items()]

    def clean_new_section(self) -> Section:
        return Section.objects.select_related("plan").get(pk=self.cleaned_data["new_section"])
