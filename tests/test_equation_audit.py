"""Dimensional audit of every equation shipped: same result on magnitudes and on Quantities."""

import importlib
import pkgutil

import numpy as np
import pytest

import methodologies
import mrv.tools
from mrv.testing import audit_equation


def _modules(package):
    """Every module of a package, so that no shipped equation escapes the audit."""
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    ]


MODULES = _modules(mrv.tools) + _modules(methodologies)

#: Equations that cannot be unit-transparent by nature, with the reason; each is checked against
#: worked examples instead (reference cases).
EMPIRICAL = {
    "b_tree_allometric": "power law with coefficients for DBH in cm and H in m",
    "root_shoot_cairns": "logarithm of biomass in t/ha",
    "ecosse_ch4_c": "linear in air temperature on the Celsius scale (an offset unit)",
    "isometric_persistence": "logarithm of the soil temperature on the Celsius scale",
    "t_val": "Student t quantile of a dimensionless confidence (scipy takes no Quantity)",
    "agb_by_route": "assembles one array from per-route index lists",
    "dsoc_in_period": "calendar arithmetic on years given as plain integers",
}

CODES = np.array([0, 0, 1, 1, 1])
#: Values for arguments that carry no unit (indices, counts, flags) or need a valid domain.
SAMPLES = {
    "soc_from_cores": {"cores": 4},
    "agb_plot_from_trees": {
        "plot_of_tree": np.array([0, 1, 1]),
        "tree_biomass": np.array([0.2, 0.3, 0.4]),
        "plot_area": np.array([0.04, 0.05]),
    },
    "b_stratum": {
        "b_plot": np.array([1.0, 2.0, 3.0, 4.0, 5.0]),
        "stratum_of_plot": CODES,
        "strata": 2,
    },
    "s2_stratum": {
        "b_plot": np.array([1.0, 2.0, 3.0, 4.0, 6.0]),
        "stratum_of_plot": CODES,
        "strata": 2,
    },
    "u_stock": {
        "weights": np.array([0.4, 0.6]),
        "s2": np.array([1.0, 2.0]),
        "counts": np.array([2, 3]),
        "b_tree": 3.0,
        "t_value": 1.9,
    },
    "u_remeasured": {
        "weights": np.array([0.4, 0.6]),
        "s2": np.array([1.0, 2.0]),
        "counts": np.array([2, 3]),
        "db_tree": 3.0,
        "t_value": 1.9,
    },
    "c_from_plots": {
        "per_area": np.array([1.0, 2.0, 3.0, 4.0, 5.0]),
        "plot_area": np.full(5, 0.04),
        "stratum_of_plot": CODES,
        "area": np.array([10.0, 5.0]),
    },
    "c_litter_measured": {
        "litter": np.array([1.0, 2.0, 3.0, 4.0, 5.0]),
        "stratum_of_plot": CODES,
        "area": np.array([10.0, 5.0]),
    },
    "c_lying_dead_wood": {
        "diameter": np.array([0.12, 0.2]),
        "beta": np.array([1.0, 0.8]),
        "piece_plot": np.array([0, 1]),
        "transect_length": np.array([100.0, 100.0]),
        "density": np.array([0.5, 0.5]),
    },
    "c_stumps": {
        "d_mid": np.array([0.2, 0.25]),
        "height": np.array([6.0, 0.5]),
        "beta": np.array([1.0, 0.45]),
        "stump_plot": np.array([0, 1]),
        "plot_area": np.array([0.04, 0.04]),
        "density": np.array([0.5, 0.5]),
    },
    "mid_diameter": {"dbh": 20.0, "height": 6.0, "breast_height": 1.3},
    "agb_by_route": {
        "rows": (np.array([0]), np.array([1]), np.array([2])),
        "from_plots": np.array([1.0]),
        "from_volume": np.array([2.0]),
        "from_trees": np.array([3.0]),
    },
    "root_shoot_by_choice": {
        "use_cairns": np.array([True, False]),
        "cairns": np.array([0.3, 0.3]),
        "fixed": np.array([0.2, 0.2]),
    },
    "dsoc_in_period": {
        "loss": np.array([4.0]),
        "rate": np.array([0.8]),
        "preparation_year": np.array([2019]),
        "years": np.array([2019, 2020]),
        "shares": np.array([1.0, 1.0]),
        "transition": 20.0,
    },
    "t_val": {"confidence": 0.9, "degrees_of_freedom": 7},
    # cropland-soil: records of fields (``field`` indexes the field areas)
    **{
        name: {"area": np.array([10.0, 5.0]), "field": np.array([0, 1, 1])}
        for name in (
            "nitrogen_applied",
            "mass_applied",
            "fuel_used",
            "imported_amendment_leakage",
            "tier1_change",
        )
    },
    "conservative_factor": {"project": np.array([2.0, 1.0]), "baseline": np.array([1.5, 1.5])},
    "soc_change_in_period": {
        "later": np.array([[3.0, 4.0], [5.0, 6.0]]),
        "earlier": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "interval": np.array([2.5, 3.0]),
        "overlap": np.array([1.0, 0.5]),
    },
    "change_variance": {
        "variance": np.array([[0.3, 0.4], [0.5, 0.6]]),
        "interval": np.array([2.5, 3.0]),
        "overlap": np.array([1.0, 0.5]),
    },
    # wetland-methane: the deduction applies to a gain only
    "allochthonous_deduction": {"gain": np.array([12.0, -3.0])},
}


def equations():
    found = []
    for module in MODULES:
        for name in dir(module):
            function = getattr(module, name)
            if (
                callable(function)
                and hasattr(function, "equation")
                and function.__module__ == module.__name__
            ):
                found.append(function)
    return found


@pytest.mark.parametrize("function", equations(), ids=lambda function: function.equation.function)
def test_equation_is_unit_transparent(function):
    if function.__name__ in EMPIRICAL:
        pytest.skip(f"empirical: {EMPIRICAL[function.__name__]}")
    audit_equation(function, SAMPLES.get(function.__name__))


def test_the_audit_catches_a_hidden_factor():
    from mrv.contract.equations import equation

    @equation("TEST", "eq. 1", returns="t CO2", args={"carbon": "t C"})
    def hidden(carbon):
        return carbon * 3.6666666666666665  # a bare ratio where the registry should convert

    with pytest.raises(AssertionError, match="on magnitudes"):
        audit_equation(hidden)
