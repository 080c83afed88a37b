"""topsoil-amendment properties: mass linearity, wet/dry basis consistency, haul and permanence
monotonicity, imported carbon never a removal, order of rows and units."""

import functools
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mrv.engine.compute import compute
from mrv.model.report import Report
from mrv.testing.editing import (
    assert_same_figures,
    edit_document,
    edit_table,
    example_copy,
    scale_column,
)

EXAMPLE = Path(__file__).parents[3] / "examples" / "topsoil-amendment"
EX1 = Path(__file__).parents[2] / "reference" / "topsoil_amendment" / "ex1_biochar"
few = settings(max_examples=10, deadline=None)


@functools.cache
def original() -> Report:
    return compute(EXAMPLE / "project.yaml")


@functools.cache
def without_samples() -> Report:
    with example_copy(EXAMPLE) as folder:
        edit_document(folder, _drop_samples)
        return compute(folder / "project.yaml")


def _drop_samples(document: dict) -> None:
    del document["inputs"]["soc_samples"]
    del document["inputs"]["reporting_depth"]


def column(header: list[str], name: str) -> int:
    return next(i for i, cell in enumerate(header) if cell.split(" [")[0] == name)


@few
@given(scale=st.floats(0.1, 20.0))
def test_every_figure_scales_with_the_masses_and_fuel(scale):
    """Without soil samples every term is linear in the delivered masses and the fuel burnt
    (and in the production each kiln made, whose emissions are allocated by share)."""
    with example_copy(EXAMPLE) as folder:

        def bigger(document: dict) -> None:
            _drop_samples(document)
            kiln = document["inputs"]["production"][0]
            for key in ("emissions", "produced"):
                value, unit = kiln[key].split(" ", 1)
                kiln[key] = f"{float(value) * scale!r} {unit}"

        edit_document(folder, bigger)
        scale_column(folder / "deliveries.csv", "mass", scale)
        scale_column(folder / "fuel.csv", "volume", scale)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, without_samples(), scale)


@few
@given(data=st.data())
def test_the_same_dry_mass_declared_otherwise_gives_the_same_figures(data):
    """Each delivery restated: as dry mass, or with its moisture on the dry basis; the dry mass
    and the mass as hauled are unchanged, so every figure is."""
    rows = len((EXAMPLE / "deliveries.csv").read_text().splitlines()) - 1
    choices = data.draw(
        st.lists(st.sampled_from(["as is", "dry mass", "dry basis"]), min_size=rows, max_size=rows)
    )
    with example_copy(EXAMPLE) as folder:

        def restate(header: list[str], body: list[list[str]]) -> None:
            mass, basis = column(header, "mass"), column(header, "mass_basis")
            moisture, moisture_basis = column(header, "moisture"), column(header, "moisture_basis")
            for row, choice in zip(body, choices, strict=True):
                wet_share = float(row[moisture]) / 100
                if row[moisture_basis] != "wet" or choice == "as is":
                    continue
                water = wet_share / (1 - wet_share)  # water per dry mass
                if row[basis] == "wet" and choice == "dry mass":
                    row[mass] = repr(float(row[mass]) * (1 - wet_share))
                    row[basis] = "dry"
                row[moisture] = repr(water * 100)
                row[moisture_basis] = "dry"

        edit_table(folder / "deliveries.csv", restate)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original())


@few
@given(data=st.data(), extra=st.floats(1.0, 500.0))
def test_a_longer_haul_never_lowers_emissions(data, extra):
    rows = len((EXAMPLE / "deliveries.csv").read_text().splitlines()) - 1
    chosen = data.draw(st.sets(st.integers(0, rows - 1), min_size=1))
    with example_copy(EXAMPLE) as folder:

        def farther(header: list[str], body: list[list[str]]) -> None:
            haul = column(header, "haul")
            for index in chosen:
                if body[index][haul].strip():
                    body[index][haul] = repr(float(body[index][haul]) + extra)

        edit_table(folder / "deliveries.csv", farther)
        again = compute(folder / "project.yaml")
    for new, old in zip(again.periods, original().periods, strict=True):
        assert new.project.value >= old.project.value - 1e-9
        assert new.net_benefit.value <= old.net_benefit.value + 1e-9


@few
@given(temperatures=st.tuples(st.floats(350.0, 750.0), st.floats(350.0, 750.0)))
def test_lower_permanence_never_raises_credits(temperatures):
    """A biochar made colder falls in the same or a lower Table 4Ap.2 class: F_perm and the
    credits never rise."""
    reports = []
    for temperature in sorted(temperatures):
        with example_copy(EX1) as folder:

            def made_at(
                header: list[str], body: list[list[str]], value: float = temperature
            ) -> None:
                body[0][column(header, "production_temperature")] = repr(value)

            edit_table(folder / "deliveries.csv", made_at)
            reports.append(compute(folder / "project.yaml"))
    colder, warmer = reports
    assert colder.totals.net_benefit.value <= warmer.totals.net_benefit.value
    assert colder.totals.issuable_credits <= warmer.totals.issuable_credits


@few
@given(dry=st.floats(1.0, 500.0), carbon=st.floats(5.0, 60.0))
def test_carbon_brought_in_after_t0_never_counts_as_a_removal(dry, carbon):
    """Compost placed on U1 between the rounds: its carbon comes off the measured gain, so the
    SOC removal does not grow and the net benefit does not rise."""
    with example_copy(EXAMPLE) as folder:
        path = folder / "deliveries.csv"
        header = path.read_text().splitlines()[0].split(",")
        row = [""] * len(header)
        for name, value in {
            "date": "2022-06-01",
            "unit": "U1",
            "material": "compost",
            "mass": repr(dry),
            "mass_basis": "dry",
            "moisture": "40",
            "moisture_basis": "wet",
            "carbon": repr(carbon),
            "carbon_basis": "organic",
            "nitrogen": "1.0",
            "haul": "35",
            "vehicle": "heavy",
        }.items():
            row[column(header, name)] = value
        with path.open("a") as stream:
            stream.write(",".join(row) + "\n")
        again = compute(folder / "project.yaml")
    assert again.totals.removals.value <= original().totals.removals.value + 1e-9
    assert again.totals.net_benefit.value <= original().totals.net_benefit.value + 1e-9


@few
@given(seed=st.integers(0, 2**32 - 1))
def test_the_order_of_rows_and_units_changes_nothing(seed):
    rng = np.random.default_rng(seed)
    with example_copy(EXAMPLE) as folder:

        def reverse(document: dict) -> None:
            document["project"]["strata"].reverse()
            document["inputs"]["units"].reverse()

        edit_document(folder, reverse)
        for name in ("deliveries.csv", "fuel.csv", "soc_samples.csv"):

            def shuffle(header: list[str], body: list[list[str]]) -> None:
                body[:] = [body[i] for i in rng.permutation(len(body))]

            edit_table(folder / name, shuffle)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original())
