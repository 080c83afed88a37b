"""The conformance kit passes on the toy plug-in and catches what it promises to catch."""

import dataclasses

import pytest

import mrv
from mrv.contract.plugins import load_plugins
from mrv.engine.compute import load_project
from mrv.testing import check_identities, check_methodology, check_unit_invariance

from .conftest import TOY_PROJECT


def test_toy_methodology_conforms(toy_registry):
    report = check_methodology(TOY_PROJECT, registry=toy_registry)
    assert report.totals.issuable_credits == 1369


def test_fixture_returns_the_kit(mrv_conformance):
    assert mrv_conformance is check_methodology


def test_a_hidden_unit_assumption_is_caught():
    """A methodology that reads areas as bare numbers (assuming ha) fails unit invariance."""
    import numpy as np
    import toy_methodology

    def careless(context):
        document, trace = context.document, context.trace
        area = sum(stratum.area.magnitude for stratum in document.project.strata)  # unit dropped
        made_up = trace.input("area", np.float64(-area), "t CO2")
        return [
            mrv.PeriodOutcome(period.id, project=(mrv.Term("made_up", made_up, "stock_change"),))
            for period in document.monitoring_periods
        ]

    class Careless:
        @mrv.hookimpl
        def mrv_methodologies(self):
            yield dataclasses.replace(toy_methodology.TOY, calculate=careless)

    registry = load_plugins(discovered=[], extra=[("careless", Careless())])
    loaded = load_project(TOY_PROJECT, registry=registry)
    with pytest.raises(AssertionError, match="unit invariance"):
        check_unit_invariance(loaded, registry)


def test_identity_violation_is_caught(toy_registry):
    report = mrv.compute(TOY_PROJECT, registry=toy_registry)
    period = report.periods[0].model_copy(
        update={"net_benefit": report.periods[0].net_benefit.model_copy(update={"value": 1.0})}
    )
    tampered = report.model_copy(update={"periods": (period, *report.periods[1:])})
    with pytest.raises(AssertionError, match="net_benefit"):
        check_identities(tampered)
