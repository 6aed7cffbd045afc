# Browser fixtures (browser, page, new_page) live in tests/browser_support.py, loaded by tests/conftest.py,
# so that one Playwright instance serves every test that drives Chromium.
from tests.browser_support import login  # noqa: F401
