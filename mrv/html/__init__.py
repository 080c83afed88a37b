"""The report as one self-contained HTML page, in English or Chinese (``mrv.html.render_html``)."""

from mrv.html.page import render_html
from mrv.html.terms import LANGUAGES

__all__ = ["LANGUAGES", "render_html"]
