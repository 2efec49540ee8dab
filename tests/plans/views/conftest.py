"""A small library of places and plans, shaped like the seeds, for the reading pages' tests."""

from __future__ import annotations

from datetime import date

import pytest

from plans.models import Era, Jurisdiction
from tests.plans.views.pages import add_plan, add_section


@pytest.fixture
def library():
    """A small tree of places and plans, shaped like the seeds."""
    nation = Jurisdiction.objects.create(name="全国", slug="quanguo", level="national")
    sichuan = Jurisdiction.objects.create(
        name="四川省", slug="sichuan", level="province", parent=nation
    )
    guangyuan = Jurisdiction.objects.create(
        name="广元市", slug="guangyuan", level="prefecture", parent=sichuan
    )
    wangcang = Jurisdiction.objects.create(
        name="旺苍县", slug="wangcang", level="county", parent=guangyuan
    )
    hunan = Jurisdiction.objects.create(
        name="湖南省", slug="hunan", level="province", parent=nation
    )
    e13 = Era.objects.create(name="十三五", start_year=2016, end_year=2020)
    e14 = Era.objects.create(name="十四五", start_year=2021, end_year=2025)

    wc = add_plan(
        wangcang,
        e14,
        "wangcang-2023-digital-gov-plan",
        "旺苍县“十四五”数字政府建设规划",
        doc_number="旺府发〔2023〕15号",
        issuer="旺苍县人民政府",
        issued=date(2023, 6, 15),
        warnings=["第一章缺失，已补充。"],
    )
    preface = add_section(wc, kind="preface", label="", title="前言", body="第一段。\n\n第二段。")
    chapter = add_section(wc, label="第一章", title="发展基础", implied=True, flags=["implied"])
    item = add_section(wc, chapter, label="一、", title="建设成效", body="成效显著。")
    sub = add_section(wc, item, label="1.", title="基础设施", body="网络覆盖。", flags=["mojibake"])
    add_section(wc, chapter, label="二、", title="存在问题", body="问题不少。")
    interpretation = add_plan(
        wangcang,
        e14,
        "wangcang-2023-interpretation",
        "《旺苍规划》解读",
        kind="interpretation",
        interprets=wc,
    )
    hn = add_plan(
        hunan,
        e13,
        "hunan-13th-egov-plan",
        "湖南省電子政務“十三五”規劃",
        script="traditional",
        issued=date(2017, 3, 7),
    )
    hn_chapter = add_section(
        hn,
        label="一、",
        title="發展現狀",
        title_simplified="发展现状",
        body="電子政務發展。",
        body_simplified="电子政务发展。",
    )
    hn_item = add_section(
        hn,
        hn_chapter,
        label="（一）",
        title="主要成績",
        title_simplified="主要成绩",
        body="成績顯著。",
        body_simplified="成绩显著。",
    )
    national = add_plan(
        nation, None, "national-opinion", "国务院关于加强数字政府建设的指导意见", kind="opinion"
    )
    return {
        "wc": wc,
        "preface": preface,
        "chapter": chapter,
        "item": item,
        "sub": sub,
        "interpretation": interpretation,
        "hn": hn,
        "hn_chapter": hn_chapter,
        "hn_item": hn_item,
        "national": national,
    }
