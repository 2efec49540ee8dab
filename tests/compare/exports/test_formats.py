"""An export asked for in a format there is none of is refused with the formats to choose from,
before any alignment is started, rather than answered with the HTML page."""

from __future__ import annotations

import pytest

from compare.models import AlignmentRun

Y22, Y23 = "yunnan-2022-egov-plan", "yunnan-2023-digital-gov-programme"
NATIONAL = "national-2022-digital-gov-opinion"
ADDRESSES = [
    f"/compare/?plans={Y22},{Y23}",
    f"/coverage/?upper={NATIONAL}&lower={Y23}",
    f"/evolution/?from={Y22}&to={Y23}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("address", ADDRESSES)
def test_an_unknown_format_is_a_400_that_names_the_formats(client, seeded, address):
    response = client.get(address + "&format=pdf")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "pdf" in text and all(kind in text for kind in ("csv", "json", "docx", "xlsx"))
    assert not AlignmentRun.objects.exists()


@pytest.mark.django_db
def test_the_refusal_speaks_english_to_an_english_reader(client, seeded):
    response = client.get(ADDRESSES[0] + "&format=pdf", headers={"accept-language": "en"})
    assert response.content.decode().startswith("There is no")


@pytest.mark.django_db
@pytest.mark.parametrize("address", ADDRESSES)
def test_no_format_or_an_empty_one_still_serves_the_page(client, seeded, settings, address):
    settings.ALIGN_IN_BACKGROUND = True  # the page answers "waiting" without aligning here
    assert client.get(address + "&format=").status_code in (200, 202)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "json", "docx", "xlsx"])
def test_a_download_asked_of_the_goals_tab_is_refused_not_answered_with_its_page(
    client, seeded, kind
):
    # The goals tab has no file: served its HTML page, a script would save it as a .csv.
    response = client.get(ADDRESSES[0] + f"&tab=goals&format={kind}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "tab=goals" in response.content.decode()
    assert not AlignmentRun.objects.exists()
