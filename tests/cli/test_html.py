"""The HTML report: self-contained, in English and Chinese, rendered by a real headless Chromium."""

import re
from pathlib import Path

import pytest
from browser import _chromium, _page_requests, needs_chromium
from typer.testing import CliRunner

from mrv.engine.compute import compute
from mrv.interface.cli import app
from mrv.interface.html import render_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "wetland-methane" / "project.yaml"
#: Attributes and CSS that would make a browser fetch something (an inline script fetches nothing).
FETCHING = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?(?!#)[a-z]+:|url\(|@import|<script[^>]*\bsrc|<link|<iframe|<img""",
    re.I,
)


@pytest.fixture(scope="module")
def report():
    return compute(EXAMPLE)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_holds_the_figures_and_fetches_nothing(report, lang):
    page = render_html(report, lang)
    for figure in ("1,243.308", "5,563.800", "4,272.492", "720", "MP1", "MP2", "net_AR6"):
        assert figure in page
    assert "<svg" in page
    assert not FETCHING.search(page), FETCHING.search(page)
    assert report.estimate_reason in page
    assert "ipcc" in page.lower() and "VM0033" in page  # the parameter sources and the trace


def test_chinese_uses_the_terms_of_the_chinese_standards(report):
    page = render_html(report, "zh")
    for term in ("基准线", "项目排放", "泄漏", "碳汇", "核证减排量", "不确定性扣减"):
        assert term in page


def test_the_trace_writes_out_substituted_values(report):
    page = render_html(report, "en")
    # the flooded-land CH4 of the lake in MP1: alpha x EF x A x years with each value shown
    assert "MP1/W1/project/ch4 = 19,507.5 kg CH4_biogenic" in page
    assert "<code>trophic_alpha[trophic_status=mesotrophic]</code> = 3 1" in page
    # an array: its count, sum (in its unit, as written) and range, then its values
    assert (
        "= 2 values, sum 255 kg CH4_biogenic/ha/yr (least 127.5, greatest 127.5): [127.5, 127.5]"
        in page
    )
    # a table input shows the values taken from the file: W1's areas in 2021 and 2022 (areas.csv)
    assert (
        "<code>area</code> = 2 values, sum 51 ha (least 25, greatest 26): [25, 26] "
        "<span class='muted'>inputs.areas:area</span>" in page
    )


def test_the_command_line_writes_html_from_compute_and_from_a_report(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "compute",
            str(EXAMPLE),
            "-o",
            str(tmp_path / "r.json"),
            "--html",
            str(tmp_path / "r.html"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app,
        ["report", str(tmp_path / "r.json"), "--html", str(tmp_path / "zh.html"), "--lang", "zh"],
    )
    assert result.exit_code == 0, result.stderr
    assert "核证减排量" in (tmp_path / "zh.html").read_text()
    result = runner.invoke(
        app,
        ["report", str(tmp_path / "r.json"), "--html", str(tmp_path / "x.html"), "--lang", "fr"],
    )
    assert result.exit_code == 2
    assert "unknown language 'fr'" in result.stderr
    assert not (tmp_path / "x.html").exists()


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_renders_the_report_offline(report, tmp_path, lang):
    """Headless Chromium opens the file, draws it (screenshot), shows the key figures in its DOM,
    and its network log records no request made by the page."""
    page = tmp_path / f"report.{lang}.html"
    page.write_text(render_html(report, lang), encoding="utf-8")
    shot, netlog = tmp_path / "shot.png", tmp_path / "net.json"
    _chromium(tmp_path, page, f"--screenshot={shot}")
    assert shot.stat().st_size > 20_000  # a drawn page, not a blank one
    dom = _chromium(tmp_path, page, "--dump-dom", f"--log-net-log={netlog}")
    for figure in ("1,243.308", "720", "MP2"):
        assert figure in dom
    assert _page_requests(netlog) == []


@needs_chromium
def test_the_network_check_sees_a_page_that_fetches(tmp_path):
    """The check above can fail: a page with a remote image is caught."""
    page = tmp_path / "fetching.html"
    page.write_text(
        '<html><body><img src="http://192.0.2.1/x.png"></body></html>', encoding="utf-8"
    )
    netlog = tmp_path / "net.json"
    _chromium(tmp_path, page, "--dump-dom", f"--log-net-log={netlog}", "--virtual-time-budget=2000")
    assert _page_requests(netlog) == ["http://192.0.2.1/x.png"]


def test_strata_shares_add_up_and_are_charted(report):
    """Wetland terms are split by stratum: with the 24 t of leakage (in no stratum) the shares
    add up to the net benefit, and the page charts them."""
    for period in report.periods:
        shares = sum(figure.value for figure in period.strata.values())
        assert shares - period.leakage.value == pytest.approx(period.net_benefit.value, abs=1e-5)
    assert set(report.periods[0].strata) == {"W1", "W2", "W3"}
    page = render_html(report, "en")
    assert "Net benefit by stratum and period" in page and "not split by stratum" in page


def test_period_figures_link_to_the_trace_and_print_keeps_it(report):
    """Each period's figure links to its trace entry; Monte Carlo figures are also a table;
    the print stylesheet opens the trace's entries."""
    page = render_html(report, "en")
    period = report.periods[0].id
    assert f"<a href='#{period}/net_benefit'>" in page
    assert f"<details class='entry' id='{period}/net_benefit'" in page
    assert "details::details-content{content-visibility:visible" in page
    assert "@media print" in page


def test_the_trace_is_a_tree_from_each_periods_credits_with_search(report):
    """A verifier walks from MP1's issuable credits down: ledger, net benefit, its groups."""
    page = render_html(report, "en")
    walk = page.split("From each period&#x27;s issuable credits down to the data", 1)[1]
    walk = walk.split("Every entry", 1)[0]
    tree = walk.split("<h3>MP1</h3>", 1)[1].split("<h3>", 1)[0]
    order = [
        "MP1/issuable_credits",
        "MP1/ledger/cumulative_eligible",
        "MP1/net_benefit",
        "MP1/baseline",
    ]
    positions = [tree.index(f"<code>{name}</code>") for name in order]
    assert positions == sorted(positions)
    assert tree.count("<ul>") > 3  # nested, not flat
    assert "oninput='mrvSearch(this.value)'" in page
    assert "data-find='mp1/net_benefit " in page
