"""Where the project keeps its files: one :class:`Paths` object, built from the repository root and passed to
whatever reads or writes them (tests build their own). Reads nothing at import: ``Paths.default()`` reads
FACTCHECK_ROOT, FACTCHECK_PROCESSED and FACTCHECK_FIGURES when it is called, which is how ``factcheck-claims
verify`` runs the notebooks on a staged build without touching the committed tables or figures.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Paths:
    """The project's folders and files under ``root``; ``processed`` and ``figures`` may point elsewhere."""

    root: Path
    processed: Path
    figures: Path

    @classmethod
    def at(cls, root: Path) -> Paths:
        root = Path(root)
        return cls(root, root / "data" / "processed", root / "figures")

    @classmethod
    def default(cls) -> Paths:
        """The repository's paths (or FACTCHECK_ROOT's), with the processed tables and figures redirected by the
        environment."""
        base = cls.at(Path(os.environ.get("FACTCHECK_ROOT") or REPOSITORY))
        return cls(base.root, Path(os.environ.get("FACTCHECK_PROCESSED") or base.processed),
                   Path(os.environ.get("FACTCHECK_FIGURES") or base.figures))

    def with_processed(self, processed: Path) -> Paths:
        return Paths(self.root, Path(processed), self.figures)

    def environment(self) -> dict[str, str]:
        """The variables that make :meth:`default`, in a notebook's kernel, return these paths."""
        return {"FACTCHECK_ROOT": str(self.root), "FACTCHECK_PROCESSED": str(self.processed),
                "FACTCHECK_FIGURES": str(self.figures)}

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def catalog(self) -> Path:
        return self.data / "sources.yaml"

    @property
    def ledger(self) -> Path:
        return self.data / "claims.yaml"

    @property
    def policy(self) -> Path:
        return self.data / "source_policy.yaml"

    @property
    def curated(self) -> Path:
        return self.data / "curated"

    @property
    def committed(self) -> Path:
        """The committed processed tables (``processed`` may point at a staged rebuild instead)."""
        return self.data / "processed"

    @property
    def manifest(self) -> Path:
        """The manifest of the processed tables in use: it lives with them, so they switch together."""
        return self.processed / "manifest.json"

    @property
    def stage(self) -> Path:
        """Where a build assembles the next processed folder before it is switched in."""
        return self.data / ".factcheck-stage"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, for messages and the manifest."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()
