"""The committed tables and how a build replaces them, so that a crash at any instant leaves them whole.

A build writes the next version of data/processed/ in full into data/.factcheck-stage/, then data/.factcheck-ready
naming the sha256 of that version's manifest: a stage without it is unfinished, and a stage whose manifest it does
not name (an old version a crash left behind after the swap) is never committed. Committing swaps the two folders
in one atomic step (Linux ``renameat2`` with ``RENAME_EXCHANGE``), so data/processed/ is at every instant either
the whole old version or the whole new one, tables and manifest together; the old version, now in the stage
folder, is then deleted. Where the exchange is
unavailable (another OS or file system), the swap is two renames through data/.factcheck-previous/, and
:func:`recover` at the next start puts back whichever version is whole. Every command that touches the data
calls :func:`recover` and :func:`clean` first. Reads and writes those folders and the mark under data/."""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from pathlib import Path

from factcheck.data import manifest
from factcheck.data.csvio import sha256, write_atomic
from factcheck.errors import DataError
from factcheck.paths import Paths

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False where the system cannot (then nothing was changed)."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def ready_file(paths: Paths) -> Path:
    return paths.data / ".factcheck-ready"


def previous_dir(paths: Paths) -> Path:
    return paths.data / ".factcheck-previous"


def check_dir(paths: Paths) -> Path:
    return paths.data / ".factcheck-check"


def recover(paths: Paths) -> None:
    """Finish or undo a two-rename swap that a crash interrupted (only the fallback swap can leave one)."""
    previous = previous_dir(paths)
    if previous.is_dir() and not paths.committed.exists():
        os.replace(previous, paths.committed)  # killed between the two renames: the old version is whole


def clean(paths: Paths, keep_stage: bool = False) -> None:
    """Remove what an earlier run left: an old version after a swap, a check's scratch folder, temporary files
    of an interrupted write or download, and (unless ``keep_stage``) a stage, finished or not. Run after
    :func:`recover`."""
    for folder in [previous_dir(paths), check_dir(paths)] + ([] if keep_stage else [paths.stage]):
        if folder.exists():
            shutil.rmtree(folder)
    leftovers = list(paths.data.glob(".*.tmp")) + list(paths.raw.glob("*/*.part")) + list(paths.raw.glob("*/.*.tmp"))
    for path in leftovers if keep_stage else leftovers + [ready_file(paths)]:
        path.unlink(missing_ok=True)


def mark_ready(paths: Paths) -> None:
    """Mark the stage finished (its manifest written last, then this)."""
    digest = sha256(paths.stage / "manifest.json")
    write_atomic(ready_file(paths), lambda fh: fh.write(digest + "\n"))


def fresh(folder: Path) -> Path:
    """An empty folder to build into."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def staged_manifest(paths: Paths) -> dict:
    """The finished stage's manifest, its files checked against it; an error if there is no finished stage."""
    staged = paths.with_processed(paths.stage)
    ready = ready_file(paths)
    if not (ready.is_file() and staged.manifest.is_file()
            and ready.read_text(encoding="utf-8").strip() == sha256(staged.manifest)):
        raise DataError(f"{paths.rel(paths.stage)}: no finished build to commit (run `factcheck-data build` first)")
    tables = manifest.read(staged)["tables"]
    for table_id, entry in sorted(tables.items()):
        out = entry["output"]
        path = paths.stage / Path(out["path"]).name if out["path"].startswith("data/processed/") \
            else paths.root / out["path"]
        if not path.is_file() or sha256(path) != out["sha256"]:
            raise DataError(f"{paths.rel(path)}: differs from the staged manifest (table {table_id}): changed "
                            f"since the build; run `make data` again")
    return tables


def commit(paths: Paths) -> None:
    """Make the finished stage the committed data/processed/ in one atomic swap, then delete the old version."""
    recover(paths)
    staged_manifest(paths)
    previous = previous_dir(paths)
    if not paths.committed.exists():
        os.replace(paths.stage, paths.committed)
        ready_file(paths).unlink()
    elif exchange(paths.stage, paths.committed):
        ready_file(paths).unlink()  # the stage now holds the old version: never to be committed
        shutil.rmtree(paths.stage)
    else:  # two renames; recover() mends a crash between them
        if previous.exists():
            shutil.rmtree(previous)
        os.replace(paths.committed, previous)
        os.replace(paths.stage, paths.committed)
        ready_file(paths).unlink()
        shutil.rmtree(previous)
