"""Monte Carlo: reproducible streams, chunk independence, convergence, reports and verification."""

import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import mrv
from mrv.contract.draws import Draw, Sampler, relative_draw, summarise
from mrv.model.uncertainty import InputDistribution
from mrv.verify import verify

from ..conftest import TOY_PROJECT


@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 700),
    st.sampled_from(["normal", "uniform", "triangular", "lognormal"]),
)
@settings(max_examples=25)
def test_draws_do_not_depend_on_the_chunk_size(seed, chunk, kind):
    draw = Draw(kind, sd=0.5, mean=3.0, low=2.0, mode=3.0, high=4.5)
    whole = Sampler(seed, 0, 700).draw("x", ["a", "b"], draw)
    pieces = np.concatenate(
        [
            Sampler(seed, start, min(start + chunk, 700)).draw("x", ["a", "b"], draw)
            for start in range(0, 700, chunk)
        ]
    )
    assert np.array_equal(whole, pieces)


def test_elements_have_their_own_streams():
    draw = Draw("normal", sd=1.0, mean=0.0)
    together = Sampler(1, 0, 100).draw("x", ["S1", "S2"], draw)
    alone = Sampler(1, 0, 100).draw("x", ["S2"], draw)
    assert np.array_equal(together[:, 1], alone[:, 0])  # adding S1 does not change S2's draws
    assert not np.array_equal(together[:, 0], together[:, 1])


@pytest.mark.parametrize(
    ("spec", "mean", "sd"),
    [
        (InputDistribution(kind="normal", relative_sd=0.1), 10.0, 1.0),
        (InputDistribution(kind="lognormal", relative_sd=0.1), 10.0, 1.0),
        (InputDistribution(kind="uniform", relative_half_range=0.1), 10.0, 1.0 / np.sqrt(3)),
        (InputDistribution(kind="triangular", relative_half_range=0.1), 10.0, 1.0 / np.sqrt(6)),
    ],
)
def test_distribution_moments(spec, mean, sd):
    values = Sampler(3, 0, 40000).draw("x", ["e"], relative_draw(spec, 10.0))[:, 0]
    assert values.mean() == pytest.approx(mean, rel=3e-3)
    assert values.std() == pytest.approx(sd, rel=3e-2)


def test_summary():
    summary = summarise(np.arange(1.0, 101.0))
    assert summary["mean"] == 50.5
    assert summary["median"] == 50.5
    assert summary["half_width_percent"] == pytest.approx(100 * (95.05 - 5.95) / 2 / 50.5)


def test_distribution_needs_its_parameter():
    with pytest.raises(ValueError, match="needs relative_sd"):
        InputDistribution(kind="normal")


def with_uncertainty(folder, **monte_carlo):
    shutil.copytree(TOY_PROJECT.parent, folder, dirs_exist_ok=True)
    path = folder / "project.yaml"
    document = yaml.safe_load(path.read_text())
    document["uncertainty"] = {
        "monte_carlo": {"iterations": 4000, "seed": 11, "chunk": 4000, **monte_carlo},
        "distributions": {
            "inputs.baseline_change": {"kind": "normal", "relative_sd": 0.3},
            "inputs.leakage_fraction": {"kind": "normal", "relative_sd": 0.2},
        },
        "parameters": False,
    }
    path.write_text(yaml.safe_dump(document))
    return path


def test_mean_converges_to_the_deterministic_value_for_a_linear_model(toy_registry, tmp_path):
    report = mrv.compute(with_uncertainty(tmp_path), registry=toy_registry)
    for period in report.periods:
        result = period.monte_carlo
        spread = (result.ci90_high - result.ci90_low) / (2 * 1.645)  # one standard deviation
        assert result.mean == pytest.approx(
            period.net_benefit.value, abs=4 * spread / np.sqrt(4000)
        )
    assert report.monte_carlo.iterations == 4000
    assert report.monte_carlo.seed == 11


@pytest.mark.parametrize("chunk", [1, 600, 4000])
def test_report_figures_do_not_depend_on_the_chunk(toy_registry, tmp_path, chunk):
    """Windows of 256, 512 and 1,000 iterations against windows of 768 (chunks in whole blocks)."""
    reference = mrv.compute(
        with_uncertainty(tmp_path / "a", iterations=1000, chunk=1000), registry=toy_registry
    )
    other = mrv.compute(
        with_uncertainty(tmp_path / "b", iterations=1000, chunk=chunk), registry=toy_registry
    )
    assert [period.monte_carlo for period in other.periods] == [
        period.monte_carlo for period in reference.periods
    ]


def test_parameters_with_a_range_are_drawn(toy_registry, tmp_path):
    path = with_uncertainty(tmp_path, iterations=3000)
    document = yaml.safe_load(path.read_text())
    document["uncertainty"].update(parameters=True, distributions={})
    path.write_text(yaml.safe_dump(document))
    report = mrv.compute(path, registry=toy_registry)
    # cf is triangular(0.40, 0.50, 0.55): its mean 0.4833 pulls the mean net benefit below the value at 0.5
    first = report.periods[0]
    assert first.monte_carlo.mean < first.net_benefit.value
    assert first.monte_carlo.ci90_low < first.monte_carlo.median < first.monte_carlo.ci90_high


def test_a_misspelt_path_is_refused(toy_registry, tmp_path):
    path = with_uncertainty(tmp_path)
    document = yaml.safe_load(path.read_text())
    document["uncertainty"]["distributions"] = {
        "inputs.baseline_chang": {"kind": "normal", "relative_sd": 0.1}
    }
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(mrv.InputError) as caught:
        mrv.compute(path, registry=toy_registry)
    (problem,) = caught.value.problems
    assert problem.path == "uncertainty.distributions.inputs.baseline_chang"
    assert "inputs.baseline_change" in problem.message


def test_a_seeded_report_verifies(toy_registry, tmp_path):
    path = with_uncertainty(tmp_path, iterations=500, chunk=128)
    report = mrv.compute(path, registry=toy_registry)
    assert verify(report, path, registry=toy_registry).verdict == "verified"


def test_monte_carlo_announces_its_progress_chunk_by_chunk():
    """The forest example runs its iterations in chunks; a reporter hears each one, ending at the total."""
    from mrv.common.progress import reporting
    from mrv.engine.compute import compute

    heard = []
    with reporting(lambda task, done, total: heard.append((task, done, total))):
        report = compute(
            Path(__file__).parents[2] / "examples" / "forest-reclamation" / "project.yaml"
        )
    iterations = report.monte_carlo.iterations
    heard = [event for event in heard if event[0] == "Monte Carlo iterations"]
    assert heard and all(total == iterations for _, _, total in heard)
    assert [done for _, done, _ in heard] == sorted(done for _, done, _ in heard)
    assert heard[-1][1] == iterations
