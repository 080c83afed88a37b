"""A plug-in that yields something that is not a Methodology."""

import mrv


@mrv.hookimpl
def mrv_methodologies():
    yield {"id": "dict-methodology"}
