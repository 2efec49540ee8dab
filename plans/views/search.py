"""Search: which sections of which plans mention some words."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from plans import searching
from plans.models import Plan
from plans.views.browsing import catalogue_version
from web.fragments import wants_fragment
from web.pagecache import cache_shared_page
from web.refusals import nul_refused

TITLED_PLANS = 10  # plans listed whose titles hold the words


@require_safe
@cache_shared_page(version=lambda: catalogue_version())
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    if refused := nul_refused(request, "q", "plan"):
        return refused
    query = request.GET.get("q", "").strip()[:100]
    terms = searching.terms_of(query)
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 6 else 1
    # ?plan=SLUG narrows to one plan and lists its sections, not only the first few.
    one = request.GET.get("plan", "")[:200]
    if one:
        found = searching.search(
            terms, Plan.objects.filter(slug=one), per_plan=searching.IN_ONE_PLAN
        )
    else:
        # A plan's own title typed into the search box finds the plan, not only its sections.
        found = searching.search(terms, page=page, titled=TITLED_PLANS if page == 1 else 0)
    # The plans that say most about it, side by side: a comparison is one click away.
    most = [group.plan.slug for group in found.groups[:4]]
    context = {
        "query": query,
        # Letters without a character: most likely pinyin, which the texts do not carry.
        "letters_only": query.isascii() and any(c.isalpha() for c in query),
        "terms": terms,
        "one_plan": one,
        "results": found.groups,
        "total": found.total,
        "plan_count": found.plans,
        "page": found.page,
        "pages": found.pages,
        "page_links": _search_page_links(query, found) if not one else {},
        "compare_query": ",".join(most) if len(most) >= 2 and not one else "",
        "titled": found.titled,
    }
    template = "plans/search.html#results" if wants_fragment(request) else "plans/search.html"
    return render(request, template, context)


def _search_page_links(query: str, found: searching.Results) -> dict[str, str]:
    """URLs of the previous and next pages of plans, where there are some."""
    links = {}
    if found.page > 1:
        links["previous"] = "?" + urlencode({"q": query, "page": found.page - 1})
    if found.page < found.pages:
        links["next"] = "?" + urlencode({"q": query, "page": found.page + 1})
    return links
