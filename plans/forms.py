"""Forms of the plans app: importing a document from the admin."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plans.importing import PlanOverrides
from plans.models import Jurisdiction, Plan


class ImportPlanForm(forms.Form):
    """What `manage.py import_plan` asks, for staff who work in the browser."""

    document = forms.FileField(
        label=_("文件"),
        help_text=_("文本（.txt）、markdown、网页（.html）或 Word（.docx）；PDF 请先导出文字。"),
    )
    jurisdiction = forms.CharField(
        label=_("行政区"), required=False, help_text=_("如 云南省；不填则按标题判断。")
    )
    level = forms.ChoiceField(
        label=_("层级"), required=False, choices=[("", "—"), *Jurisdiction.Level.choices]
    )
    parent = forms.CharField(
        label=_("上级行政区"), required=False, help_text=_("如 广元市（县级规划的文字常不写）。")
    )
    era = forms.CharField(label=_("规划期"), required=False, help_text=_("十三五、十四五、十五五…"))
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", "—"), *Plan.Kind.choices]
    )
    interprets = forms.ModelChoiceField(
        label=_("解读的规划"),
        required=False,
        queryset=Plan.objects.all(),
        to_field_name="slug",
        help_text=_("仅对解读类文件。"),
    )
    slug = forms.SlugField(label=_("短名"), required=False)
    title = forms.CharField(label=_("标题"), required=False)
    doc_number = forms.CharField(label=_("文号"), required=False)
    issued = forms.DateField(label=_("发布日期"), required=False, help_text="YYYY-MM-DD")
    replace = forms.BooleanField(
        label=_("替换已导入的旧文本"),
        required=False,
        help_text=_("同一文件的文字有改动时勾选；有人工对应决定的章节不会被删除。"),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("%(name)s 有 %(size)s 字节，超过上限 %(limit)s 字节：请拆分，或调高上限。")
                % {"name": document.name, "size": document.size, "limit": settings.IMPORT_MAX_BYTES}
            )
        return document

    def overrides(self) -> PlanOverrides:
        data = self.cleaned_data
        return PlanOverrides(
            slug=data["slug"],
            title=data["title"].strip(),
            jurisdiction=data["jurisdiction"].strip(),
            level=data["level"],
            parent=data["parent"].strip(),
            era=data["era"].strip(),
            kind=data["kind"],
            doc_number=data["doc_number"].strip(),
            issued=data["issued"],
            interprets=data["interprets"].slug if data["interprets"] else "",
        )
