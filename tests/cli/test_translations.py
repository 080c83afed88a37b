"""The Chinese page is Chinese: every code mrv and its methodologies use has an entry.

Codes are collected from the sources (``code="..."`` of every Finding, the early-warning
codes), the installed methodologies, the period kinds and severities, and, from every shipped
example's report, the terms of the net benefit and the screening figures.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

import mrv
from mrv.contract.plugins import load_plugins
from mrv.interface.html import render_html
from mrv.interface.html.translate import translated, translations
from mrv.model.report import Finding, PeriodResult
from mrv.model.terms import GROUPS, term_contributions
from mrv.planning.warnings import EarlyWarning

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*ROOT.glob("mrv/**/*.py"), *ROOT.glob("methodologies/**/*.py")]


def _finding_codes() -> set[str]:
    found = set()
    for path in SOURCES:
        found |= set(re.findall(r'\bcode="([a-z0-9_-]+)"', path.read_text(encoding="utf-8")))
    found |= set(typing.get_args(EarlyWarning.model_fields["code"].annotation))
    return found


@pytest.fixture(scope="module")
def reports():
    return [mrv.compute(path) for path in sorted((ROOT / "examples").glob("*/project.yaml"))]


def _missing(section: str, codes: set[str]) -> list[str]:
    return sorted(code for code in codes if translated(section, code, "zh", "\x00") == "\x00")


def test_every_finding_code_has_chinese_words():
    codes = _finding_codes()
    assert len(codes) > 40
    assert _missing("findings", codes) == []


def test_every_methodology_kind_severity_and_group_has_chinese_words():
    assert _missing("methodologies", set(load_plugins().methodologies)) == []
    assert (
        _missing("kinds", set(typing.get_args(PeriodResult.model_fields["kind"].annotation))) == []
    )
    assert (
        _missing("severities", set(typing.get_args(Finding.model_fields["severity"].annotation)))
        == []
    )
    assert _missing("groups", set(GROUPS)) == []


def test_every_term_and_screening_figure_of_the_examples_has_chinese_words(reports):
    terms = {
        term for report in reports for t in term_contributions(report).values() for _, term in t
    }
    screening = {f.name for report in reports for p in report.periods for f in p.screening}
    assert terms and screening
    assert _missing("terms", terms) == []
    assert _missing("screening", screening) == []


def test_the_chinese_page_shows_the_tables_words(reports):
    cropland = next(r for r in reports if r.methodology.id == "cropland-soil")
    page = render_html(cropland, "zh")
    table = translations()
    assert table["methodologies"]["cropland-soil"] in page
    assert table["findings"]["conservative-n2o-factors"] in page
    assert table["kinds"]["ex-post"] in page
    assert "原文\uff1a" in page  # the finding's own message, with its figures, stays beneath
    english = render_html(cropland, "en")
    assert table["findings"]["conservative-n2o-factors"] not in english
