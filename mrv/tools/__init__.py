"""Shared calculators that methodologies call (like the CDM tools): one module per topic.

- :mod:`mrv.tools.sampling`: sample statistics, Student t, stratified estimates and their
  sampling uncertainty.
- :mod:`mrv.tools.discount`: the conservative discount for sampling uncertainty
  (CDM AR-TOOL14 Appendix 2).
- :mod:`mrv.tools.timespan`: lengths of intervals in years and the share of a calendar year
  that falls in a period.
"""
