"""Real documents import without options, with the metadata a person reading them would write.

The expected values are written by hand from each document (and the tables of seeds/README.md,
seeds/CORPUS-README.md, the steering repository's shared/corpus/README.md and
tests/data/corpus/README.md); nothing is passed to the importer but the file and its name.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from plans.importing import import_plan
from plans.models import Plan
from tests.shared import shared_document

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# file, title, issuer, jurisdiction, level, parent, era, issued, 文号, sections
SHARED_CORPUS = [
    (
        SEEDS / "national-digital-gov-guideline-2022.txt",
        "国务院关于加强数字政府建设的指导意见",
        "国务院",
        "全国",
        "national",
        None,
        "十四五",
        None,  # the text states neither its date nor its 文号 (国发〔2022〕14号)
        "",
        52,
    ),
    (
        SEEDS / "2021-08-31-jiangsu.markdown",
        "江苏省“十四五”数字政府建设规划",
        "江苏省人民政府办公厅",
        "江苏省",
        "province",
        "全国",
        "十四五",
        date(2021, 8, 31),
        "苏政办发〔2021〕61号",
        106,
    ),
    (
        SEEDS / "2023-12-28-shanxi.markdown",
        "山西省数字政府建设规划（2023-2025年）",
        "山西省人民政府办公厅",
        "山西省",
        "province",
        "全国",
        "十四五",
        date(2023, 12, 28),
        "晋政办发〔2023〕82号",
        141,
    ),
    (
        SEEDS / "baotou-digital-gov-evaluation-2022.txt",
        "包头市2022年数字政府建设考评办法",
        "包头市人民政府办公室",
        "包头市",
        "prefecture",
        "内蒙古自治区",
        None,  # measures for 2022, naming no period (the seed catalogue gives 十四五)
        date(2022, 4, 14),
        "包府办发〔2022〕43号",
        133,
    ),
    (
        # A notice that issues two documents is one plan titled by the notice, each document
        # a top-level section.
        shared_document("anhui-industrial-internet-2021.txt"),
        "安徽省人民政府办公厅关于印发支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划"
        "（2021-2023年）的通知",
        "安徽省人民政府办公厅",
        "安徽省",
        "province",
        "全国",
        "十四五",
        date(2021, 9, 2),
        "皖政办秘〔2021〕82号",
        103,
    ),
    (
        shared_document("anhui-rcep-opinion-2022.txt"),
        "安徽省关于加快对接《区域全面经济伙伴关系协定》（RCEP）经贸新规则扎实推进高水平开放实施意见",
        "安徽省推进“三地一区”建设领导小组改革开放新高地执行小组办公室",
        "安徽省",
        "province",
        "全国",
        None,  # an opinion of no planning period
        date(2022, 3, 23),
        "皖开放办〔2022〕6号",
        35,
    ),
    (
        shared_document("shanghai-lingang-measures-2019.txt"),
        "中国（上海）自由贸易试验区临港新片区管理办法",
        "上海市人民政府",
        "上海市",
        "province",
        "全国",
        None,  # a decree
        date(2019, 8, 12),
        "上海市人民政府令第19号",
        60,
    ),
]


def _check(path, title, issuer, jurisdiction, level, parent, era, issued, doc_number, sections):
    result = import_plan(data=path.read_bytes(), source=path.name)

    plan = Plan.objects.select_related("jurisdiction__parent", "era").get(pk=result.plan.pk)
    assert plan.title == title
    assert plan.issuer == issuer
    assert plan.jurisdiction.name == jurisdiction
    assert plan.jurisdiction.level == level
    assert getattr(plan.jurisdiction.parent, "name", None) == parent
    assert getattr(plan.era, "name", None) == era
    assert plan.issued == issued
    assert plan.doc_number == doc_number
    if sections is not None:
        assert plan.sections.count() == sections


@pytest.mark.django_db
@pytest.mark.parametrize("case", SHARED_CORPUS, ids=[case[0].name for case in SHARED_CORPUS])
def test_shared_corpus_documents_import_without_options_with_the_right_metadata(case):
    _check(*case)


@pytest.mark.django_db
def test_a_notice_issuing_two_documents_gives_each_a_top_level_section():
    path = shared_document("anhui-industrial-internet-2021.txt")

    plan = import_plan(data=path.read_bytes(), source=path.name).plan

    roots = list(plan.sections.filter(parent=None).order_by("order"))
    assert [(s.kind, s.title) for s in roots] == [
        ("chapter", "支持工业互联网发展若干政策"),
        ("chapter", "安徽省工业互联网创新发展行动计划（2021-2023年）"),
        ("attachment", "省推进工业互联网创新发展专项工作组名单"),
    ]
    assert [s.label for s in roots[0].children.order_by("order")][:3] == ["一、", "二、", "三、"]


@pytest.mark.django_db
def test_a_legal_database_export_keeps_its_link_as_the_source_and_no_header_as_text():
    path = shared_document("shanghai-lingang-measures-2019.txt")

    plan = import_plan(data=path.read_bytes(), source=path.name).plan

    assert plan.source_url == "https://www.pkulaw.com/lar/7d920e1816db6cdd81e6141142bae24abdfb.html"
    assert not plan.sections.filter(body__contains="法宝引证码").exists()
    assert not plan.sections.filter(body__contains="pkulaw").exists()


CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

# file, title, issuer, jurisdiction, level, parent, era, issued, 文号, sections: the values of
# tests/data/corpus/README.md. Sections are a total, or {"篇": n, "章": n, "节": n} for the plans.
NEW_CORPUS = [
    (
        "state-council-online-government-services-2019.md",
        "国务院关于在线政务服务的若干规定",
        "中华人民共和国国务院",
        "全国",
        "national",
        None,
        None,
        date(2019, 4, 26),
        "中华人民共和国国务院令第716号",
        16,
    ),
    (
        "state-council-open-government-information-2019.md",
        "中华人民共和国政府信息公开条例",
        "中华人民共和国国务院",
        "全国",
        "national",
        None,
        None,
        date(2019, 4, 3),
        "中华人民共和国国务院令第711号",
        62,
    ),
    (
        "samr-complaints-measures-2022.md",
        "市场监督管理投诉举报处理暂行办法",
        "国家市场监督管理总局",
        "全国",
        "national",
        None,
        None,
        date(2022, 3, 24),
        "国家市场监督管理总局令第20号",
        40,
    ),
    (
        "mohrss-working-time-notice-2008.md",
        "关于职工全年月平均工作时间和工资折算问题的通知",
        "",
        "全国",
        "national",
        None,
        None,
        None,
        "劳社部发[2008]3号",
        4,
    ),
    (
        "shanghai-data-regulation-2021.md",
        "上海市数据条例",
        "上海市人民代表大会常务委员会",
        "上海市",
        "province",
        "全国",
        None,
        date(2021, 11, 25),
        "",
        108,
    ),
    (
        "beijing-digital-economy-regulation-2022.md",
        "北京市数字经济促进条例",
        "北京市人民代表大会常务委员会",
        "北京市",
        "province",
        "全国",
        None,
        date(2022, 11, 25),
        "",
        76,
    ),
    (
        "chongqing-business-environment-regulation-2021.md",
        "重庆市优化营商环境条例",
        "重庆市人民代表大会常务委员会",
        "重庆市",
        "province",
        "全国",
        None,
        date(2021, 3, 31),
        "",
        85,
    ),
    (
        "zhejiang-digital-economy-regulation-2020.md",
        "浙江省数字经济促进条例",
        "浙江省人民代表大会常务委员会",
        "浙江省",
        "province",
        "全国",
        None,
        date(2020, 12, 24),
        "",
        71,
    ),
    (
        "guangdong-business-environment-regulation-2022.md",
        "广东省优化营商环境条例",
        "广东省人民代表大会常务委员会",
        "广东省",
        "province",
        "全国",
        None,
        date(2022, 6, 1),
        "",
        72,
    ),
    (
        "shandong-pilot-free-trade-zone-regulation-2020.md",
        "中国（山东）自由贸易试验区条例",
        "山东省人民代表大会常务委员会",
        "山东省",
        "province",
        "全国",
        None,
        date(2020, 9, 25),
        "",
        69,
    ),
    (
        "shenzhen-data-regulation-2021.md",
        "深圳经济特区数据条例",
        "深圳市人民代表大会常务委员会",
        "深圳市",
        "prefecture",
        "广东省",
        None,
        date(2021, 6, 29),
        "",
        119,
    ),
    (
        "weifang-12345-hotline-regulation-2021.md",
        "潍坊市12345政务服务便民热线条例",
        "潍坊市人民代表大会常务委员会",
        "潍坊市",
        "prefecture",
        "山东省",
        None,
        date(2021, 12, 3),
        "",
        48,
    ),
    (
        "anyang-government-services-regulation-2021.md",
        "安阳市政务服务条例",
        "安阳市人民代表大会常务委员会",
        "安阳市",
        "prefecture",
        "河南省",
        None,
        date(2021, 9, 29),
        "",
        68,
    ),
    (
        "guangzhou-15th-five-year-plan-outline-2026.html",
        "广州市国民经济和社会发展第十五个五年规划纲要",
        "广州市人民政府",
        "广州市",
        "prefecture",
        "广东省",
        "十五五",
        date(2026, 5, 21),
        "穗府〔2026〕4号",
        {"篇": 11, "章": 33, "节": 94},
    ),
    (
        "shenzhen-15th-five-year-plan-outline-2026.html",
        "深圳市国民经济和社会发展第十五个五年规划纲要",
        "",
        "深圳市",
        "prefecture",
        "广东省",
        "十五五",
        None,
        "",
        {"篇": 0, "章": 15, "节": 70},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", NEW_CORPUS, ids=[case[0] for case in NEW_CORPUS])
def test_the_measured_corpus_imports_without_options_with_the_right_metadata(case):
    name, *expected, sections = case
    if isinstance(sections, int):
        _check(CORPUS / name, *expected, sections)
        return
    _check(CORPUS / name, *expected, None)
    labels = Plan.objects.get(source=name).sections.values_list("label", flat=True)
    counted = {
        unit: sum(
            1 for label in labels if re.fullmatch(rf"第[一二三四五六七八九十百]+{unit}", label)
        )
        for unit in sections
    }
    assert counted == sections
