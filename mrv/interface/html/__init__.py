"""The report as one self-contained HTML page, in English or Chinese (``mrv.interface.html.render_html``)."""

from mrv.interface.html.page import render_html
from mrv.interface.html.terms import LANGUAGES

__all__ = ["LANGUAGES", "render_html"]
