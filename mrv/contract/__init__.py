"""The plug-in contract: hooks, the methodology record, equations and their trace, parameter tables, Monte Carlo draws."""
