"""Shared calculators that methodologies call (like the CDM tools): one module per topic.

- :mod:`mrv.tools.sampling`: sample statistics, Student t, stratified estimates and their
  sampling uncertainty.
- :mod:`mrv.tools.timespan`: lengths of intervals in years and the share of a calendar year
  that falls in a period.
"""
