"""RothC-26.3 over 100,000 fields for 10 years (120 monthly steps), vectorised over fields."""

from __future__ import annotations

import time

import numpy as np

from mrv.tools.rothc import Pools, run

FIELDS = 100_000
MONTHS = 120


def main() -> None:
    rng = np.random.default_rng(2)
    season = np.tile(
        np.array([2, 4, 9, 15, 20, 24, 26, 25, 20, 14, 7, 3], dtype=np.float64), MONTHS // 12
    )[:, None]
    temperature = season + rng.normal(0, 1, (MONTHS, FIELDS))
    rain = np.tile(
        np.array([5, 8, 15, 25, 40, 70, 120, 110, 60, 30, 12, 5], dtype=np.float64), MONTHS // 12
    )[:, None] * np.ones(FIELDS)
    evaporation = np.tile(
        np.array([10, 15, 35, 60, 90, 110, 105, 95, 70, 45, 20, 10], dtype=np.float64), MONTHS // 12
    )[:, None] * np.ones(FIELDS)
    covered = np.tile(np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0], dtype=bool), MONTHS // 12)[
        :, None
    ] & np.ones(FIELDS, dtype=bool)
    plant = np.where(covered, 0.35, 0.0)
    manure = np.zeros((MONTHS, FIELDS))
    clay = rng.uniform(10, 40, FIELDS)
    soc = rng.uniform(8, 30, FIELDS)
    iom = 0.049 * soc**1.139
    pools = Pools(0.01 * soc, 0.1 * soc, 0.02 * soc, soc - iom - 0.13 * soc, iom)
    start = time.perf_counter()
    final, _, _ = run(
        pools,
        plant,
        manure,
        temperature,
        rain,
        evaporation,
        covered,
        clay,
        np.full(FIELDS, 23.0),
        np.full(FIELDS, 1.44),
    )
    seconds = time.perf_counter() - start
    print(
        f"RothC-26.3                     {FIELDS:,} fields x {MONTHS // 12} years  {seconds:.2f} s  (mean SOC {pools.total.mean():.2f} -> {final.total.mean():.2f} t C/ha)"
    )


if __name__ == "__main__":
    main()
