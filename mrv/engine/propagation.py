"""Monte Carlo propagation through a methodology: chunks of iterations, one summary per period."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import numpy.typing as npt

from mrv.common import units
from mrv.common.errors import InputError, PluginFailure, Problem
from mrv.contract.equations import Trace, Traced
from mrv.contract.methodology import GROUPS
from mrv.contract.parameters import ParameterSet
from mrv.engine import deductions
from mrv.engine.calculation import calculate
from mrv.engine.loading import LoadedProject
from mrv.engine.parallel import current_executor, map_tasks
from mrv.model.report import MonteCarloResult, MonteCarloRun

__all__ = ["monte_carlo", "monte_carlo_run"]

CO2E = units.REPORT_UNIT


def _gwp_factor(unit: str, gwp_set: str) -> float:
    """Return the t CO2e per unit of a term in the project's GWP context (1 for carbon species)."""
    ureg = units.get_registry()
    with ureg.context(gwp_set):
        return float(ureg.Quantity(1.0, units.parse_unit(unit)).m_as(units.parse_unit(CO2E)))


def _iterations(value: Traced, size: int, gwp_set: str) -> npt.NDArray[np.float64]:
    """Return a term's values for each iteration [t CO2e], shape (size,)."""
    array = np.asarray(value.magnitude, dtype=np.float64) * _gwp_factor(value.unit, gwp_set)
    if array.size == 1:
        return np.full(size, float(array.reshape(-1)[0]))
    if array.size != size:
        raise ValueError(
            f"a term under Monte Carlo must be one value per iteration; found shape {array.shape}"
        )
    return array.reshape(size)


def monte_carlo(loaded: LoadedProject) -> dict[str, MonteCarloResult]:
    """Run the methodology over the iterations, chunk by chunk; summarise each period's net."""
    from mrv.common.progress import advance  # noqa: PLC0415
    from mrv.contract.draws import BLOCK, summarise  # noqa: PLC0415

    settings = loaded.document.uncertainty
    assert settings is not None  # noqa: S101 - called only when declared
    run = settings.monte_carlo
    # whole blocks of the sampler's streams: a window that cut a block would draw it twice
    step = max(BLOCK, run.chunk - run.chunk % BLOCK)
    ranges = [
        (start, min(start + step, run.iterations)) for start in range(0, run.iterations, step)
    ]
    chunk = functools.partial(_chunk_nets, loaded)
    if current_executor() is None:  # in this process: announce each chunk as it is done
        computed = []
        for bounds in ranges:
            computed.append(chunk(bounds))
            advance("Monte Carlo iterations", bounds[1], run.iterations)
    else:
        computed = map_tasks(chunk, ranges)
        advance("Monte Carlo iterations", run.iterations, run.iterations)
    nets = {
        period.id: [nets_of_chunk[period.id] for nets_of_chunk in computed]
        for period in loaded.document.monitoring_periods
    }
    results = {}
    for period_id, chunks in nets.items():
        net = np.concatenate(chunks)
        summary = summarise(net)
        broken = int(np.count_nonzero(~np.isfinite(net)))
        if broken or not all(value is None or np.isfinite(value) for value in summary.values()):
            raise InputError(
                [
                    Problem(
                        loaded.file,
                        "uncertainty.monte_carlo",
                        f"period {period_id}: {broken} of {net.size} iterations give a non-finite "
                        "net benefit or their spread overflows; a distribution or parameter reaches "
                        "values the equations cannot take",
                    )
                ]
            )
        results[period_id] = MonteCarloResult.model_validate(
            {
                key: None if value is None else float(deductions.settle(value))
                for key, value in summary.items()
            }
        )
    return results


def _chunk_nets(
    loaded: LoadedProject, bounds: tuple[int, int]
) -> dict[str, npt.NDArray[np.float64]]:
    """Net benefit of each period for iterations [start, stop) [t CO2e]; a pure function."""
    from mrv.contract.draws import Sampler  # noqa: PLC0415

    settings = loaded.document.uncertainty
    assert settings is not None  # noqa: S101 - called only when declared
    start, stop = bounds
    gwp_set = loaded.document.project.gwp_set
    sampler = Sampler(settings.monte_carlo.seed, start, stop)
    parameters = ParameterSet(loaded.parameters, sampler if settings.parameters else None)
    trace = Trace(sampler=sampler, distributions=settings.distributions)
    outcomes = calculate(loaded, parameters, trace)
    if start == 0:
        _check_distributions(loaded, trace)
    nets = {}
    for outcome in outcomes:
        try:
            parts = {
                group: sum(
                    (
                        _iterations(term.value, sampler.size, gwp_set)
                        for term in getattr(outcome, group)
                    ),
                    np.zeros(sampler.size),
                )
                for group in GROUPS
            }
        except ValueError as error:
            raise PluginFailure(
                loaded.provider,
                f"{error}; equations must broadcast an iteration axis (docs/plugins.md)",
            ) from error
        nets[outcome.period_id] = parts["baseline"] - parts["project"] - parts["leakage"]
    return nets


def _check_distributions(loaded: LoadedProject, trace: Trace) -> None:
    """Refuse distributions declared for paths the methodology never traces (a typo does nothing)."""
    settings = loaded.document.uncertainty
    unknown = sorted(set(settings.distributions) - trace.inputs_seen) if settings else []
    if unknown:
        known = ", ".join(sorted(trace.inputs_seen)[:12])
        raise InputError(
            [
                Problem(
                    loaded.file,
                    f"uncertainty.distributions.{path}",
                    f"no input is traced under this path; traced inputs include: {known}",
                )
                for path in unknown
            ]
        )


def monte_carlo_run(loaded: LoadedProject) -> dict[str, Any] | None:
    """Describe the Monte Carlo run for the report (seed, generator, iterations, what was drawn)."""
    from mrv.contract.draws import BLOCK, Sampler  # noqa: PLC0415

    settings = loaded.document.uncertainty
    if settings is None:
        return None
    run = settings.monte_carlo
    return MonteCarloRun(
        iterations=run.iterations,
        seed=run.seed,
        generator=f"numpy {Sampler.generator} from SeedSequence({run.seed}), spawn key (variable, element, block)",
        chunk=run.chunk,
        block=BLOCK,
        inputs=tuple(sorted(settings.distributions)),
        parameters=settings.parameters,
    ).model_dump(mode="json")
