"""Shared calculators that methodologies call (like the CDM tools): one module per topic.

- :mod:`mrv.tools.sampling`: sample statistics, Student t, stratified estimates and their
  sampling uncertainty.
- :mod:`mrv.tools.soil_n2o`: direct and indirect N2O from managed soils (IPCC Ch. 11).
- :mod:`mrv.tools.liming_urea`: CO2 from lime and urea (IPCC Eq 11.12, 11.13).
- :mod:`mrv.tools.fossil_fuel`: CO2 from fuel by volume (VM0042) or by energy (CDM TOOL03), and
  CH4 and N2O of mobile machinery by road class (IPCC 2006 Vol. 2 Ch. 3).
- :mod:`mrv.tools.freight`: CO2 of freight by tonne-km (CDM TOOL12 Option B).
- :mod:`mrv.tools.soc_stock`: SOC from cores or bulk density (VM0042 Eq 3-4) and IPCC Tier 1.
- :mod:`mrv.tools.equivalent_soil_mass`: SOC at reference soil masses (VM0042, Wendt & Hauser).
- :mod:`mrv.tools.rothc`: the RothC-26.3 soil carbon model, monthly, vectorised over fields.
- :mod:`mrv.tools.parts`: a figure's parts by stratum (or unit), Monte Carlo axis kept.
- :mod:`mrv.tools.timespan`: lengths of intervals in years and the share of a calendar year
  that falls in a period.
"""
