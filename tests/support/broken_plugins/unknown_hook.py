"""A plug-in that implements a hook that does not exist."""

import mrv


@mrv.hookimpl
def mrv_equations():
    return []
