"""End to end: `jixiao serve` on a free port, every page opened in headless Chromium (Debian's
/usr/bin/chromium driven by Playwright; no browser download). Each page must finish its script run,
show a chart and no error; a screenshot of each is saved to tests/artifacts/."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium); run `make system` "
                "(scripts/install-system.sh) to run the browser tests", allow_module_level=True)
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

from warehouse.build import build  # noqa: E402
from ingest.load import run_ingest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
RUNNING = '() => !document.querySelector(\'[data-testid="stStatusWidget"]\')'
PAGES = {"overview": ("", "总览"), "compare": ("compare", "部门对比"), "trend": ("trend", "趋势"),
         "three_public": ("three_public", "三公经费与运行成本"), "problems": ("problems", "问题分析"),
         "report": ("report", "报告详情"), "quality": ("quality", "数据质量")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "warehouse.duckdb"
    assert run_ingest([str(p) for p in sorted((ROOT / "data" / "reports").glob("*.txt"))], db, quiet=True) == 0
    report = build(db, target_path=folder / "target",
                   extra_args=["--vars", "{publish_report_text: true}", "--exclude-resource-type", "test"])
    assert report.ok, report.failures
    return db


@pytest.fixture(scope="module")
def server(warehouse):
    """`jixiao serve` in its own process group; yields the base URL; stops it (by its group id)."""
    port = free_port()
    jixiao = Path(sys.executable).parent / "jixiao"
    proc = subprocess.Popen([str(jixiao), "serve", "--db", str(warehouse), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the app did not start: " + proc.stdout.read1().decode(errors="replace"))
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        yield pg
        browser.close()


def open_page(pg, url: str) -> None:
    pg.goto(url, wait_until="domcontentloaded")
    pg.wait_for_selector(CHART, state="visible", timeout=30000)
    pg.wait_for_function(RUNNING, timeout=30000)
    pg.wait_for_timeout(500)   # let vega settle


def screenshot(pg, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it first."""
    height = pg.evaluate("() => (document.querySelector('[data-testid=\"stMain\"]') || document.body).scrollHeight")
    pg.set_viewport_size({"width": 1400, "height": min(max(900, height), 8000)})
    pg.wait_for_timeout(400)
    out = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(out), full_page=True)
    pg.set_viewport_size({"width": 1400, "height": 900})
    return out


def test_a_cjk_font_is_installed():
    fc = shutil.which("fc-list")
    assert fc, "fontconfig missing"
    fonts = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font: install fonts-noto-cjk (scripts/install-system.sh)"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders_in_chromium(page, server, warehouse, name):
    path, title = PAGES[name]
    url = f"{server}/{path}"
    if name == "report":   # a report linked from another page
        with duckdb.connect(str(warehouse.parent / "jixiao_marts.duckdb"), read_only=True) as con:
            rid = con.execute("select report_id from marts.mart_self_scores where department_name = ?",
                              ["乐昌市政务服务和数据管理局"]).fetchone()[0]
        url += f"?report={rid}"
    open_page(page, url)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    assert page.locator("h1").first.inner_text().strip() == title
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 1
    assert page.locator('[data-testid="stSidebarNav"]').inner_text().count("数据质量") == 1   # our navigation
    if name == "report":
        assert page.locator("mark").count() >= 1          # the quote highlighted in the report text
    out = screenshot(page, name)
    assert out.stat().st_size > 20_000


def test_filters_live_in_the_url_and_follow_the_navigation(page, server):
    open_page(page, f"{server}/compare?year=2024&region=粤西")
    assert page.locator('[data-testid="stMetric"]').filter(has_text="部门数").inner_text().endswith("1 个")
    page.get_by_role("link", name="趋势").click()
    page.wait_for_url("**/trend?**", timeout=15000)
    page.wait_for_function(RUNNING, timeout=30000)
    assert "region=%E7%B2%A4%E8%A5%BF" in page.url or "region=粤西" in page.url
    assert page.locator(ERRORS).count() == 0


def test_a_new_build_is_served_without_an_error(page, server, warehouse, tmp_path):
    """Publishing replaces the file under the running app (os.replace, as `jixiao build` does)."""
    published = warehouse.parent / "jixiao_marts.duckdb"
    nxt = warehouse.parent / "jixiao_marts_test_next.duckdb"
    shutil.copy(published, tmp_path / "backup.duckdb")
    shutil.copy(published, nxt)
    with duckdb.connect(str(nxt)) as con:
        con.execute("delete from marts.mart_self_scores where department_name = ?", ["乐昌市政务服务和数据管理局"])
        con.execute("checkpoint")
    open_page(page, f"{server}/compare?year=2024")
    assert page.locator('[data-testid="stMetric"]').filter(has_text="部门数").inner_text().endswith("2 个")
    os.replace(nxt, published)
    try:
        open_page(page, f"{server}/compare?year=2024")
        assert page.locator(ERRORS).count() == 0
        assert page.locator('[data-testid="stMetric"]').filter(has_text="部门数").inner_text().endswith("1 个")
    finally:
        os.replace(tmp_path / "backup.duckdb", published)
