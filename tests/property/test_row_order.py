"""A shuffled table gives the same report: rows are ordered by content, not by position.

Only the fingerprints of the files (``tables`` and ``inputs_sha256``, digests of the bytes read)
may change; every figure, the trace, the Monte Carlo summary and ``results_sha256`` must be the
same bytes.
"""

import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mrv
from mrv.common.coded import Coded
from mrv.common.quantity import QuantityColumn
from mrv.engine.provenance import pretty_json
from mrv.io.row_order import canonical_order

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FINGERPRINTS = ("tables", "inputs_sha256")


def report_text(project: Path) -> str:
    report = mrv.compute(project).model_dump(mode="json")
    for name in FINGERPRINTS:
        report.pop(name)
    return pretty_json(report)


def shuffle_tables(folder: Path, seed: int) -> int:
    """Shuffle the data rows of every CSV table under ``folder``; return how many moved."""
    rng = np.random.default_rng(seed)
    moved = 0
    for path in sorted(folder.glob("*.csv")):
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        order = rng.permutation(len(rows)) if seed else np.arange(len(rows))[::-1]
        moved += int(np.count_nonzero(order != np.arange(len(rows))))
        path.write_text("\n".join([header, *(rows[i] for i in order)]) + "\n", encoding="utf-8")
    return moved


@pytest.mark.parametrize(
    "example", ["forest-reclamation", "cropland-soil", "wetland-methane", "topsoil-amendment"]
)
def test_shuffled_rows_give_the_same_report(example, tmp_path):
    """The forest example runs Monte Carlo with per-row draws: its summary must not move."""
    original = report_text(EXAMPLES / example / "project.yaml")
    for seed in (0, 7):  # 0: every table reversed
        folder = tmp_path / f"{example}-{seed}"
        shutil.copytree(EXAMPLES / example, folder)
        assert shuffle_tables(folder, seed) > 0
        assert report_text(folder / "project.yaml") == original


def test_the_forest_monte_carlo_draws_per_row():
    """The guard for the test above: the forest example's Monte Carlo draws a per-row input."""
    loaded = mrv.load_project(EXAMPLES / "forest-reclamation" / "project.yaml")
    uncertainty = loaded.document.uncertainty
    assert uncertainty is not None and any(":" in path for path in uncertainty.distributions)


rows_of = st.lists(
    st.tuples(
        st.sampled_from(["P1", "P2", "P10", "", "东区"]),
        st.sampled_from([0.0, -0.0, 1.5, 2.25, float("nan"), 1e300]),
        st.integers(-3, 3),
    ),
    min_size=1,
    max_size=40,
)


@given(rows=rows_of, data=st.data())
def test_canonical_order_depends_on_the_rows_alone(rows, data):
    """Any permutation of the rows, and any order of the columns, gives the same ordered rows."""
    permutation = data.draw(st.permutations(range(len(rows))))
    shuffled = [rows[i] for i in permutation]

    def ordered(table, reverse_columns):
        columns = {
            "plot": np.array([row[0] for row in table], dtype=np.str_),
            "value": QuantityColumn(np.array([row[1] for row in table]), "m"),
            "count": QuantityColumn(np.array([float(row[2]) for row in table]), "1"),
        }
        if reverse_columns:
            columns = dict(reversed(list(columns.items())))
        factors = {"plot": Coded.of(columns["plot"])}
        order, _ = canonical_order(columns, factors, len(table))
        assert sorted(order.tolist()) == list(range(len(table)))  # a permutation
        return [(table[i][0], repr(table[i][1] + 0.0), table[i][2]) for i in order.tolist()]

    assert ordered(rows, False) == ordered(shuffled, data.draw(st.booleans()))
