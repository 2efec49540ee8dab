"""How the suite keeps tests from seeing rows another test left committed."""

from __future__ import annotations

import pytest

from plans.models import Jurisdiction, Plan


@pytest.fixture(scope="module")
def committed_plan(django_db_setup, django_db_blocker):
    """A plan committed before the test starts, as the session's seeds are on a process whose
    share of the suite has had no transactional test to flush them."""
    with django_db_blocker.unblock():
        place = Jurisdiction.objects.create(name="试验县", slug="shiyan", level="county")
        Plan.objects.create(
            jurisdiction=place, slug="left-over", title="留下的规划", source="x.txt", raw_text="…"
        )
        yield
        Plan.objects.filter(slug="left-over").delete()
        Jurisdiction.objects.filter(slug="shiyan").delete()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_not_asking_for_the_seeds_starts_without_committed_plans(
    committed_plan,
):
    assert not Plan.objects.exists()


# The two tests below run in this order in one process (xdist hands a module's tests out in
# order; run alone, the second holds trivially): the first leaves English active the way a
# request with Accept-Language does, the second must still start in the site's language.
def test_a_test_may_leave_another_language_active_as_a_request_does():
    from django.utils import translation

    translation.activate("en")
    assert translation.get_language() == "en"


def test_the_next_test_starts_in_the_sites_language(settings):
    from django.utils import translation

    assert translation.get_language() == settings.LANGUAGE_CODE
