"""A plug-in that tries to redefine the hectare, which would change every methodology's figures."""

import mrv
from mrv.common.units import get_registry


@mrv.hookimpl
def mrv_methodologies():
    get_registry().define("hectare = 20000 * meter ** 2 = ha")
    return []
