"""The face: the command line, HTML pages, exports, JSON schemas and the documentation pages."""
