"""Parameter tables: default values as data, each with its source; profiles layered on top.

A table is one YAML file (``cf_tree.yaml``)::

    id: cf_tree
    description: Carbon fraction of tree biomass
    unit: t C / t
    source: {document: AR-TOOL14 v04.2, paragraph: "Data/parameter table 6"}
    dimensions: []
    values:
      - {value: 0.47, min: 0.44, max: 0.49}

or a CSV file with a ``<name>.meta.yaml`` sidecar holding everything but ``values``; the CSV has
one column per dimension, ``value`` and optionally ``min``, ``max`` and ``source_*`` columns
(``source_table``, ``source_page``, ...) that override the table's source for that row.

A profile is a folder of tables of the same form; its rows replace the rows with the same key
in the default tables (a provincial profile can change a few values). The merged set is
hashed for the report (``parameters_sha256``).
"""

from __future__ import annotations

import csv
import functools
import io
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, ValidationError, field_validator, model_validator

from mrv.common import units
from mrv.common.coded import Coded
from mrv.common.errors import InputError, Problem, problems_from_validation
from mrv.contract.equations import Traced
from mrv.io.documents import load_document
from mrv.model.base import Identifier, Model
from mrv.model.report import ParameterUse
from mrv.model.source import Source

__all__ = [
    "Distribution",
    "ParameterRow",
    "ParameterSet",
    "ParameterTable",
    "load_parameter_folder",
    "merge_tables",
]

_ROW_FIELDS = {"value", "min", "max", "distribution", "source", "note", "key"}


class Distribution(Model):
    """A probability distribution of a parameter, for Monte Carlo propagation.

    ``normal`` and ``lognormal`` take ``sd`` (in the table's unit; for lognormal, of the value
    itself); ``triangular`` and ``uniform`` use the row's ``min`` and ``max`` (and ``value`` as
    the mode of a triangular distribution).
    """

    kind: Literal["normal", "lognormal", "triangular", "uniform"]
    sd: float | None = Field(None, gt=0)


class ParameterRow(Model):
    """One value of a table, keyed by the table's dimensions."""

    key: dict[str, str] = Field(default_factory=dict)
    value: float
    min: float | None = None
    max: float | None = None
    distribution: Distribution | None = None
    source: Source | None = None
    note: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> ParameterRow:
        for name in ("value", "min", "max"):
            number = getattr(self, name)
            if number is not None and not math.isfinite(number):
                raise ValueError(f"{name} must be a finite number")
        low = -math.inf if self.min is None else self.min
        high = math.inf if self.max is None else self.max
        if not low <= self.value <= high:
            raise ValueError(
                f"value {self.value} lies outside [min, max] = [{self.min}, {self.max}]"
            )
        if self.distribution is not None:
            kind = self.distribution.kind
            if kind in {"normal", "lognormal"} and self.distribution.sd is None:
                raise ValueError(f"a {kind} distribution needs sd")
            if kind in {"triangular", "uniform"} and (self.min is None or self.max is None):
                raise ValueError(f"a {kind} distribution needs min and max")
        return self


class ParameterTable(Model):
    """A table of default values with one unit and one source (rows may cite their own).

    ``setting: true`` marks a value the standard fixes as part of a rule (a confidence
    quantile, a threshold, a class bound, a limit in years): it is never drawn under Monte
    Carlo, since the rule, not a measurement, sets it, and a distribution on it is refused.
    """

    id: Identifier
    description: str
    unit: str
    source: Source
    dimensions: tuple[str, ...] = ()
    setting: bool = Field(
        False,
        exclude_if=lambda value: not value,  # written (and hashed) only when set
        description="a rule's setting, never drawn under Monte Carlo",
    )
    values: tuple[ParameterRow, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _inline_keys(cls, data: Any) -> Any:
        """Move dimension columns written inline in a row (``{climate: x, value: 1}``) into ``key``."""
        if not isinstance(data, dict) or not isinstance(data.get("values"), list):
            return data
        dimensions = data.get("dimensions") or []
        rows = []
        for row in data["values"]:
            if isinstance(row, dict) and "key" not in row:
                key = {name: str(row[name]) for name in dimensions if name in row}
                rest = {name: value for name, value in row.items() if name not in key}
                rows.append({"key": key, **rest} if key else rest)
            else:
                rows.append(row)
        return {**data, "values": rows}

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        units.parse_unit(value)
        return value

    @model_validator(mode="after")
    def _settings_are_not_drawn(self) -> ParameterTable:
        if self.setting:
            for index, row in enumerate(self.values):
                if row.distribution is not None:
                    raise ValueError(
                        f"values[{index}] declares a distribution, but the table is a setting "
                        "of a rule (setting: true), which Monte Carlo never draws"
                    )
        return self

    @model_validator(mode="after")
    def _keys(self) -> ParameterTable:
        seen: set[tuple[str, ...]] = set()
        for index, row in enumerate(self.values):
            if set(row.key) != set(self.dimensions):
                raise ValueError(
                    f"values[{index}] has key {sorted(row.key)}; expected the dimensions {list(self.dimensions)}"
                )
            key = self.key_of(row.key)
            if key in seen:
                raise ValueError(f"values[{index}] repeats the key {dict(row.key)}")
            seen.add(key)
        return self

    def key_of(self, key: Mapping[str, str]) -> tuple[str, ...]:
        """Return the key as a tuple in dimension order."""
        return tuple(str(key[name]) for name in self.dimensions)

    def row(self, **key: str) -> ParameterRow:
        """Return the row with this key.

        Raises
        ------
        KeyError
            Naming the table and the key, and the keys that exist.
        """
        wanted = self.key_of(key) if set(key) == set(self.dimensions) else None
        for candidate in self.values:
            if wanted is not None and self.key_of(candidate.key) == wanted:
                return candidate
        known = "; ".join(",".join(self.key_of(row.key)) for row in self.values[:12])
        raise KeyError(
            f"table {self.id!r} has no value for {key}; dimensions {list(self.dimensions)}, keys include: {known}"
        )

    def source_of(self, row: ParameterRow) -> Source:
        """Return the row's own source, or the table's."""
        return row.source or self.source


def _reference(table: ParameterTable, row: ParameterRow) -> str:
    if not table.dimensions:
        return table.id
    key = ",".join(f"{name}={row.key[name]}" for name in table.dimensions)
    return f"{table.id}[{key}]"


def _read_csv_rows(path: Path, dimensions: Iterable[str]) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")
    rows: list[dict[str, Any]] = []
    dimension_names = set(dimensions)
    for record in csv.DictReader(io.StringIO(text)):
        row: dict[str, Any] = {"key": {}}
        source: dict[str, str] = {}
        for name, cell in record.items():
            if name is None or cell is None or cell.strip() == "":
                continue
            if name in dimension_names:
                row["key"][name] = cell.strip()
            elif name in {"value", "min", "max"}:
                row[name] = float(cell)
            elif name.startswith("source_"):
                source[name.removeprefix("source_")] = cell.strip()
            elif name == "note":
                row["note"] = cell.strip()
            else:
                raise ValueError(f"unknown column {name!r}")
        if source:
            row["source"] = source
        rows.append(row)
    return rows


def _load_table(path: Path) -> ParameterTable:
    if path.suffix == ".csv":
        meta_path = path.with_suffix(".meta.yaml")
        if not meta_path.exists():
            raise InputError(
                [
                    Problem(
                        str(path), "", f"a CSV parameter table needs its sidecar {meta_path.name}"
                    )
                ]
            )
        data = load_document(meta_path)
        if not isinstance(data, dict):
            raise InputError([Problem(str(meta_path), "", "expected a mapping")])
        try:
            rows = _read_csv_rows(path, data.get("dimensions") or [])
        except ValueError as error:
            raise InputError([Problem(str(path), "", str(error))]) from None
        declared = data.get("source")
        table_source: dict[str, Any] = declared if isinstance(declared, dict) else {}
        for row in rows:
            if "source" in row:  # source_* columns refine the table's source for that row
                row["source"] = {**table_source, **row["source"]}
        data = {**data, "values": rows}
        file = str(path)
    else:
        data = load_document(path)
        file = str(path)
    try:
        table = ParameterTable.model_validate(data)
    except ValidationError as error:
        raise InputError(problems_from_validation(error.errors(), file)) from None
    if table.id != path.name.removesuffix(".meta.yaml").removesuffix(path.suffix):
        raise InputError(
            [Problem(file, "id", f"table id {table.id!r} must match the file name {path.stem!r}")]
        )
    return table


def load_parameter_folder(folder: Path) -> dict[str, ParameterTable]:
    """Load every table in a folder (not its sub-folders).

    Tables are immutable, so a folder is parsed once and reused while none of its files changes
    (name, size and modification time are the key).

    Raises
    ------
    InputError
        Naming the file and field of every bad table.
    """
    paths = tuple(sorted(path for path in folder.iterdir() if path.is_file()))
    signature = tuple((path.name, path.stat().st_size, path.stat().st_mtime_ns) for path in paths)
    return dict(_load_folder(folder, signature))


@functools.lru_cache(maxsize=64)
def _load_folder(
    folder: Path, signature: tuple[tuple[str, int, int], ...]
) -> tuple[tuple[str, ParameterTable], ...]:
    tables: dict[str, ParameterTable] = {}
    problems: list[Problem] = []
    paths = [folder / name for name, _, _ in signature]
    for path in paths:
        if path.name.endswith(".meta.yaml") or path.suffix not in {".yaml", ".yml", ".csv"}:
            continue
        try:
            table = _load_table(path)
        except InputError as error:
            problems.extend(error.problems)
            continue
        if table.id in tables:
            problems.append(Problem(str(path), "id", f"table id {table.id!r} is defined twice"))
            continue
        tables[table.id] = table
    if problems:
        raise InputError(problems)
    return tuple(tables.items())


def merge_tables(
    base: Mapping[str, ParameterTable], override: Mapping[str, ParameterTable]
) -> dict[str, ParameterTable]:
    """Layer a profile over default tables: rows with the same key are replaced, new rows added.

    A table the defaults do not have is added whole. The unit and dimensions of an overriding
    table must equal the default's, so a profile cannot silently change what a value means.
    Rows keep their source: an overriding row without its own source cites its own table's.
    """
    merged = dict(base)
    for table_id, table in override.items():
        default = base.get(table_id)
        if default is None:
            merged[table_id] = table
            continue
        if (
            units.parse_unit(default.unit) != units.parse_unit(table.unit)
            or default.dimensions != table.dimensions
        ):
            raise InputError(
                [
                    Problem(
                        table_id,
                        "",
                        f"profile table changes the unit or dimensions of {table_id!r}; expected {default.unit!r} with {list(default.dimensions)}",
                    )
                ]
            )
        rows = {default.key_of(row.key): row for row in default.values}
        for row in table.values:
            rows[table.key_of(row.key)] = (
                row if row.source else row.model_copy(update={"source": table.source})
            )
        merged[table_id] = default.model_copy(update={"values": tuple(rows.values())})
    return merged


class ParameterSet:
    """The merged tables of one calculation; records every value it hands out."""

    def __init__(self, tables: Mapping[str, ParameterTable], sampler: Any = None) -> None:
        self.tables = dict(tables)
        self.used: dict[str, ParameterUse] = {}
        self.sampler = sampler

    def _random(self, table: ParameterTable, row: ParameterRow) -> bool:
        return (
            self.sampler is not None
            and not table.setting
            and (row.distribution is not None or (row.min is not None and row.max is not None))
        )

    def _draws(self, reference: str, row: ParameterRow) -> npt.NDArray[np.float64]:
        """Draws of one row for the sampler's iterations, shape (iterations,)."""
        from mrv.contract.draws import Draw  # noqa: PLC0415

        spec = row.distribution
        low = row.min if row.min is not None else row.value
        high = row.max if row.max is not None else row.value
        if spec is None or spec.kind == "triangular":
            draw = Draw("triangular", low=low, mode=row.value, high=high)
        elif spec.kind == "uniform":
            draw = Draw("uniform", low=low, high=high)
        else:
            draw = Draw(spec.kind, sd=spec.sd or 0.0, mean=row.value)
        return np.asarray(
            self.sampler.draw(f"parameter:{reference}", ["0"], draw)[:, 0], dtype=np.float64
        )

    def table(self, table_id: str) -> ParameterTable:
        """Return a table by id."""
        try:
            return self.tables[table_id]
        except KeyError:
            raise KeyError(
                f"no parameter table {table_id!r}; known: {', '.join(sorted(self.tables))}"
            ) from None

    def _use(self, table: ParameterTable, row: ParameterRow) -> str:
        reference = _reference(table, row)
        if reference not in self.used:
            self.used[reference] = ParameterUse(
                table=table.id,
                key=dict(row.key),
                value=row.value,
                unit=table.unit,
                min=row.min,
                max=row.max,
                source=table.source_of(row),
            )
        return reference

    def get(self, table_id: str, **key: str) -> Traced:
        """Return one value as :class:`Traced` (``parameter:<ref>``) and record its use."""
        table = self.table(table_id)
        row = table.row(**key)
        reference = self._use(table, row)
        if self._random(table, row):
            return Traced(
                self._draws(reference, row).reshape(-1, 1), table.unit, (f"parameter:{reference}",)
            )
        return Traced(row.value, table.unit, (f"parameter:{reference}",))

    def lookup(self, table_id: str, **keys: npt.ArrayLike | Coded) -> Traced:
        """Return the values for arrays of keys (one per stratum, tree ...), vectorised.

        A key given as :class:`~mrv.common.coded.Coded` (a table's text column, ``Table.coded``) is
        matched by its few distinct values and gathered by code; a plain array is compared with
        the table's few distinct key values (no sort of the data). The codes of all dimensions
        are combined into one index and the values gathered in one step. Every distinct key used
        is recorded.
        """
        table = self.table(table_id)
        if set(keys) != set(table.dimensions) or not table.dimensions:
            raise KeyError(
                f"table {table_id!r} is keyed by {list(table.dimensions)}; got {sorted(keys)}"
            )
        shape: list[int] = []
        flat_index: npt.NDArray[np.intp] | None = None
        levels_by_dimension: list[list[str]] = []
        for name in table.dimensions:
            levels = sorted({row.key[name] for row in table.values})
            given = keys[name]
            if isinstance(given, Coded):
                codes = given.recode(levels)
                unknown = given.values()[codes < 0] if (codes < 0).any() else np.empty(0)
            else:
                array = np.asarray(given)
                if array.dtype.kind != "U":  # text arrays are used as they are, not copied
                    array = array.astype(np.str_)
                codes = np.full(array.shape, -1, dtype=np.intp)
                for code, level in enumerate(levels):
                    codes[array == level] = code
                unknown = array[codes < 0]
            if unknown.size:
                raise KeyError(
                    f"table {table_id!r} has no {name} {str(unknown.flat[0])!r}; known: {', '.join(levels)}"
                )
            flat_index = codes if flat_index is None else flat_index * len(levels) + codes
            shape.append(len(levels))
            levels_by_dimension.append(levels)
        grid = np.full(int(np.prod(shape)), np.nan)
        for row in table.values:
            codes_of_row = [
                levels.index(row.key[name])
                for name, levels in zip(table.dimensions, levels_by_dimension, strict=True)
            ]
            grid[np.ravel_multi_index(codes_of_row, shape)] = row.value
        assert flat_index is not None  # noqa: S101 - the table has at least one dimension
        counts = np.bincount(flat_index.ravel(), minlength=grid.size)  # no sort of the keys
        used = np.unravel_index(np.flatnonzero(counts), shape)
        refs = []
        random: dict[int, npt.NDArray[np.float64]] = {}
        for combination in zip(*(codes.tolist() for codes in used), strict=True):
            key = {
                name: levels[code]
                for name, levels, code in zip(
                    table.dimensions, levels_by_dimension, combination, strict=True
                )
            }
            row = table.row(**key)  # a missing combination raises here
            reference = self._use(table, row)
            refs.append(f"parameter:{reference}")
            if self._random(table, row):
                random[int(np.ravel_multi_index(combination, shape))] = self._draws(reference, row)
        if not random:
            return Traced(grid[flat_index], table.unit, tuple(refs))
        iterations = next(iter(random.values())).shape[0]
        grids = np.broadcast_to(grid, (iterations, grid.size)).copy()
        for position, draws in random.items():
            grids[:, position] = draws
        return Traced(grids[:, flat_index], table.unit, tuple(refs))
