"""The hand-judged coverage references (tests/data/coverage-references) stay readable: every
item and every evidence section names exactly one section the parser makes of the seed texts."""

from __future__ import annotations

import pytest

from tests.compare.coverage.references import CHECK, check_module


def test_every_reference_names_one_parsed_section_per_item_and_evidence():
    assert check_module().check() == []


def test_a_reference_naming_no_parsed_section_is_reported_with_its_line(tmp_path):
    check = check_module()
    good = (CHECK.parent / "national-2022__wangcang-2023.tsv").read_text(encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text(good.replace("|2. 数据库建设|", "|数据库建设|", 1), encoding="utf-8")
    files = check.seed_files()
    found = check.problems(
        bad,
        check.parsed_keys(files["national-2022-digital-gov-opinion"]),
        check.parsed_keys(files["wangcang-2023-digital-gov-plan"]),
    )
    assert found == [
        "bad.tsv:3: evidence '数据库建设' names 0 parsed sections of the lower plan, want exactly 1"
    ]


def test_a_lower_plan_outside_the_catalogue_is_read_from_docs():
    check = check_module()
    files = check.plan_files()
    lower = files["shandong-2023-digital-gov-implementation"]
    assert lower.parent.name == "docs"
    # The catalogue's seeds are found as before.
    assert (
        files["wangcang-2023-digital-gov-plan"]
        == check.seed_files()["wangcang-2023-digital-gov-plan"]
    )


def test_a_document_of_docs_named_like_a_seed_is_refused(monkeypatch):
    check = check_module()
    monkeypatch.setattr(
        check, "DOCUMENTS", {"wangcang-2023-digital-gov-plan": ("2023-01-30-shandong.markdown", {})}
    )
    with pytest.raises(ValueError, match="both a seed and a document of docs/"):
        check.plan_files()


@pytest.mark.django_db
def test_the_documents_of_docs_are_imported_under_the_slugs_the_references_use():
    from plans.models import Plan

    check = check_module()
    first = check.import_documents()
    again = check.import_documents()
    plan = Plan.objects.get(slug="shandong-2023-digital-gov-implementation")
    assert plan.title == "山东省数字政府建设实施方案"
    # What DOCUMENTS adds to the text, as a catalogue entry would.
    assert plan.era.name == "十四五"
    fujian = Plan.objects.get(slug="fujian-2022-digital-gov-programme")
    assert fujian.title == "福建省数字政府改革和建设总体方案"
    assert fujian.era.name == "十四五"
    jiangxi = Plan.objects.get(slug="jiangxi-2023-digital-gov-programme")
    assert jiangxi.title == "江西省数字政府建设总体方案"
    assert jiangxi.era.name == "十四五"
    guangdong = Plan.objects.get(slug="guangdong-2023-digital-gov-opinions")
    assert guangdong.title == "广东省人民政府关于进一步深化数字政府改革建设的实施意见"
    assert guangdong.era.name == "十四五"
    assert [line.split()[0] for line in first] == ["created"] * 4
    assert [line.split()[0] for line in again] == ["unchanged"] * 4
