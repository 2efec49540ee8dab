from __future__ import annotations

import os

import pytest

from tests.seeds import load_seeds

# live_server runs Django beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    # Plain static names from the app folders: a collection `make serve` left in staticfiles/
    # may predate a file a test renders (servers under test collect their own).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    # Production's hasher spends a deliberate fraction of a second on each password; the tests
    # make dozens of users and sign-ins. tests/web/test_logins.py keeps the real one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Encoding the seeds' sections takes seconds, and the suite aligns them in many rolled-back
    # transactions; the tests of meaning (tests/compare/alignment/test_meaning.py) turn it on.
    settings.ALIGN_BY_MEANING = False


def pytest_collection_modifyitems(items):
    """Tests on an empty database first, then those that read the seeds committed once for the
    session, then the transactional ones (their flush at teardown empties the database), browser
    tests last. Inside a module, tests that share the module's data (a module-scoped fixture
    holding an open transaction) come after those that don't, so none sees rows it didn't ask
    for (a transactional test sharing a module with such data is refused: its own module).

    `make test` runs the suite in several processes (pytest-xdist), each with its own database;
    xdist's default distribution hands each process its items in this order, so the order holds
    inside every process."""
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first_seen.setdefault(item.module.__name__, index)

    def order(item) -> tuple[int, int, bool]:
        return (
            _group(item),
            first_seen[item.module.__name__],
            _uses_module_data(item),
        )

    items.sort(key=order)


def _group(item) -> int:
    if item.get_closest_marker("browser") is not None:
        return 3
    if _is_transactional(item):
        return 2
    return 1 if "_session_seeds" in item.fixturenames else 0


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _uses_module_data(item) -> bool:
    defs = getattr(item, "_fixtureinfo", None)
    if defs is None:
        return False
    return any(
        fixturedef.scope == "module" and "django_db_blocker" in fixturedef.argnames
        for fixturedefs in defs.name2fixturedefs.values()
        for fixturedef in fixturedefs
    )


@pytest.fixture(autouse=True)
def _transactional_tests_start_clean(request):
    """A transactional test runs on committed rows, not inside a test's transaction:
    - in a module whose data (tests.moduledata) is still held open it would run inside that
      transaction and see its rows; pytest tears a module's fixtures down only after its last
      test, and has no public way to do it sooner, so such a test is refused: its own module
      (tests/compare/catalogue/test_catalogue_run_started.py);
    - one that does not ask for the seeds starts without them. The session's seeds stay
      committed until a transactional test's flush empties the database; on a process whose
      share of the suite has no transactional test before its browser tests (xdist hands out
      tests by count, not by kind), they were still there, and a test that imported one plan
      found ten."""
    if not _is_transactional(request.node):
        return
    from django.db import connection

    if connection.in_atomic_block:
        pytest.fail(
            f"{request.node.nodeid} is transactional but its module's data holds a "
            "transaction open: move it to a module of its own."
        )
    if "_session_seeds" not in request.fixturenames:
        _flush_if_plans_committed(request)


def _flush_if_plans_committed(request) -> None:
    from django.core.management import call_command

    from plans.models import Plan

    blocker = request.getfixturevalue("django_db_blocker")
    with blocker.unblock():
        if Plan.objects.exists():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request with Accept-Language leaves the
    language LocaleMiddleware activated in the thread after the response (Django does not undo
    it), and the next test's messages, built outside a request, followed it (walk9's English
    preview test left test_importing's refusals in English)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with nothing kept from another (ids repeat across rolled-back tests)."""
    from django.core.cache import caches

    from compare.catalogue import running as catalogue
    from compare.coverage.covering import forget_alignments
    from compare.reading.caching import forget
    from web import pagecache

    forget()
    forget_alignments()
    pagecache.forget()
    caches["default"].clear()
    catalogue._loaded.clear()  # catalogue indexes read by id
    yield


@pytest.fixture(scope="session")
def _session_seeds(django_db_setup, django_db_blocker):
    """The seeds imported once and committed: a test's own writes roll back over them.

    Importing the nine documents is most of what a test reading them used to cost; tests that
    ask for no seeds run before this (pytest_collection_modifyitems) and see an empty database.
    """
    with django_db_blocker.unblock():
        load_seeds()


@pytest.fixture
def seeded(_session_seeds, db):
    """Every document of seeds/ imported, as `make run` does; returns the plans."""
    from plans.models import Plan

    if not Plan.objects.exists():
        # A transactional test flushed the session's seeds: this test gets them back.
        load_seeds()
    return list(Plan.objects.order_by("slug"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, tmp_path_factory):
    # Debian's chromium, never a downloaded one; it writes to ~/.config and ~/.cache regardless.
    home = tmp_path_factory.mktemp("chromium-home")
    os.environ["XDG_CONFIG_HOME"] = str(home)
    os.environ["XDG_CACHE_HOME"] = str(home)
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The people Duizhao is for read Chinese: browse as they do (Accept-Language: zh-CN).
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def console_errors(page):
    """JavaScript errors the page logs; a browser test asserts there are none."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors
