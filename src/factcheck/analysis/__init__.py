"""The analysis layer: what the claims need, computed from loaded tables (periods, conversions, caps in force,
counts between dates). Imports from ``factcheck.data`` only; read by the notebooks, ``claims`` and ``charts``."""
