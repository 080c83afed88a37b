"""A synthetic portfolio of many sites made from example projects, for batch runs and benchmarks.

Each site is a copy of one example (in turn), with its own project id, a mining province as
its region, and one measured column scaled by a seeded factor, so that sites differ. Which
column of each example is scaled comes from ``portfolio.yaml`` beside the examples
(``folder: {table: plots.csv, column: agb}``), or from ``vary``; nothing here names a
methodology::

    python -m mrv.testing.portfolio examples portfolio --sites 1000
    mrv batch portfolio --workers 2 -o portfolio-reports
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from mrv.testing.editing import copy_project, scale_column

__all__ = ["REGIONS", "generate_portfolio", "varied_columns"]

#: Provinces with abandoned mines, given to the sites in turn.
REGIONS = (
    "Jiangxi",
    "Shanxi",
    "Inner Mongolia",
    "Shaanxi",
    "Anhui",
    "Shandong",
    "Henan",
    "Guizhou",
    "Yunnan",
    "Hebei",
)

#: File beside the examples naming the column each one varies.
VARIED_FILE = "portfolio.yaml"


def varied_columns(examples: Path) -> dict[str, tuple[str, str]]:
    """Read ``portfolio.yaml`` beside the examples: folder -> (table file, numeric column)."""
    import yaml  # noqa: PLC0415

    path = examples / VARIED_FILE
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(name): (str(item["table"]), str(item["column"])) for name, item in data.items()}


def generate_portfolio(
    examples: Path,
    target: Path,
    sites: int,
    seed: int = 20261124,
    vary: dict[str, tuple[str, str]] | None = None,
) -> list[Path]:
    """Write ``sites`` project folders under ``target`` from the examples; return their documents.

    Parameters
    ----------
    examples : pathlib.Path
        Folder of example projects (``*/project.yaml``).
    target : pathlib.Path
        Folder to write ``site-0000/`` ... into (created).
    sites : int
        How many sites.
    seed : int
        Seed of the scale factors (uniform in [0.85, 1.15]).
    vary : mapping or None
        Example folder -> (table file, column) to scale; ``portfolio.yaml`` when None.
    """
    columns = varied_columns(examples) if vary is None else vary
    templates = sorted(examples.glob("*/project.yaml"))
    if not templates:
        raise FileNotFoundError(f"no example projects under {examples}")
    factors = np.random.default_rng(seed).uniform(0.85, 1.15, sites)
    written = []
    for index in range(sites):
        template = templates[index % len(templates)].parent
        folder = target / f"site-{index:04d}"
        folder.mkdir(parents=True, exist_ok=True)

        def change(document: dict[str, Any], index: int = index) -> None:
            project = document["project"]
            project["id"] = f"PF-{index:04d}-{project['id']}"[:64]
            project.setdefault("location", {"country": "CN"})["region"] = REGIONS[
                index % len(REGIONS)
            ]

        written.append(copy_project(template, folder, change))
        varied = columns.get(template.name)
        if varied is not None:
            scale_column(folder / varied[0], varied[1], float(factors[index]))
    return written


def main() -> None:
    """Write a synthetic portfolio from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples", type=Path, help="folder of example projects")
    parser.add_argument("target", type=Path, help="folder to write the sites into")
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261124)
    arguments = parser.parse_args()
    paths = generate_portfolio(
        arguments.examples, arguments.target, arguments.sites, arguments.seed
    )
    print(f"wrote {len(paths)} sites under {arguments.target}")


if __name__ == "__main__":
    main()
