"""A NUL or bytes that are not UTF-8 in any parameter any page or API reads is a clear 4xx (or
ignored), never a server error: PostgreSQL refuses a NUL in a query, so a door that looks a
parameter up unguarded fails there only."""

from __future__ import annotations

import pytest

Y22, WC = "yunnan-2022-egov-plan", "wangcang-2023-digital-gov-plan"
PAIR = f"plans={Y22},{WC}"
# Every GET door and the parameters it reads (the url confs and request.GET in the views).
DOORS = [
    ("/", ["level", "region", "q", "page"]),
    ("/j/yunnan/", ["page", "level"]),
    (f"/plans/{Y22}/", ["q", "open", "expand", "print", "script", "form", "look"]),
    ("/goals/", ["plans", "lead", "form"]),
    ("/search/", ["q", "plan", "plans", "page", "region", "form"]),
    ("/compare/", ["plans", "first", "find", "look"]),
    (f"/compare/?{PAIR}", ["chapter", "min", "q", "lead", "row", "tab", "mode", "rowmode", "part"]),
    (f"/compare/?{PAIR}&format=csv", ["q", "lead"]),
    ("/compare/suggestions/", ["first", "plans"]),
    ("/compare/history/", ["plans", "page"]),
    (f"/compare/history/?{PAIR}", ["page", "link", "actor"]),
    ("/coverage/", ["upper", "lower"]),
    (f"/coverage/?upper=national-2022-digital-gov-opinion&lower={Y22}", ["gaps", "format"]),
    ("/evolution/", ["from", "to"]),
    (f"/catalogue/{Y22}/", ["level", "province"]),
    ("/api/plans/", ["q", "jurisdiction"]),
    (f"/api/plans/{Y22}/", ["q"]),
    ("/api/compare/", ["plans"]),
    (f"/api/compare/?{PAIR}", ["chapter", "min", "q", "lead", "part"]),
    ("/api/coverage/", ["upper", "lower"]),
    ("/api/evolution/", ["from", "to"]),
    ("/c/nosuchcode/", ["q"]),
    ("/admin/login/", ["next"]),
]
CASES = [(door, name) for door, names in DOORS for name in names]


@pytest.mark.parametrize(("door", "name"), CASES)
@pytest.mark.parametrize("value", ["a%00b", "%FF%FE", "%01%1B"])
def test_a_bad_character_in_a_parameter_is_never_a_server_error(client, seeded, door, name, value):
    joiner = "&" if "?" in door else "?"
    path, _, query = f"{door}{joiner}{name}={value}".partition("?")
    client.raise_request_exception = False
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code < 500, (path, query, response.content[:300])


@pytest.mark.parametrize(
    "address",
    [
        f"/compare/history/?plans={Y22}%00",
        f"/compare/?{PAIR}&lead=%00",
        "/api/coverage/?upper=a%00&lower=b",
        f"/api/compare/?plans={Y22}%00,{WC}",
    ],
)
def test_a_nul_a_form_refuses_is_named_as_such_not_as_an_empty_string(client, seeded, address):
    path, _, query = address.partition("?")
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code == 400
    page = response.content.decode()  # the API writes Chinese as it is, not as \u escapes
    assert "空字符（NUL）：请删去后再试。" in page
    assert "空字符串" not in page  # Django's own zh_Hans translation: "an empty string"
