"""A government work report, a speech: its date and place in the dateline under the title, the
government that speaks in its opening sentence (我代表市人民政府).

Pure: no database.
"""

from __future__ import annotations

import datetime

import pytest

from plans.parsing import GUESSED
from tests.plans.reading.excerpts import metadata_of

_OPENING = (
    "各位代表：\n现在，我代表{speaker}向大会报告工作，请予审议。\n"
    "一、2023年工作回顾\n全市经济稳中有进。\n"
)


@pytest.mark.parametrize(
    ("dateline", "speaker", "place", "above", "issuer"),
    [
        (
            "——2024年1月16日在亳州市第五届人民代表大会第三次会议上\n市人民政府市长 秦凤玉",
            "市人民政府",
            "亳州市",
            ["安徽省"],
            "亳州市人民政府",
        ),
        (
            "（2024年1月16日在黔东南州第十五届人民代表大会第四次会议上）\n州长  杨光杰",
            "州人民政府",
            "黔东南苗族侗族自治州",
            ["贵州省"],
            "黔东南苗族侗族自治州人民政府",
        ),
        (
            # 贵港: the dateline printed over two paragraphs.
            "——2024年1月16日在河池市第五届人民代表大会\n第五次会议上\n市长 王军",
            "河池市人民政府",
            "河池市",
            ["广西壮族自治区"],
            "河池市人民政府",
        ),
    ],
)
def test_a_work_reports_dateline_dates_and_places_it_and_its_opening_names_the_issuer(
    dateline, speaker, place, above, issuer
):
    text = f"政府工作报告\n{dateline}\n" + _OPENING.format(speaker=speaker)

    meta = metadata_of(text, "report.docx.txt")

    assert meta.issued == datetime.date(2024, 1, 16)
    assert (meta.jurisdiction, meta.above) == (place, above)
    assert meta.issuer == issuer


def test_an_undated_report_placed_by_a_guess_has_its_speaker_guessed_too():
    text = (
        _OPENING.format(speaker="市人民政府")
        + "天门高新区扩区，天门站开通，我市天门籍人才回归，入选“科创湖北”试点市。\n"
    )

    meta = metadata_of(text, "report.docx.txt")

    assert (meta.jurisdiction, meta.issuer) == ("天门市", "天门市人民政府")
    assert meta.provenance["issuer"] == GUESSED
    assert meta.issued is None


def test_a_date_in_a_sentence_about_a_congress_is_no_dateline():
    text = (
        "政府工作报告\n各位代表：\n一、2023年工作回顾\n"
        "会议强调，要落实2024年1月16日在亳州市第五届人民代表大会上的部署。\n"
    )

    assert metadata_of(text, "report.docx.txt").issued is None
