"""Invariants that must hold for any input (hypothesis)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from mrv.common.quantity import Area, CarbonPerArea, Fraction, MassPerArea
from mrv.contract.equations import UNIT_RATIO, equation
from mrv.engine.deductions import ledger, settle, settle_deduction
from mrv.engine.provenance import canonical_json, sha256_hex
from mrv.model.project import ProjectDocument
from mrv.testing.strategies import equivalent_quantities, magnitudes, project_documents


class Fields(BaseModel):
    area: Area
    biomass: MassPerArea
    stock: CarbonPerArea
    cover: Fraction


@given(
    equivalent_quantities("[area]"),
    equivalent_quantities("[mass] / [area]"),
    equivalent_quantities("[mass] * [carbon] / [area]"),
    equivalent_quantities("", max_value=1.0),
)
def test_same_quantity_in_any_unit_reads_alike(area, biomass, stock, cover):
    fields = Fields(area=area[1], biomass=biomass[1], stock=stock[1], cover=cover[1])
    assert fields.area.m_as("ha") == pytest.approx(area[0], rel=1e-9, abs=1e-12)
    assert fields.biomass.m_as("t / ha") == pytest.approx(biomass[0], rel=1e-9, abs=1e-12)
    assert fields.stock.to("t C / ha").magnitude == pytest.approx(stock[0], rel=1e-9, abs=1e-12)
    assert fields.cover.m_as("fraction") == pytest.approx(cover[0], rel=1e-9, abs=1e-12)


@given(equivalent_quantities("[area]"))
def test_dump_then_validate_round_trips(pair):
    fields = Fields(area=pair[1], biomass="1 t/ha", stock="1 t C/ha", cover=0.5)
    again = Fields.model_validate(fields.model_dump(mode="json"))
    assert again.area.m_as("ha") == pytest.approx(fields.area.m_as("ha"), rel=1e-12)


@given(project_documents())
def test_generated_documents_are_valid_and_round_trip(document):
    model = ProjectDocument.model_validate(document)
    again = ProjectDocument.model_validate(model.model_dump(mode="json"))
    assert again.model_dump(mode="json") == model.model_dump(mode="json")


@given(project_documents())
def test_strata_areas_follow_the_strata_they_came_from(document):
    """Areas are kept once converted, but a copy with other strata converts its own."""
    project = ProjectDocument.model_validate(document).project
    expected = [stratum.area.m_as("ha") for stratum in project.strata]
    assert project.strata_area_ha.tolist() == pytest.approx(expected, rel=1e-12)
    assert project.strata_area_ha is project.strata_area_ha
    fewer = project.model_copy(update={"strata": project.strata[:1]})
    assert fewer.strata_area_ha.tolist() == pytest.approx(expected[:1], rel=1e-12)
    with pytest.raises(ValueError, match="read-only"):
        project.strata_area_ha[0] = 0.0


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | magnitudes(-1e9, 1e9) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_canonical_json_written_at_once_equals_the_normalised_form(value):
    """The C encoder's fast path and the normalising path write the same bytes."""
    import json

    from mrv.engine.provenance import _normalise

    slow = json.dumps(_normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(value) == slow
    assert canonical_json([value, -0.0, 0.0, "-0.0"]).endswith(',0.0,0.0,"-0.0"]')


@given(JSON_VALUES)
def test_canonical_json_is_deterministic(value):
    assert canonical_json(value) == canonical_json(value)
    if isinstance(value, dict):
        reordered = dict(reversed(list(value.items())))
        assert sha256_hex(reordered) == sha256_hex(value)


def issuable_credits(net, uncertainty, buffer):
    (entry,) = ledger([(settle(net), settle_deduction(uncertainty), settle_deduction(buffer))])
    return entry.issuable_credits


@given(magnitudes(-1e7, 1e7), magnitudes(0, 1e5), magnitudes(0, 1e5))
def test_credits_never_exceed_net_after_deductions(net, uncertainty, buffer):
    credits = issuable_credits(net, uncertainty, buffer)
    assert credits >= 0
    assert credits <= max(net - uncertainty - buffer, 0) + 1e-6
    assert credits >= math.floor(net - uncertainty - buffer - 1e-6) or credits == 0


@given(magnitudes(-1e6, 1e6), magnitudes(0, 1e4))
def test_a_larger_deduction_never_raises_credits(net, deduction):
    assert issuable_credits(net, deduction, 0.0) <= issuable_credits(net, 0.0, 0.0)


@equation(
    "TEST v1",
    "eq. 1",
    returns="t CO2",
    args={"b": "t / ha", "area": "ha", "cf": "t C / t", "k": "t CO2 / t C"},
)
def c_stock(b, area, cf, k=UNIT_RATIO):
    return k * cf * np.sum(b * area, axis=-1)


@given(
    st.lists(st.tuples(magnitudes(0, 500), magnitudes(0, 1000)), min_size=1, max_size=30),
    magnitudes(0.3, 0.6),
)
def test_vectorised_equals_a_scalar_loop(rows, cf):
    b = np.array([row[0] for row in rows])
    area = np.array([row[1] for row in rows])
    total = c_stock(b, area, cf)
    assert total == pytest.approx(
        sum(c_stock(np.array([x]), np.array([a]), cf) for x, a in rows), rel=1e-9, abs=1e-9
    )


@given(
    st.lists(magnitudes(0, 500), min_size=1, max_size=10), st.integers(1, 20), magnitudes(0.3, 0.6)
)
def test_monte_carlo_axis_broadcasts(b, draws, cf):
    base = np.array(b)
    area = np.ones_like(base)
    stacked = np.broadcast_to(base, (draws, base.size))
    result = c_stock(stacked, area, cf)
    assert result.shape == (draws,)
    assert np.allclose(result, c_stock(base, area, cf))
