from __future__ import annotations

import os

import pytest
from django.core.management import call_command

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


def pytest_collection_modifyitems(items):
    # Browser tests flush the database (live_server needs committed rows): run them last.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with nothing kept from another (ids repeat across rolled-back tests)."""
    from django.core.cache import caches

    from compare.catalogue import running as catalogue
    from compare.reading.caching import forget
    from web import pagecache

    forget()
    pagecache.forget()
    caches["default"].clear()
    catalogue._loaded.clear()  # catalogue indexes read by id
    yield


@pytest.fixture
def seeded(db):
    """Every document of seeds/ imported, as `make run` does; returns the plans."""
    from plans.models import Plan

    call_command("load_seeds", verbosity=0)
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
