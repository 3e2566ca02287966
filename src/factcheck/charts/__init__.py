"""The charts layer: the project's chart style and the Chart a notebook shows (chart), one function per figure
(figures), and the styled tables readers see (tables). Imports from ``factcheck.data`` and ``factcheck.analysis``
only; read by the notebooks, ``claims.cards`` and ``publish``."""
