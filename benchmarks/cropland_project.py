"""A synthetic cropland-soil project of many fields over 10 years, RothC included (workload W3).

Two strata, one management row per field and year, monthly climate by stratum, ex-ante periods
computed with measure-and-model (RothC-26.3).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import yaml

YEARS = range(2020, 2030)
EXAMPLE = Path(__file__).parents[1] / "examples" / "cropland-soil" / "project.yaml"


def write_project(folder: Path, fields: int) -> Path:
    """Write a synthetic cropland-soil project with ``fields`` fields of 1 ha."""
    rng = np.random.default_rng(1)
    stratum = np.where(np.arange(fields) < fields // 2, "S1", "S2")
    with (folder / "fields.csv").open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["field", "stratum", "area [ha]", "clay [%]"])
        writer.writerows(
            zip(
                [f"F{i}" for i in range(fields)],
                stratum,
                ["1"] * fields,
                np.round(rng.uniform(10, 30, fields), 1),
                strict=True,
            )
        )
    header = [
        "year",
        "field",
        "tillage",
        "input_level",
        "synthetic_n [kg N/ha]",
        "organic_n [kg N/ha]",
        "diesel [L/ha]",
        "plant_carbon [t C/ha]",
        "manure_carbon [t C/ha]",
    ]
    with (folder / "management.csv").open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for year in YEARS:
            writer.writerows(
                [year, f"F{i}", "reduced", "high_with_manure", 120, 80, 55, 2.2, 1.0]
                for i in range(fields)
            )
    months = range(1, 13)
    temperature = [-9.5, -5.6, 1.6, 9.6, 16.4, 20.4, 22.0, 20.1, 14.6, 7.9, -0.5, -7.6]
    with (folder / "climate.csv").open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["stratum", "month", "temperature [degC]", "rain [mm]", "evaporation [mm]"])
        for name in ("S1", "S2"):
            writer.writerows([name, m, temperature[m - 1], 40, 90] for m in months)
    document = yaml.safe_load(EXAMPLE.read_text())
    document["project"]["area"] = f"{fields} ha"
    document["project"]["strata"] = [
        {"id": "S1", "area": f"{fields // 2} ha"},
        {"id": "S2", "area": f"{fields - fields // 2} ha"},
    ]
    document["monitoring_periods"] = [
        {"id": f"Y{year}", "start": f"{year}-01-01", "end": f"{year}-12-31", "kind": "ex-ante"}
        for year in YEARS
    ]
    document.pop("measurements")
    inputs = document["inputs"]
    inputs.update(
        soc_route="measure_and_model",
        fields="fields.csv",
        management="management.csv",
        monthly_climate="climate.csv",
        model_validation={"relative_standard_error": "15 %", "sites": 12, "evidence": "benchmark"},
    )
    inputs.pop("soc_samples")
    for stratum in inputs["strata"]:
        stratum["initial_soc"] = "22 t C/ha"
        stratum["rothc"] = {
            "input_months": [9, 10],
            "covered_months_baseline": [5, 6, 7, 8, 9],
            "covered_months_project": [5, 6, 7, 8, 9, 10],
        }
        stratum["baseline"]["assessed_on"] = "2019-12-31"
    path = folder / "project.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path
