"""Deliberately broken plug-ins for the fault-isolation tests (never shipped)."""
