"""A plug-in that claims an id another plug-in already provides."""

from toy_methodology import TOY

import mrv


@mrv.hookimpl
def mrv_methodologies():
    yield TOY
