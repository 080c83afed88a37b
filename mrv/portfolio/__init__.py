"""Portfolios: many projects computed in one run, in parallel."""
