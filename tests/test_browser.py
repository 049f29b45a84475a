"""The real app in a real browser (Debian's chromium, headless, via Playwright)."""

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_home_page_draws_counts_and_help_panel(app_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(app_server, wait_until="networkidle")
    page.get_by_role("heading", name="Recovery Graph").wait_for(timeout=30_000)
    page.get_by_text("Source documents").wait_for(timeout=30_000)
    page.locator("[data-testid='stDataFrame']").nth(3).wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    body = page.inner_text("body")
    assert "Source documents" in body
    assert "988 Suicide & Crisis Lifeline" in body
    assert "Traceback" not in body and "Error" not in body.split("Need help now?")[0]
    page.close()
