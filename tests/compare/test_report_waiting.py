"""While a report's pair of plans is aligned, the waiting page is named for the report asked for
and says which plan is which."""

from __future__ import annotations

import pytest

Y22, Y23 = "yunnan-2022-egov-plan", "yunnan-2023-digital-gov-programme"
NATIONAL = "national-2022-digital-gov-opinion"


@pytest.fixture
def not_aligned(seeded, settings):
    settings.ALIGN_IN_BACKGROUND = True  # queued for a worker: the page waits


@pytest.mark.django_db
def test_the_evolution_report_waits_under_its_own_name(client, not_aligned):
    response = client.get(f"/evolution/?from={Y22}&to={Y23}")
    assert response.status_code == 202
    html = response.content.decode()
    assert "<h1>前后规划对照</h1>" in html and "上下衔接对照" not in html
    html = html[html.index("<h1>") :]  # the address, with both slugs, is in the page's head too
    assert html.index("前一规划") < html.index(Y22) < html.index("后一规划") < html.index(Y23)


@pytest.mark.django_db
def test_the_coverage_report_waits_naming_the_higher_and_the_lower_plan(client, not_aligned):
    response = client.get(f"/coverage/?upper={NATIONAL}&lower={Y23}")
    assert response.status_code == 202
    html = response.content.decode()
    assert "<h1>上下衔接对照</h1>" in html
    html = html[html.index("<h1>") :]
    assert html.index("上级规划") < html.index(NATIONAL) < html.index("下级规划") < html.index(Y23)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", "xlsx", "csv"])
@pytest.mark.parametrize(
    "address",
    [f"/coverage/?upper={NATIONAL}&lower={Y23}", f"/compare/?plans={Y22},{Y23}"],
    ids=["coverage", "compare"],
)
def test_a_file_export_before_alignment_says_so_in_plain_text_not_the_html_page(
    client, not_aligned, address, kind
):
    response = client.get(f"{address}&format={kind}")
    assert response.status_code == 202
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Retry-After"] == "10"
    assert not response.has_header("Content-Disposition")
    text = response.content.decode()
    assert "正在对齐" in text and "<html" not in text
    assert "format=" not in text  # it names the page that waits, not the export again


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [f"/coverage/?upper={NATIONAL}&lower={Y23}", f"/compare/?plans={Y22},{Y23}"],
    ids=["coverage", "compare"],
)
def test_a_json_export_before_alignment_answers_json_with_the_status_and_a_retry_hint(
    client, not_aligned, address
):
    response = client.get(f"{address}&format=json")
    assert response.status_code == 202
    assert response["Retry-After"] == "10"
    body = response.json()
    assert body["status"] == "running" and body["retry_after"] == 10
    assert body["page"].startswith(address.split("?")[0]) and "format" not in body["page"]


@pytest.mark.django_db
def test_a_file_export_in_english_says_so_in_english(client, not_aligned):
    client.cookies["django_language"] = "en"
    response = client.get(f"/coverage/?upper={NATIONAL}&lower={Y23}&format=docx")
    assert response.status_code == 202
    assert "being aligned" in response.content.decode()
