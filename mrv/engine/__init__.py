"""The compute engine: loading a project, calculating periods, deductions, uncertainty, Monte Carlo, provenance."""
