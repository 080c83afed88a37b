"""Where a parameter value comes from."""

from __future__ import annotations

from mrv.model.base import Model

__all__ = ["Source"]


class Source(Model):
    """A citation: the document and the place in it.

    ``unverified`` carries a value that was not yet confirmed against the primary document;
    reports show the tag next to the value.
    """

    document: str
    table: str = ""
    equation: str = ""
    paragraph: str = ""
    page: str = ""
    url: str = ""
    note: str = ""
    unverified: bool = False
