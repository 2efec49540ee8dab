"""An issuer that looks wrong beside its 文号 is said so on import, never corrected."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from plans.models import Plan
from plans.parsing import issuer_doubts

ROOT = Path(__file__).resolve().parents[2]
FUJIAN = ROOT / "tests/data/coverage-references/docs/2022-12-26-fujian.markdown"
Y23 = ROOT / "seeds/004_cc9bc0bda87098e7.txt"
IMPORT = "/admin/plans/plan/import/"


@pytest.mark.parametrize(
    ("issuer", "doc_number", "organ"),
    [
        ("福建省人民政府厅", "闽政〔2022〕32号", "福建省人民政府"),
        ("云南省人民政府办公厅", "云政发〔2023〕8号", "云南省人民政府"),
        ("云南省人民政府", "云政办发〔2022〕37号", "云南省人民政府办公厅"),
        ("国务院", "国办发〔2022〕14号", "国务院办公厅"),
        # A city's or a county's sign, where it opens with the place's own name.
        ("深圳市人民政府办公厅", "深府〔2023〕12号", "深圳市人民政府"),
        ("包头市人民政府", "包府办发〔2022〕43号", "包头市人民政府办公室或办公厅"),
        ("旺苍县人民政府办公室", "旺府发〔2023〕15号", "旺苍县人民政府"),
        ("上海市浦东新区人民政府办公室", "浦府〔2023〕1号", "上海市浦东新区人民政府"),
        ("南京市人民政府", "苏政发〔2023〕1号", "江苏省人民政府"),  # a province's sign
    ],
)
def test_an_issuer_other_than_the_organ_its_doc_numbers_sign_names_is_doubted(
    issuer, doc_number, organ
):
    (doubt,) = issuer_doubts(issuer, doc_number)
    assert doubt.params["organ"] == organ and issuer in doubt and "--issuer" in doubt


def test_an_organs_word_written_twice_is_doubted_but_a_places_own_double_is_not():
    doubts = issuer_doubts("云南省人民政府办公厅厅", "")
    assert [d.params["doubled"] for d in doubts] == ["厅厅"]
    assert issuer_doubts("齐齐哈尔市人民政府", "齐政发〔2020〕1号") == []
    assert issuer_doubts("中华人民共和国国务院", "中华人民共和国国务院令第711号") == []


@pytest.mark.parametrize(
    ("issuer", "doc_number"),
    [
        ("湖南省人民政府辦公廳", "湘政辦發〔2017〕11號"),  # traditional characters
        ("江西省人民政府", "赣府发〔2023〕8号"),
        ("山东省人民政府", "鲁政字〔2023〕15号"),
        ("旺苍县人民政府", "旺府发〔2023〕15号"),  # a county's sign
        ("包头市人民政府办公室", "包府办发〔2022〕43号"),  # a city's office: 办公室
        ("深圳市人民政府办公厅", "深府办函〔2023〕5号"),  # or 办公厅
        ("苏州市人民政府", "苏府〔2023〕1号"),  # a city's reading before a province's (苏)
        ("齐齐哈尔市人民政府", "齐政发〔2020〕1号"),
        ("广州市人民政府", "穗府〔2026〕4号"),  # a short name the table lacks: not judged
        ("广州市人民政府办公厅", "穗府〔2026〕4号"),  # not even for its organ
        ("重庆市发展和改革委员会", "渝发改规范〔2025〕7号"),  # a department's: not judged
        ("深圳市发展和改革委员会", "深发改〔2023〕9号"),
        ("云南省人民政府办公厅", ""),
    ],
)
def test_an_issuer_agreeing_with_its_doc_number_or_one_no_sign_judges_is_not_doubted(
    issuer, doc_number
):
    assert issuer_doubts(issuer, doc_number) == []


@pytest.mark.django_db
def test_the_import_command_says_when_the_issuer_read_looks_wrong_and_imports_it_as_read():
    err = StringIO()
    call_command("import_plan", str(Y23), stdout=StringIO(), stderr=err)
    said = err.getvalue()
    assert "发文机关“云南省人民政府办公厅厅”与文号 云政发〔2023〕8号 不符" in said
    assert "“厅厅”重复了一个字" in said
    assert Plan.objects.get().issuer == "云南省人民政府办公厅厅"


@pytest.mark.django_db
def test_the_preview_says_when_the_issuer_shown_looks_wrong_until_it_is_corrected(admin_client):
    upload = SimpleUploadedFile("fujian.markdown", FUJIAN.read_bytes())
    preview = admin_client.post(IMPORT, {"document": upload, "_preview": "1"})
    doubt = "发文机关“福建省人民政府厅”与文号 闽政〔2022〕32号 不符：按文号，发文机关应是"
    assert doubt in preview.content.decode() and not Plan.objects.exists()
    rows = {str(row["label"]): row for row in preview.context["rows"]}
    assert rows["发文机关"]["guessed"] and not rows["文号"]["guessed"]  # marked beside the text
    english = admin_client.post(
        IMPORT,
        {"document": SimpleUploadedFile("fujian.markdown", FUJIAN.read_bytes()), "_preview": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "does not match the document number 闽政〔2022〕32号" in english.content.decode()

    values = {k: v or "" for k, v in preview.context["form"].initial.items()}
    checked = admin_client.post(IMPORT, {**values, "issuer": "福建省人民政府", "_check": "1"})
    assert "不符" not in checked.content.decode()
    assert not {str(r["label"]): r for r in checked.context["rows"]}["发文机关"]["guessed"]


@pytest.mark.django_db
def test_an_issuer_corrected_wrongly_and_confirmed_is_doubted_after_the_import_not_refused(
    admin_client,
):
    upload = SimpleUploadedFile("fujian.markdown", FUJIAN.read_bytes())
    preview = admin_client.post(IMPORT, {"document": upload, "_preview": "1"})
    values = {k: v or "" for k, v in preview.context["form"].initial.items()}
    confirmed = admin_client.post(
        IMPORT, {**values, "issuer": "福建省人民政府办公厅", "_confirm": "1"}, follow=True
    )
    plan = Plan.objects.get()  # imported as confirmed: a doubt never blocks
    assert plan.issuer == "福建省人民政府办公厅"
    said = [str(m) for m in confirmed.context["messages"]]
    doubt = "发文机关“福建省人民政府办公厅”与文号 闽政〔2022〕32号 不符：按文号，发文机关应是"
    assert any(doubt in m for m in said), said
