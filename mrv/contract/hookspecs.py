"""The whole plug-in contract: hook specifications of the ``mrv`` project.

A plug-in is a module (or object) registered under the entry-point group ``mrv``::

    [project.entry-points.mrv]
    my-method = "my_package.plugin"

whose functions are marked with :data:`mrv.hookimpl`. No hook may change the unit registry or
other global state.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from mrv.contract.methodology import Methodology, ParameterProfile
    from mrv.contract.rules import UncertaintyRule

__all__ = [
    "PROJECT",
    "hookimpl",
    "hookspec",
    "mrv_methodologies",
    "mrv_parameter_profiles",
    "mrv_uncertainty_rules",
]

#: Name of the pluggy project and of the entry-point group.
PROJECT = "mrv"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Marker for plug-in functions: ``@mrv.hookimpl``.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def mrv_methodologies() -> Iterable[Methodology]:  # type: ignore[empty-body]
    """Register methodologies: yield one :class:`mrv.Methodology` record each.

    :return: the methodologies this plug-in provides.

    Example::

        @mrv.hookimpl
        def mrv_methodologies():
            yield mrv.Methodology(
                id="forest-reclamation", version="1.0.0", title="A/R of mined land",
                standards=("AR-ACM0003 v02.0",), inputs=ForestInputs, calculate=calculate,
            )
    """


@hookspec
def mrv_parameter_profiles(methodology_id: str) -> Iterable[ParameterProfile]:  # type: ignore[empty-body]
    """Offer parameter profiles for a methodology, which may belong to another plug-in.

    :param methodology_id: the methodology whose profiles are being collected.
    :return: profiles for it (none if the plug-in has nothing for this methodology).

    Example (a provincial profile for a methodology someone else ships)::

        @mrv.hookimpl
        def mrv_parameter_profiles(methodology_id):
            if methodology_id == "forest-reclamation":
                yield mrv.ParameterProfile(
                    methodology_id, "jiangxi", "Jiangxi provincial values",
                    path=Path(__file__).parent / "jiangxi",
                )
    """


@hookspec
def mrv_uncertainty_rules() -> Iterable[UncertaintyRule]:  # type: ignore[empty-body]
    """Register uncertainty rules a methodology may name in ``uncertainty_rule``.

    :return: :class:`mrv.contract.rules.UncertaintyRule` records; an id the core already
        ships, or that another plug-in registered first, is refused.

    Example (a programme's own rule: deduct the whole half-width above 5 %, nothing below)::

        @mrv.hookimpl
        def mrv_uncertainty_rules():
            yield UncertaintyRule("half-width-above-5", "Programme rules 2026 §4.2", deduct)
    """
