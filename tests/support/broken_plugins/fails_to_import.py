"""A plug-in whose import fails."""

raise ImportError("this plug-in needs a library that is not installed")
