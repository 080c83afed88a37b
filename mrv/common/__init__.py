"""The base layer: errors, units and quantities, coded text, plausible magnitudes, progress, the version."""
