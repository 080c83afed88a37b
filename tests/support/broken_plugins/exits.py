"""A plug-in that exits the process when it is imported."""

raise SystemExit(7)
