"""Browser-test support, loaded for the whole suite from tests/conftest.py (one Playwright instance per run).

Every page records JavaScript console errors, uncaught exceptions, dialogs and HTTP 5xx answers;
a test fails if any were seen. A screenshot is saved under tests/browser/artifacts/ on failure.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).parent / "browser" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class PageProblems:
    def __init__(self):
        self._errors: list[str] = []
        # Chromium logs "Failed to load resource: … 404" for every 4xx answer, pages included. A page
        # the app answers on purpose with 404 (revoked preview link) or 409 (conflict view) is what
        # the user is meant to see, and the test checks it; a 4xx on a script, stylesheet, image or
        # htmx request stays an error.
        self._failed_loads: list[tuple[str, str]] = []
        self._pages_4xx: set[str] = set()

    @property
    def errors(self) -> list[str]:
        return self._errors + [
            f"console: {text} ({url})" for text, url in self._failed_loads if url not in self._pages_4xx
        ]

    def _console(self, msg):
        if msg.type != "error":
            return
        if msg.text.startswith("Failed to load resource"):
            self._failed_loads.append((msg.text, (msg.location or {}).get("url", "")))
        else:
            self._errors.append(f"console: {msg.text}")

    def _response(self, response):
        if response.status >= 500:
            self._errors.append(f"HTTP {response.status} {response.url}")
        elif response.status >= 400 and response.request.resource_type == "document":
            self._pages_4xx.add(response.url)

    def watch(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self._errors.append(f"page error: {exc}"))
        page.on("response", self._response)

        def on_dialog(dialog):
            # Confirmation dialogs are part of the UI (data-confirm); alerts would mean injected script.
            if dialog.type == "confirm":
                dialog.accept()
            else:
                self._errors.append(f"unexpected {dialog.type} dialog: {dialog.message}")
                dialog.dismiss()

        page.on("dialog", on_dialog)
        return page


@pytest.fixture
def new_page(browser, live_server, request):
    """Factory: new_page() opens a page in a fresh browser context (its own cookies)."""
    problems = PageProblems()
    contexts = []

    def make(*, locale="fr-FR", viewport=None):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport=viewport or {"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return problems.watch(context.new_page())

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed or problems.errors:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}-{j}.png"), full_page=True)
                except Exception:
                    pass
    for context in contexts:
        context.close()
    assert not problems.errors, "The browser saw problems:\n" + "\n".join(problems.errors)


@pytest.fixture
def page(new_page):
    return new_page()


def login(page, username: str, password: str = "motdepasse-test"):
    page.goto("/accounts/login/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: urlsplit(url).path.startswith("/studio/"))
