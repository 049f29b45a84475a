"""The real app in a real browser (Debian's chromium, headless, via Playwright)."""

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_home_page_draws_counts_and_help_panel(app_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(app_server, wait_until="networkidle")
    page.get_by_role("heading", name="Recovery Graph").wait_for(timeout=30_000)
    page.get_by_text("Source documents", exact=True).wait_for(timeout=30_000)  # the intro also names them
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    wait_idle(page)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    body = page.inner_text("body")
    assert "Source documents" in body
    assert "988 Suicide & Crisis Lifeline" in body
    assert "Traceback" not in body and "Error" not in body.split("Need help now?")[0]
    page.close()


def wait_idle(page):
    """Wait until Streamlit has finished running the script for this view."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=30_000)


def test_counselor_journey_search_concept_setting_back_and_compare(app_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app_server}/search?q=confidentiality", wait_until="networkidle")
    page.get_by_role("heading", name="Search").wait_for(timeout=30_000)
    link = page.locator("a[href*='concept?id=rgc'][href*='privacy-confidentiality']").first
    link.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "journey-1-search.png"), full_page=True)
    link.click()
    page.get_by_role("heading", name="Privacy and confidentiality").wait_for(timeout=30_000)
    wait_idle(page)
    assert "concept?id=rgc" in page.url and "privacy-confidentiality" in page.url
    concept_url = page.url
    page.screenshot(path=str(ARTIFACTS / "journey-2-concept.png"), full_page=True)

    page.get_by_role("link", name="Intensive outpatient program").first.click()
    page.get_by_role("heading", name="Intensive outpatient program").wait_for(timeout=30_000)
    wait_idle(page)
    assert "setting?id=rgc" in page.url
    page.get_by_text("Whom it suits").wait_for()
    page.screenshot(path=str(ARTIFACTS / "journey-3-setting.png"), full_page=True)

    page.goto(concept_url, wait_until="networkidle")
    page.get_by_role("heading", name="Privacy and confidentiality").wait_for(timeout=30_000)

    page.goto(f"{app_server}/compare?settings=rgc:inpatient-residential,rgc:outpatient&themes=rgt:cost",
              wait_until="networkidle")
    page.get_by_role("link", name="Higher cost", exact=True).wait_for(timeout=30_000)
    page.get_by_role("link", name="Lower cost than residential care", exact=True).first.wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_role("link", name="Higher cost", exact=True).click()
    page.get_by_role("heading", name="Higher cost").wait_for(timeout=30_000)
    assert "concept?id=rgc" in page.url and "higher-cost" in page.url
    page.go_back()
    page.get_by_role("link", name="Lower cost than residential care", exact=True).first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "journey-4-compare.png"), full_page=True)
    body = page.inner_text("body")
    assert "Traceback" not in body
    page.close()
