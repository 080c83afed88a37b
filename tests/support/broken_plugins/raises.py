"""A plug-in whose hook raises."""

import mrv


@mrv.hookimpl
def mrv_methodologies():
    raise RuntimeError("cannot read my parameter folder")
