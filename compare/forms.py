from __future__ import annotations

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from compare.models import SavedComparison
from compare.reading.comparing import Filters
from plans.models import Plan
from plans.searching import MAX_TERMS, terms_of

MAX_PLANS = 4
MAX_TOPIC = 100  # characters of ?q=: a few words, not a passage


class AddressCheckbox(forms.CheckboxInput):
    """A box ticked in the address: 0, no and off leave it unticked as false does (Django
    reads any other word as ticked), as whoever writes ?differ=0 means."""

    def value_from_datadict(self, data, files, name) -> bool:
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in {"0", "no", "off"}:
            return False
        return super().value_from_datadict(data, files, name)


class CompareForm(forms.Form):
    """The whole state of a comparison view, as the URL holds it."""

    plans = forms.CharField(
        label=gettext_lazy("规划"),
        help_text=gettext_lazy("两到四份规划的短名，按列顺序用逗号分隔"),
    )
    chapter = forms.IntegerField(required=False, label=pgettext_lazy("filter by chapter", "章节"))
    min = forms.FloatField(
        required=False, min_value=0, max_value=1, label=gettext_lazy("对应可信度")
    )
    differ = forms.BooleanField(
        required=False, label=gettext_lazy("只看有差异的行"), widget=AddressCheckbox
    )
    part = forms.ChoiceField(
        required=False,
        label=gettext_lazy("内容"),
        choices=[
            ("", gettext_lazy("全部")),
            ("goals", gettext_lazy("只看目标")),
            ("tasks", gettext_lazy("只看任务")),
        ],
    )
    unique = forms.BooleanField(
        required=False, label=gettext_lazy("只看独有内容"), widget=AddressCheckbox
    )
    q = forms.CharField(
        required=False,
        strip=True,
        label=gettext_lazy("只看提到这些词的行"),
        help_text=gettext_lazy("繁简通用；多个词用空格分隔，每行须提到全部"),
    )
    lead = forms.CharField(
        required=False,
        max_length=60,
        strip=True,
        label=gettext_lazy("牵头或责任单位"),
        help_text=gettext_lazy("单位名称的一部分，如“大数据局”"),
    )
    row = forms.RegexField(regex=r"^r\d+$", required=False)
    tab = forms.ChoiceField(required=False, choices=[("", "rows"), ("goals", "goals")])
    mode = forms.ChoiceField(
        required=False,
        label=gettext_lazy("显示方式"),
        choices=[
            ("", gettext_lazy("标出共有与独有（相近段落逐字比对）")),
            ("marks", gettext_lazy("只标共有与独有")),
            ("redline", gettext_lazy("逐字比对（以第一份为底本）")),
        ],
    )
    rowmode = forms.ChoiceField(
        required=False, choices=[("", ""), ("marks", "marks"), ("redline", "redline")]
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist") and len(data.getlist("plans")) > 1:
            # The home page picker sends one "plans" per column: join them in order.
            data = data.copy()
            data["plans"] = ",".join(v for v in data.getlist("plans") if v)
        super().__init__(data, *args, **kwargs)
        # The slugs ?plans= names that no plan has, once cleaned: the API answers 404 for them.
        self.unknown_slugs: list[str] = []

    def clean_plans(self) -> list[Plan]:
        slugs = [s.strip() for s in self.cleaned_data["plans"].split(",") if s.strip()]
        slugs = list(dict.fromkeys(slugs))
        count_error = forms.ValidationError(
            _("请选择两到四份不同的规划（现在是 %(n)d 份）。") % {"n": len(slugs)}
        )
        if len(slugs) > MAX_PLANS:
            raise count_error
        # Unknown slugs first: in a mistyped link of one slug, the slug is what to fix.
        found = Plan.objects.select_related("jurisdiction", "era").in_bulk(slugs, field_name="slug")
        missing = [s for s in slugs if s not in found]
        if missing:
            self.unknown_slugs = missing
            raise forms.ValidationError(
                _("找不到这些规划：%(slugs)s。请检查短名，或从规划目录选择。")
                % {"slugs": _("、").join(missing)}
            )
        if len(slugs) < 2:
            raise count_error
        return [found[s] for s in slugs]

    def clean_chapter(self) -> int | None:
        # No section is 0: chapter=0 narrows nothing, and is said as no filter.
        return self.cleaned_data["chapter"] or None

    def clean_q(self) -> str:
        q = " ".join(self.cleaned_data["q"].split())
        if len(q) > MAX_TOPIC:
            raise forms.ValidationError(
                _("搜索词太长：最多 %(max)d 个字符（现在是 %(n)d 个）。请缩短后再试。")
                % {"max": MAX_TOPIC, "n": len(q)}
            )
        words = list(dict.fromkeys(t for word in q.split() for t in terms_of(word)))
        if len(words) > MAX_TERMS:
            raise forms.ValidationError(
                _("搜索词太多：最多 %(max)d 个（现在是 %(n)d 个）。请去掉一些词再试。")
                % {"max": MAX_TERMS, "n": len(words)}
            )
        return q

    STATE = (
        "plans",
        "tab",
        "mode",
        "chapter",
        "min",
        "differ",
        "part",
        "unique",
        "q",
        "row",
        "rowmode",
        "lead",
    )

    def query(self, **changes) -> str:
        """The canonical query string of this state, with ``changes`` applied (None drops)."""
        state = {}
        for key in self.STATE:
            value = changes[key] if key in changes else self.cleaned_data.get(key)
            if key == "plans" and value is not None and not isinstance(value, str):
                value = ",".join(p.slug for p in value)
            elif key == "min" and isinstance(value, float):
                value = f"{value:g}" if value else ""
            elif isinstance(value, bool):
                value = "1" if value else ""
            if value not in (None, ""):
                state[key] = value
        return urlencode(state)

    NOT_FILTERS = ("plans", "tab", "mode", "row", "rowmode")  # how rows show, not which

    def filters_in_words(self, chapters=()) -> list[str]:
        """Each filter this state sets, as a reader reads it: a saved comparison shows its
        filters as text, not as a form whose changes its address would ignore."""
        titles = {c.pk: " ".join(filter(None, (c.label, c.title))) for c in chapters}
        said = []
        for key in self.STATE:
            value = self.cleaned_data.get(key)
            if key in self.NOT_FILTERS or value in (None, "", False, 0.0):
                continue
            field = self.fields[key]
            if isinstance(field, forms.BooleanField):
                said.append(str(field.label))
                continue
            if key == "chapter":
                value = titles.get(value, value)
            elif key == "min":
                value = f"≥{value:g}"
            elif isinstance(field, forms.ChoiceField):
                value = dict(field.choices).get(value, value)
            said.append(_("%(filter)s：%(value)s") % {"filter": field.label, "value": value})
        return said

    def whole_query(self) -> str:
        """The query string of this comparison with no filter: every row is on its page."""
        return self.query(**{k: None for k in self.STATE if k not in ("plans", "tab", "mode")})

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            chapter=data.get("chapter"),
            min_score=data.get("min") or 0.0,
            differ=bool(data.get("differ")),
            part=data.get("part") or "",
            unique=bool(data.get("unique")),
            terms=tuple(terms_of(data.get("q") or "")),
            lead=data.get("lead") or "",
        )


class SaveForm(forms.ModelForm):
    # The model's TextField has no length: a note is a few sentences, not a document.
    note = forms.CharField(
        label=gettext_lazy("说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Offered to signed-in readers: copies of their notes on these plans, kept with the link.
    include_notes = forms.BooleanField(label=gettext_lazy("附上我的笔记"), required=False)

    class Meta:
        model = SavedComparison
        fields = ["plans", "query", "title", "note"]
        widgets = {
            "plans": forms.HiddenInput,
            "query": forms.HiddenInput,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, notes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers_notes = notes

    def clean_plans(self) -> str:
        form = CompareForm({"plans": self.cleaned_data["plans"]})
        if not form.is_valid():
            raise forms.ValidationError(form.errors["plans"])
        return ",".join(p.slug for p in form.cleaned_data["plans"])
