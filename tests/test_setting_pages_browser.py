"""In a real browser: the setting page builds only the open tab of kinds, and another tab opens its
table when clicked; the comparison's downloads, built on the click, hold every source."""

from pathlib import Path

from test_browser import wait_idle


def test_switching_kind_tab_shows_that_kinds_table(app_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app_server}/setting?id=rgc:intensive-outpatient", wait_until="networkidle")
    page.get_by_role("heading", name="Intensive outpatient program").wait_for(timeout=30_000)
    wait_idle(page)
    tables = page.locator("[data-testid='stDataFrame']")
    tables.first.wait_for(timeout=30_000)
    assert tables.count() == 1  # the other nine tabs are not built
    page.get_by_role("tab", name="Disadvantage").click()
    wait_idle(page)
    tables.first.wait_for(timeout=30_000)
    assert tables.count() == 1
    assert page.get_by_role("tab", name="Disadvantage").get_attribute("aria-selected") == "true"
    assert "Traceback" not in page.inner_text("body")
    page.close()


def test_comparison_csv_download_holds_the_sources(app_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app_server}/compare?settings=rgc:inpatient-residential,rgc:outpatient&themes=rgt:cost",
              wait_until="networkidle")
    page.get_by_role("link", name="Higher cost", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("Theme,Inpatient / residential treatment,Outpatient treatment")
    assert "Higher cost (Disadvantage): 000 \u00a7" in text
    page.close()
