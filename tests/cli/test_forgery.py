"""A forged report never verifies: every leaf of every shipped example, edited, digest recomputed.

The digest function is public, so a forger edits a field and recomputes ``results_sha256``
(``sha256_hex(results_body(...))``). Integrity then holds, and only the field-by-field
recomputation can catch the edit. Each leaf (number, text, flag, null) of each shipped example's
report and comparison is edited on its own, the digest recomputed, and the verdict must be
``not_verified``. The recomputation is done once per example; each forged document is judged
against it (what ``mrv verify`` does after recomputing). A few forgeries go through the real
command line for the exit code.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mrv
from mrv.engine.compute import results_body
from mrv.engine.provenance import pretty_json, sha256_hex
from mrv.interface.cli import app
from mrv.model.report import Report
from mrv.planning import compare
from mrv.planning.compare import Comparison
from mrv.planning.verification import judge_comparison
from mrv.verify import Reference, judge

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = sorted((ROOT / "examples").glob("*/project.yaml"))
SCENARIOS = sorted((ROOT / "examples").glob("*/scenarios.yaml"))

_OTHER = {
    "error": "warning",
    "warning": "info",
    "info": "warning",
    "negative_change": "ch4_rising",
    "below_trajectory": "negative_change",
    "ch4_rising": "negative_change",
    "ex-post": "ex-ante",
    "ex-ante": "ex-post",
}


def _edit(value, key):  # noqa: PLR0911 - one return a kind of leaf
    """Return ``value`` changed so that the document keeps its schema (a realistic forgery)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 1.01 + 0.01
    if value is None:
        return 1.0
    if key == "schema_version":
        major, minor, patch = value.split(".")
        return f"{major}.{minor}.{int(patch) + 1}"
    if value in _OTHER:
        return _OTHER[value]
    try:
        return (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return value + "x"


def _slots(node):
    """Yield (container, key) of every scalar leaf, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from _slots(value)
            else:
                yield node, key
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from _slots(value)
            else:
                yield node, index


def _received(model) -> dict:
    """The document as a verifier receives it: written by mrv, read back."""
    return json.loads(pretty_json(model.model_dump(mode="json")))


def _forgeries(document, *, digest: bool):
    """Yield (description, the leaf's value, forged document) for each leaf, restoring the leaf after each."""
    for container, key in list(_slots(document)):
        original = container[key]
        container[key] = _edit(original, key)
        if digest and key != "results_sha256":
            saved = document["results_sha256"]
            document["results_sha256"] = sha256_hex(results_body(document))
            yield f"{key}={original!r}", original, document
            document["results_sha256"] = saved
        else:
            yield f"{key}={original!r}", original, document
        container[key] = original


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.parent.name)
def test_every_forged_leaf_of_a_report_fails(project):
    """Every one of the report's leaves, edited with the digest recomputed: never verified."""
    recomputed = mrv.compute(project)
    reference = Reference.of(recomputed.model_dump(mode="json"))
    document = _received(recomputed)
    assert judge(document, recomputed, reference=reference).verdict == "verified"
    passed, unschematic, count = [], [], 0
    for what, original, forged in _forgeries(document, digest=True):
        count += 1
        if judge(forged, recomputed, reference=reference).verdict == "verified":
            passed.append(what)
        if isinstance(original, str):  # numbers and flags keep their type by construction
            try:
                Report.model_validate(forged)
            except ValueError:
                unschematic.append(what)
    assert count == sum(1 for _ in _slots(document)) > 1000
    assert passed == [], f"{len(passed)} of {count} forgeries verified"
    assert unschematic == []  # each forgery is a report the command line reads (exit 1, not 2)


@pytest.mark.parametrize("scenarios", SCENARIOS, ids=lambda path: path.parent.name)
def test_every_forged_leaf_of_a_comparison_fails(scenarios):
    recomputed, reports = compare(scenarios)
    reference = Reference.of(recomputed.model_dump(mode="json"))
    document = _received(recomputed)
    assert (
        judge_comparison(document, recomputed, reports, reference=reference).verdict == "verified"
    )
    passed, count = [], 0
    for what, original, forged in _forgeries(document, digest=False):
        count += 1
        verdict = judge_comparison(forged, recomputed, reports, reference=reference).verdict
        if verdict == "verified":
            passed.append(what)
        if original is not None:
            Comparison.model_validate(forged)
    assert count > 100
    assert passed == []


def _cli(*args):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


def test_sampled_forgeries_exit_1_on_the_command_line(tmp_path):
    """Through ``mrv verify`` itself: exit 1 and the headline names the deciding check."""
    project = ROOT / "examples" / "forest-reclamation" / "project.yaml"
    document = _received(mrv.compute(project))
    slots = [slot for slot in _slots(document) if slot[0][slot[1]] is not None]
    for container, key in random.Random(7).sample(slots, 4):  # noqa: S311 - a fixed sample
        original = container[key]
        container[key] = _edit(original, key)
        if key != "results_sha256":
            document["results_sha256"] = sha256_hex(results_body(document))
        forged = tmp_path / "forged.json"
        forged.write_text(pretty_json(document))
        code, stdout, stderr = _cli(
            "verify", forged, "--project", project, "-o", tmp_path / "s.json"
        )
        assert code == 1, (key, stderr)
        assert "not verified (reproduction)" in stdout.splitlines()[0]
        container[key] = original


def test_the_issue_forgery_is_over_issuance(tmp_path):
    """Periods[0] and total credits raised 4 %, digest recomputed: reproduction fails on credits.

    The forest example's credits are 2,176 in MP1 and 8,759 in total; 4 % more is 2,263 and
    9,109 (rounded down), 350 credits claimed above the recomputation: over-issuance, material
    whatever the threshold (here even 100 %).
    """
    project = ROOT / "examples" / "forest-reclamation" / "project.yaml"
    document = _received(mrv.compute(project))
    period = document["periods"][0]
    period["net_benefit"]["value"] *= 1.04
    period["issuable_credits"] = int(period["issuable_credits"] * 1.04)
    document["totals"]["issuable_credits"] = int(document["totals"]["issuable_credits"] * 1.04)
    document["results_sha256"] = sha256_hex(results_body(document))
    forged = tmp_path / "forged.json"
    forged.write_text(pretty_json(document))
    code, stdout, _ = _cli(
        "verify", forged, "--project", project, "--materiality", "1", "-o", tmp_path / "s.json"
    )
    assert code == 1
    statement = json.loads((tmp_path / "s.json").read_text())
    assert statement["reason"] == "reproduction"
    first = statement["discrepancies"][0]
    assert (first["path"], first["claimed"], first["recomputed"], first["over_issuance"]) == (
        "periods[MP1].issuable_credits",
        2263,
        2176,
        True,
    )
    assert "over-issuance" in stdout.splitlines()[0]


def test_key_order_and_indentation_still_verify(tmp_path):
    project = ROOT / "examples" / "cropland-soil" / "project.yaml"
    document = _received(mrv.compute(project))

    def reversed_keys(node):
        if isinstance(node, dict):
            return {key: reversed_keys(node[key]) for key in reversed(list(node))}
        if isinstance(node, list):
            return [reversed_keys(item) for item in node]
        return node

    received = tmp_path / "report.json"
    received.write_text(json.dumps(reversed_keys(document), indent=7, ensure_ascii=True))
    code, stdout, stderr = _cli("verify", received, "--project", project, "-o", tmp_path / "s.json")
    assert code == 0, stderr
    assert "verified: all" in stdout.splitlines()[0]
    assert json.loads((tmp_path / "s.json").read_text())["verdict"] == "verified"


def test_the_statement_lists_each_finding_once():
    """cropland-soil raises ``conservative-n2o-factors`` in each of its two periods: each names
    its period and the management table, so neither is a repeat of the other."""
    project = ROOT / "examples" / "cropland-soil" / "project.yaml"
    recomputed = mrv.compute(project)
    n2o = [f for f in recomputed.findings if f.code == "conservative-n2o-factors"]
    assert [f.message.split(":")[0] for f in n2o] == ["period MP1", "period MP2"]
    assert {f.path for f in n2o} == {"inputs.management"}
    statement = judge(_received(recomputed), recomputed)
    listed = [(f.code, f.path, f.message) for f in statement.findings]
    assert len(listed) == len(set(listed)) == 3
