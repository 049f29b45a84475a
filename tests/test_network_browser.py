"""The network and continuum pages in a real browser (Debian's chromium via Playwright), with every
request that is not to 127.0.0.1 aborted and recorded: nothing may try to leave the machine."""

import io
from urllib.parse import unquote, urlparse

import pytest
from PIL import Image

from conftest import ARTIFACTS
from graph import render
from test_network import HOSTILE, hostile_subgraph

pytestmark = pytest.mark.browser

AUTONOMY_DILEMMA = "https://w3id.org/recovery-graph/id/concept/autonomy-and-restrictions"


@pytest.fixture
def offline(browser):
    """A page whose requests may only go to 127.0.0.1; anything else is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)
    left = []

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:", "file:")) or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            left.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.left = left
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def network_frame(page):
    element = page.wait_for_selector("iframe", timeout=60_000)
    frame = element.content_frame()
    frame.wait_for_selector("body[data-state=stable]", timeout=60_000)
    return element, frame


def colours(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=1 << 24))


def click_node(page, element, frame, node_id):
    position = frame.evaluate("(id) => rgNetwork.canvasToDOM(rgNetwork.getPositions([id])[id])", node_id)
    inner = frame.evaluate("() => { const r = document.getElementById('rg-network').getBoundingClientRect(); "
                           "return {x: r.x, y: r.y}; }")
    box = element.bounding_box()
    page.mouse.click(box["x"] + inner["x"] + position["x"], box["y"] + inner["y"] + position["y"])


def test_network_draws_offline_and_nothing_leaves(app_server, offline):
    offline.goto(f"{app_server}/network?focus=rgt:autonomy&depth=2", wait_until="networkidle")
    element, frame = network_frame(offline)
    drawing = frame.locator("#rg-network").screenshot(path=str(ARTIFACTS / "network-autonomy.png"))
    offline.screenshot(path=str(ARTIFACTS / "network-page.png"))
    assert colours(drawing) > 50, "the canvas is blank"
    assert frame.evaluate("document.querySelectorAll('#rg-network canvas').length") == 1
    legend = frame.inner_text("#rg-footer")
    assert "Theme" in legend and "Ethical dilemma" in legend and "Care setting" in legend
    assert "Showing 44 nodes" in legend
    assert offline.left == [], f"requests tried to leave the machine: {offline.left}"


def test_clicking_a_node_opens_its_concept_page(app_server, offline):
    offline.goto(f"{app_server}/network?focus=rgt:autonomy&depth=1", wait_until="networkidle")
    element, frame = network_frame(offline)
    click_node(offline, element, frame, AUTONOMY_DILEMMA)
    offline.wait_for_url("**/concept?id=rgc:autonomy-and-restrictions", timeout=30_000)
    offline.get_by_role("heading", name="Autonomy and restrictions").wait_for(timeout=30_000)
    offline.screenshot(path=str(ARTIFACTS / "network-click-concept.png"))
    assert offline.left == []


def test_clicking_a_node_can_refocus_the_network(app_server, offline):
    offline.goto(f"{app_server}/network?focus=rgt:autonomy&depth=1&click=refocus", wait_until="networkidle")
    element, frame = network_frame(offline)
    click_node(offline, element, frame, AUTONOMY_DILEMMA)
    offline.wait_for_url("**/network?focus=rgc:autonomy-and-restrictions&depth=1*", timeout=30_000)
    _, frame = network_frame(offline)
    assert frame.evaluate("(id) => rgNetwork.body.nodes[id].options.borderWidth", AUTONOMY_DILEMMA) == 5  # the new focus


def test_hostile_labels_stay_text(tmp_path, offline):
    page_file = tmp_path / "hostile.html"
    page_file.write_text(render.network_html(hostile_subgraph(), render.RenderOptions(title=HOSTILE, caption=HOSTILE)),
                         encoding="utf-8")
    offline.goto(page_file.as_uri())
    offline.wait_for_selector("body[data-state=stable]", timeout=30_000)
    position = offline.evaluate("(id) => rgNetwork.canvasToDOM(rgNetwork.getPositions([id])[id])", "https://example.org/hostile")
    box = offline.locator("#rg-network").bounding_box()
    offline.mouse.move(box["x"] + position["x"], box["y"] + position["y"])
    offline.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    offline.mouse.click(box["x"] + position["x"], box["y"] + position["y"])  # no link: shows the details box
    offline.wait_for_timeout(300)
    offline.screenshot(path=str(ARTIFACTS / "network-hostile.png"))
    assert offline.dialogs == []
    assert offline.locator("img").count() == 0
    assert HOSTILE in offline.inner_text("h1") and HOSTILE in offline.inner_text("#rg-header p")
    assert offline.inner_text("div.vis-tooltip").startswith(HOSTILE)
    assert offline.inner_text("#rg-info").startswith(HOSTILE)
    assert offline.evaluate("window.rgClicked") == "https://example.org/hostile"


def test_exported_html_opens_from_a_file_and_draws(app_server, offline, tmp_path):
    offline.goto(f"{app_server}/network?focus=rgc:family-therapy&depth=2&kinds=CareSetting,Theme,FamilySupportStrategy",
                 wait_until="networkidle")
    network_frame(offline)
    with offline.expect_download(timeout=30_000) as download:
        offline.get_by_role("button", name="Download HTML").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name == "recovery-graph-rgc-family-therapy.html"
    offline.goto(exported.as_uri())
    offline.wait_for_selector("body[data-state=stable]", timeout=30_000)
    drawing = offline.locator("#rg-network").screenshot(path=str(ARTIFACTS / "network-export.png"))
    assert colours(drawing) > 50
    assert offline.inner_text("h1") == "Family therapy"
    assert offline.left == []

    with offline.expect_download(timeout=30_000) as png_download:
        offline.get_by_role("button", name="Download PNG").click()
    png = tmp_path / "slide.png"
    png_download.value.save_as(png)
    assert png_download.value.suggested_filename == "recovery-graph-rgc-family-therapy.png"
    (ARTIFACTS / "network-slide.png").write_bytes(png.read_bytes())
    image = Image.open(png)
    assert image.format == "PNG" and image.width >= 1000 and colours(png.read_bytes()) > 50


def test_tour_steps_forward_with_captions(app_server, offline):
    offline.goto(f"{app_server}/network?tour=autonomy-across-settings&step=1", wait_until="networkidle")
    offline.get_by_text("step 1 of 5: Autonomy as a theme").wait_for(timeout=30_000)
    network_frame(offline)
    offline.get_by_role("button", name="Next ▶").click()
    offline.get_by_text("step 2 of 5: Residential care").wait_for(timeout=30_000)
    offline.wait_for_url("**step=2*", timeout=30_000)
    assert "focus=rgc:inpatient-residential" in unquote(offline.url) and "theme=rgt:autonomy" in unquote(offline.url)
    network_frame(offline)
    offline.screenshot(path=str(ARTIFACTS / "network-tour.png"))
    assert offline.left == []


def test_presentation_mode_hides_the_controls(app_server, offline):
    offline.goto(f"{app_server}/network?tour=family-across-the-continuum&step=3&present=1", wait_until="networkidle")
    offline.get_by_text("step 3 of 5").wait_for(timeout=30_000)
    _, frame = network_frame(offline)
    offline.screenshot(path=str(ARTIFACTS / "network-presentation.png"))
    assert offline.get_by_text("Focus", exact=True).count() == 0
    assert not offline.locator("section[data-testid=stSidebar]").is_visible()
    assert frame.locator("#rg-controls").count() == 0
    assert "Need help now?" in offline.inner_text("body")


def test_continuum_draws_the_staircase_and_opens_a_setting(app_server, offline):
    offline.goto(f"{app_server}/continuum", wait_until="networkidle")
    steps = offline.locator("svg g.rg-step")
    steps.first.wait_for(timeout=30_000)
    offline.screenshot(path=str(ARTIFACTS / "continuum.png"))
    assert steps.count() == 4
    diagram = offline.locator("svg[aria-label^='The step-down continuum']")
    assert "care around the clock" in diagram.text_content()
    offline.locator("g.rg-step[data-setting='rgc:intensive-outpatient']").click()
    offline.wait_for_url("**/setting?id=rgc:intensive-outpatient", timeout=30_000)
    assert offline.left == []
