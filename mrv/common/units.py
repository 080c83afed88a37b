"""The one unit registry of mrv: masses, areas, species and GWP contexts.

Species are units, so carbon arithmetic is checked by pint:

* ``C`` (carbon) is a base dimension ``[carbon]``; ``CO2`` is defined as 12/44 C and ``CO2e`` as
  ``CO2``, so ``t C`` converts to ``t CO2`` through the registry (IPCC 2006 GL Vol. 4, Ch. 2,
  Eq. 2.16 uses the ratio 44/12 of molecular weights).
* ``CH4``, ``CH4_biogenic`` (non-fossil methane), ``N2O`` and ``N`` are dimensions of their own;
  ``CH4_C`` (16/12 CH4) and ``N2O_N`` (44/28 N2O) are the element-mass forms the IPCC equations
  use (IPCC 2006 GL Vol. 4, Ch. 11, Eq. 11.1 converts N2O-N to N2O by 44/28).
* ``t CH4`` and ``t N2O`` become ``t CO2e`` only inside a GWP context (``SAR``, ``AR4``, ``AR5``,
  ``AR6``), whose 100-year values come from the ``globalwarmingpotentials`` package; the AR6
  value for non-fossil methane is read from ``mrv/data/gwp_additions.yaml``.

The registry is built once, lazily, on first use (``get_registry()``); ``import mrv.common.units`` does
not import pint. Nothing is read from user-writable paths and pint's disk cache is off.

Unit strings are parsed with one rule added to pint's: white space binds tighter than ``/``,
so ``kg N2O_N / kg N`` means ``(kg N2O_N) / (kg N)`` as a scientist would read it.
``C`` and ``N`` mean carbon and nitrogen here, not coulomb and newton, and ``mu`` (亩) is the
Chinese land unit of 1/15 ha, not a milli atomic mass unit. ``CNY`` (元, 万元), ``USD`` and ``EUR``
are currencies for planning estimates, each its own dimension: they never convert into each other.
"""

from __future__ import annotations

import contextlib
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from mrv.common.errors import quote

if TYPE_CHECKING:
    import pint

__all__ = [
    "GWP_SETS",
    "REPORT_UNIT",
    "GwpValue",
    "conversion_factor",
    "convert",
    "format_unit",
    "get_registry",
    "gwp_value",
    "parse_unit",
    "split_quantity_text",
]

#: The unit every reported figure is in.
REPORT_UNIT = "t CO2e"

#: GWP sets a project may declare, mapped to the globalwarmingpotentials key (100-year horizon).
GWP_SETS: dict[str, str] = {
    "SAR": "SARGWP100",
    "AR4": "AR4GWP100",
    "AR5": "AR5GWP100",
    "AR6": "AR6GWP100",
}

#: Species that need a GWP to become CO2e, with the package key whose value they take by default.
GWP_SPECIES: dict[str, str] = {"CH4": "CH4", "CH4_biogenic": "CH4", "N2O": "N2O"}

_SPECIES_DIMENSION = {
    "CH4": "[methane]",
    "CH4_biogenic": "[biogenic_methane]",
    "N2O": "[nitrous_oxide]",
}

# Molecular-weight ratios are written once, here, as unit definitions: 44/12 (CO2/C),
# 16/12 (CH4/C) and 44/28 (N2O/N2), IPCC 2006 GL Vol. 4 Ch. 2 Eq. 2.16 and Ch. 11 Eq. 11.1.
_DEFINITIONS = (
    "carbon = [carbon] = C",
    "carbon_dioxide = 12/44 * carbon = CO2",
    "carbon_dioxide_equivalent = carbon_dioxide = CO2e = CO2eq",
    "methane = [methane] = CH4",
    "methane_carbon = 16/12 * methane = CH4_C",
    "biogenic_methane = [biogenic_methane] = CH4_biogenic = CH4_nonfossil",
    "biogenic_methane_carbon = 16/12 * biogenic_methane = CH4_C_biogenic",
    "nitrous_oxide = [nitrous_oxide] = N2O",
    "nitrous_oxide_nitrogen = 44/28 * nitrous_oxide = N2O_N",
    "nitrogen = [nitrogen] = N",
    "fraction = 1 = frac",
    # The Chinese land unit mu (亩), one fifteenth of a hectare; without this line pint would
    # read "mu" as a milli atomic mass unit.
    "mu = hectare / 15 = _ = 亩",
    # Currencies, each a dimension of its own: mrv never converts between them (an exchange rate
    # is the user's assumption, not a unit); 万元 is ten thousand yuan.
    "yuan = [currency_CNY] = CNY = RMB = 元",
    "wan_yuan = 10000 * yuan = _ = 万元",
    "US_dollar = [currency_USD] = USD",
    "euro = [currency_EUR] = EUR",
)

# Dimensional forms in which a gas may be converted to CO2e: amount, per time, per area, per
# area per time, per volume (every combination a methodology reports).
_FORMS: tuple[dict[str, int], ...] = (
    {},
    {"[mass]": 1},
    {"[mass]": 1, "[time]": -1},
    {"[mass]": 1, "[length]": -2},
    {"[mass]": 1, "[length]": -2, "[time]": -1},
    {"[mass]": 1, "[length]": -3},
)

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


@dataclass(frozen=True)
class GwpValue:
    """A 100-year global warming potential and where it comes from.

    Attributes
    ----------
    gwp_set : str
        The set (``AR5``, ...).
    species : str
        The gas (``CH4``, ``CH4_biogenic``, ``N2O``).
    value : float
        t CO2e per t of the gas [t CO2e / t gas].
    source : dict
        Document and table of the value.
    """

    gwp_set: str
    species: str
    value: float
    source: dict[str, str]


@cache
def _gwp_table() -> dict[tuple[str, str], GwpValue]:
    from importlib.metadata import version  # noqa: PLC0415

    import globalwarmingpotentials as gwp  # noqa: PLC0415 - deferred: only needed with contexts
    import yaml  # noqa: PLC0415

    package = f"globalwarmingpotentials {version('globalwarmingpotentials')}"

    table: dict[tuple[str, str], GwpValue] = {}
    for name, key in GWP_SETS.items():
        for species, package_species in GWP_SPECIES.items():
            table[name, species] = GwpValue(
                name,
                species,
                float(gwp.data[key][package_species]),
                {
                    "document": package,
                    "table": f"{key}: {package_species}",
                },
            )
    text = resources.files("mrv.data").joinpath("gwp_additions.yaml").read_text("utf-8")
    for row in yaml.safe_load(text):
        table[row["gwp_set"], row["species"]] = GwpValue(
            row["gwp_set"], row["species"], float(row["value"]), dict(row["source"])
        )
    return table


def gwp_value(gwp_set: str, species: str) -> GwpValue:
    """Return the 100-year GWP of a species in a GWP set.

    Parameters
    ----------
    gwp_set : str
        One of :data:`GWP_SETS`.
    species : str
        ``CH4``, ``CH4_biogenic`` or ``N2O``.

    Returns
    -------
    GwpValue
        The value [t CO2e / t gas] with its source.
    """
    try:
        return _gwp_table()[gwp_set, species]
    except KeyError:
        raise KeyError(
            f"no GWP for {species!r} in set {gwp_set!r}; sets: {', '.join(GWP_SETS)}"
        ) from None


@cache
def get_registry() -> pint.UnitRegistry[Any]:
    """Build (once) and return the shared unit registry.

    The registry is shared by everything in the process and is set as pint's application
    registry, so quantities made by user code interoperate with mrv's. It is frozen once built
    (:class:`FrozenRegistryError` on ``define``, ``add_context``, ...): methodologies declare
    units, they never change the registry.
    """
    import pint  # noqa: PLC0415 - pint takes ~0.4 s to import; only pay it when units are used

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(
        cache_folder=None, on_redefinition="ignore", autoconvert_offset_to_baseunit=True
    )
    for definition in _DEFINITIONS:
        ureg.define(definition)
    for gwp_set in GWP_SETS:
        ureg.add_context(_gwp_context(pint, gwp_set))
    pint.set_application_registry(ureg)  # type: ignore[no-untyped-call]
    _freeze(ureg)
    return ureg


class FrozenRegistryError(RuntimeError):
    """Raised when code tries to change the shared unit registry after mrv built it."""


#: Methods that change what units mean; after the registry is built each one refuses.
_MUTATORS = ("define", "load_definitions", "add_context", "remove_context", "enable_contexts")


def _freeze(ureg: Any) -> None:
    """Make the registry refuse new or changed definitions and contexts.

    ``hectare = 20000 * meter ** 2`` defined by a plug-in would silently change every
    methodology's figures; a plug-in that tries it fails, and is reported broken by name.
    """

    def refuse(name: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            shown = ", ".join(repr(arg) for arg in args)
            raise FrozenRegistryError(
                f"the unit registry is frozen: {name}({shown}) would change the units of every "
                "methodology; a plug-in declares the units it uses and never defines them"
            )

        return refused

    enable, disable = ureg.enable_contexts, ureg.disable_contexts

    @contextlib.contextmanager
    def context(*names: Any, **kwargs: Any) -> Iterator[Any]:
        """Activate contexts for one conversion (GWP sets), as pint does, on the frozen registry."""
        enable(*names, **kwargs)
        try:
            yield ureg
        finally:
            disable(len(names))

    for name in _MUTATORS:
        setattr(ureg, name, refuse(name))
    ureg.context = context


def _gwp_context(pint: Any, gwp_set: str) -> Any:
    from pint.util import UnitsContainer  # noqa: PLC0415

    context = pint.Context(gwp_set)
    for species, dimension in _SPECIES_DIMENSION.items():
        factor = gwp_value(gwp_set, species).value
        for form in _FORMS:
            source = UnitsContainer({dimension: 1, **form})
            target = UnitsContainer({"[carbon]": 1, **form})
            context.add_transformation(source, target, _to_co2e(factor, species))
    return context


def _to_co2e(factor: float, species: str) -> Any:
    def transform(ureg: Any, value: Any) -> Any:
        return value * ureg.Quantity(factor, f"CO2e / {species}")

    return transform


def _group_division(text: str) -> str:
    """Wrap each top-level ``/`` operand in parentheses so that spaces bind tighter than ``/``."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "/" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if len(parts) == 1:
        return text
    return " / ".join(f"({part.strip() or '1'})" for part in parts)


MAX_UNIT_LENGTH = 100
"""Longest unit string read [characters]: the longest unit a table or document needs (``kg
N2O_N / kg N / ha / yr``) is under 30; pint's parser is recursive and slows with length."""
MAX_UNIT_NESTING = 4
"""Deepest nesting of brackets in a unit string."""


def _check_unit_size(text: str) -> None:
    """Refuse a unit string too long or too deeply bracketed to parse quickly and safely."""
    if len(text) > MAX_UNIT_LENGTH:
        raise ValueError(
            f"unit {quote(text)} is too long: at most {MAX_UNIT_LENGTH} characters are read"
        )
    depth = deepest = 0
    for character in text:
        if character in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in ")]}":
            depth -= 1
    if deepest > MAX_UNIT_NESTING:
        raise ValueError(
            f"unit {quote(text)} nests brackets {deepest} deep; at most {MAX_UNIT_NESTING} are read"
        )


@cache
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string; white space binds tighter than ``/``.

    Parameters
    ----------
    text : str
        A unit such as ``t C / ha / yr`` or ``kg N2O_N / kg N``.

    Returns
    -------
    pint.Unit
        The unit.

    Raises
    ------
    ValueError
        If the string is not a unit the registry knows.
    """
    import pint  # noqa: PLC0415

    ureg = get_registry()
    stripped = text.strip()
    _check_unit_size(text)
    if stripped in {"", "1", "-"}:
        return ureg.dimensionless
    if stripped == "%":
        return ureg.percent
    try:
        unit = ureg.parse_units(_group_division(stripped))
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AssertionError,
        TypeError,
        ValueError,
        AttributeError,
        SyntaxError,
        tokenize.TokenError,  # an unclosed bracket, e.g. "(kg"
    ) as error:
        raise ValueError(f"unknown unit {quote(text)}") from error
    return unit


def split_quantity_text(text: str) -> tuple[float, str]:
    """Split ``"12.5 t/ha"`` into ``(12.5, "t/ha")`` without evaluating anything.

    Raises
    ------
    ValueError
        If the text does not start with a number.
    """
    match = _NUMBER.match(text)
    if match is None:
        raise ValueError(f"expected a number followed by a unit, found {text!r}")
    return float(match.group(1)), match.group(2)


@cache
def conversion_factor(source: str, target: str) -> float:
    """Return the factor that converts magnitudes in ``source`` units to ``target`` units.

    Only for multiplicative units (no temperature offsets). No GWP context is active, so a gas
    never becomes CO2e here.

    Parameters
    ----------
    source, target : str
        Unit strings of the same dimension.

    Returns
    -------
    float
        Multiply a magnitude in ``source`` by this to get it in ``target`` [dimensionless].
    """
    ureg = get_registry()
    return float(ureg.Quantity(1.0, parse_unit(source)).m_as(parse_unit(target)))


def convert(values: Any, source: str, target: str) -> Any:
    """Convert magnitudes from ``source`` to ``target`` units, temperature offsets included.

    Multiplicative units take one multiplication; offset units (``degC``, ``degF``) go through
    a single pint Quantity wrapping the whole array.

    Parameters
    ----------
    values : float or numpy.ndarray
        Magnitudes in ``source``.
    source, target : str
        Unit strings of the same dimension.

    Returns
    -------
    float or numpy.ndarray
        Magnitudes in ``target``.
    """
    if source == target:
        return values
    ureg = get_registry()
    unit_from, unit_to = parse_unit(source), parse_unit(target)
    factor = multiplier(unit_from, unit_to)
    if factor is None:  # an offset between them (degC to K)
        return ureg.Quantity(values, unit_from).m_as(unit_to)
    return values if factor == 1.0 else values * factor


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def pretty_unit(text: str) -> str:
    """Write a unit as people do on a page: ``g/cm³``, ``t C/ha``, ``yr⁻¹``, not ``g/cm**3``.

    Powers become superscripts, products a space, and a species after a mass follows it
    (``C * t / ha`` is ``t C/ha``). Only for display: :func:`parse_unit` reads the plain form.
    """
    powered = re.sub(
        r"\s*\*\*\s*(-?\d+)", lambda match: match.group(1).translate(_SUPERSCRIPTS), text
    )
    shown = []
    for part in powered.split("/"):
        factors = [factor for factor in re.split(r"[\s*]+", part) if factor]
        species = [factor for factor in factors if factor in _SPECIES_NAMES]
        shown.append(" ".join([f for f in factors if f not in _SPECIES_NAMES] + species))
    return "/".join(shown)


_SPECIES_NAMES = frozenset({"C", "CO2", "CO2e", "CH4", "N2O", "N", "N2O_N", "CH4_C"})


def format_unit(unit: Any) -> str:
    """Write a unit in the short form that :func:`parse_unit` reads back (``C * t / ha``).

    Formatting through pint costs tens of microseconds, so each unit is formatted once, keyed
    by its hashable unit container (a document of 10,000 strata writes one unit 10,000 times).
    """
    key = getattr(unit, "_units", None)
    if key is None:
        return _format_unit(unit)
    text = _FORMATTED.get(key)
    if text is None:
        text = _FORMATTED[key] = _format_unit(unit)
    return text


_FORMATTED: dict[Any, str] = {}
"""Units already formatted, by pint's unit container (a handful in any project)."""


def _format_unit(unit: Any) -> str:
    text = format(unit, "~D")
    return text if text else "1"


def multiplier(unit: Any, target: pint.Unit) -> float | None:
    """Return the factor taking magnitudes in pint unit ``unit`` to ``target``; None for an offset.

    Found once per pair of units (keyed by pint's hashable unit container), so converting
    10,000 scalar quantities of one unit costs one pint conversion and 10,000 multiplications.
    """
    return _multiplier(getattr(unit, "_units", None) or unit, getattr(target, "_units", target))


@cache
def _multiplier(unit: Any, target: Any) -> float | None:
    ureg = get_registry()
    if float(ureg.Quantity(0.0, unit).m_as(target)) != 0.0:  # degC to K: an offset, not a factor
        return None
    return float(ureg.Quantity(1.0, unit).m_as(target))
