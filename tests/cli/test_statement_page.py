"""The verification statement as a page a verifier signs: engagement, opinion, checks, links."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from browser import _chromium, needs_chromium
from typer.testing import CliRunner

import mrv
from mrv.engine.provenance import pretty_json
from mrv.interface.cli import app

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "examples" / "cropland-soil" / "project.yaml"
SCHEMA = json.loads((ROOT / "schemas" / "verification.schema.json").read_text())
ENGAGEMENT = {
    "verifier": "Example Verification Body",
    "lead_verifier": "Wang Gong",
    "accreditation": "CNCA-V-0001",
    "level_of_assurance": "reasonable",
    "criteria": ["Verra VM0042 v2.2", "ISO 14064-3:2019"],
    "scope": "the cropland example, periods MP1 and MP2",
    "materiality": "0.02",
    "started": "2026-11-02",
    "statement_date": "2026-12-04",
}


def cli(*args):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = tmp_path_factory.mktemp("statement")
    report = folder / "report.json"
    report.write_text(pretty_json(mrv.compute(PROJECT).model_dump(mode="json")), encoding="utf-8")
    engagement = folder / "engagement.yaml"
    engagement.write_text(yaml.safe_dump(ENGAGEMENT), encoding="utf-8")
    forged = folder / "forged.json"
    document = json.loads(report.read_text())
    scalar = next(entry for entry in document["trace"] if "value" in entry["value"])
    scalar["value"]["value"] += 1.0
    forged.write_text(json.dumps(document))
    return folder, report, engagement, forged


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Verification statement", "Engagement", "reasonable", "Verified: the report"]),
        ("zh", ["核查声明", "核查委托", "合理保证", "核查通过"]),
    ],
)
def test_the_statement_page_names_the_engagement_and_the_opinion(bundle, tmp_path, lang, words):
    _, report, engagement, _ = bundle
    page, statement = tmp_path / "statement.html", tmp_path / "statement.json"
    code, _, stderr = cli(
        "verify", report, "--project", PROJECT, "--engagement", engagement,
        "--html", page, "--lang", lang, "-o", statement,
    )  # fmt: skip
    assert code == 0, stderr
    data = json.loads(statement.read_text())
    jsonschema.validate(data, SCHEMA)
    assert data["engagement"]["verifier"] == "Example Verification Body"
    assert data["materiality_threshold"] == 0.02  # the engagement's threshold is the one applied
    text = page.read_text(encoding="utf-8")
    for word in [*words, "Example Verification Body", "Verra VM0042 v2.2; ISO 14064-3:2019"]:
        assert word in text


def test_a_discrepancy_links_into_the_report_page(bundle, tmp_path):
    _, _, engagement, forged = bundle
    page = tmp_path / "statement.html"
    code, _, _ = cli(
        "verify", forged, "--project", PROJECT, "--engagement", engagement,
        "--html", page, "--report-page", "report.html", "-o", tmp_path / "s.json",
    )  # fmt: skip
    assert code == 1
    text = page.read_text(encoding="utf-8")
    assert "Not verified" in text
    edited = next(e for e in json.loads(forged.read_text())["trace"] if "value" in e["value"])
    assert f"href='report.html#{edited['id']}'" in text


def test_an_engagement_missing_a_field_is_bad_input(bundle, tmp_path):
    _, report, _, _ = bundle
    broken = tmp_path / "engagement.yaml"
    broken.write_text(yaml.safe_dump({k: v for k, v in ENGAGEMENT.items() if k != "verifier"}))
    code, _, stderr = cli(
        "verify", report, "--project", PROJECT, "--engagement", broken, "-o", tmp_path / "s.json"
    )
    assert code == 2
    assert f"{broken}: verifier" in stderr
    assert not (tmp_path / "s.json").exists()


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chromium_renders_the_statement_page(bundle, tmp_path, lang):
    _, report, engagement, _ = bundle
    page = tmp_path / f"statement-{lang}.html"
    code, _, _ = cli(
        "verify", report, "--project", PROJECT, "--engagement", engagement,
        "--html", page, "--lang", lang, "-o", tmp_path / "s.json",
    )  # fmt: skip
    assert code == 0
    dom = _chromium(tmp_path, page, "--dump-dom")
    assert "Example Verification Body" in dom
    assert ("核查声明" if lang == "zh" else "Verification statement") in dom


def test_the_statement_page_shows_the_reports_signature(bundle, tmp_path):
    """verify --signature with --html: the page says the report's signature holds."""
    _, report, engagement, _ = bundle
    assert cli("keygen", tmp_path / "key")[0] == 0
    assert cli("sign", report, "--key", tmp_path / "key", "-o", tmp_path / "r.dsse.json")[0] == 0
    page = tmp_path / "statement.html"
    code, _, _ = cli(
        "verify", report, "--project", PROJECT, "--engagement", engagement,
        "--signature", tmp_path / "r.dsse.json", "--public-key", tmp_path / "key.pub",
        "--html", page, "-o", tmp_path / "s.json",
    )  # fmt: skip
    assert code == 0
    assert "✓ holds: key" in page.read_text(encoding="utf-8")


def test_matching_digests_explain_the_match_not_a_failure(bundle, tmp_path):
    _, report, _, _ = bundle
    code, _, _ = cli("verify", report, "--project", PROJECT, "-o", tmp_path / "s.json")
    assert code == 0
    checks = json.loads((tmp_path / "s.json").read_text())["hash_checks"]
    assert all(check["matches"] for check in checks)
    for check in checks:
        assert "differ" not in check["explanation"] and "edited" not in check["explanation"]


def test_a_figure_discrepancy_names_its_trace_entry_and_a_total_its_periods(bundle):
    """periods[MP1].net_benefit is the entry MP1/net_benefit; totals sum the periods' entries."""
    from mrv.verify import verify
    from mrv.verify.report import load_report

    _, report, _, _ = bundle
    document = json.loads(report.read_text())
    document["periods"][0]["net_benefit"]["value"] += 5.0
    document["totals"]["issuable_credits"] += 1
    statement = verify(load_report(report, document), PROJECT)
    found = {d.path: d for d in statement.discrepancies}
    period = found["periods[MP1].net_benefit"]
    assert period.trace_id == "MP1/net_benefit"
    assert period.inputs == ("MP1/baseline", "MP1/project", "MP1/leakage")
    total = found["totals.issuable_credits"]
    assert total.inputs == ("MP1/issuable_credits", "MP2/issuable_credits")
    assert total.equation.startswith("sum over the ex-post periods")
