"""Zhiku Qt layer: widgets and models that only call the core."""
