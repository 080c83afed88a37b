"""Readers for project documents (YAML, JSON) and tables (CSV with units in headers)."""
