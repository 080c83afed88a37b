"""A plug-in whose hook does not return for a long time."""

import time

import mrv


@mrv.hookimpl
def mrv_methodologies():
    time.sleep(30)
    return []
