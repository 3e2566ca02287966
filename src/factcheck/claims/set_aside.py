"""Would any verdict change if the rows set aside for want of an acceptable source were used after all? Every
curated row set aside is put back in use (:func:`restore`: in its conflict group, in place of the row the analysis
uses); ``factcheck-claims set-aside`` (``factcheck.publish.reruns``) runs the notebooks on that copy of the data and
compares their verdicts with the ledger's. The result, with a digest of the inputs it was computed from, is kept in
data/set_aside_check.json, which notebook 06 shows (:func:`recorded`) and ``make test`` checks is current. Reads the
curated tables, the ledger and that file; writes nothing."""
from __future__ import annotations

import hashlib
import json

import pandas as pd

from factcheck.data import catalog
from factcheck.data.csvio import sha256
from factcheck.errors import DataError
from factcheck.paths import Paths

RESULT = "set_aside_check.json"


def restore(text: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A curated table (read as text) with its set-aside rows in use: outside a conflict group a row simply
    counts; in a group the first row set aside takes the place of the row used (any others become alternatives)."""
    out = text.copy()
    aside = out["analysis_choice"] == "set_aside"
    out.loc[aside & (out["conflict_group"] == ""), "analysis_choice"] = ""
    for group in out.loc[aside & (out["conflict_group"] != ""), "conflict_group"].unique():
        members = out["conflict_group"] == group
        first = out.index[members & aside][0]
        out.loc[members & out["analysis_choice"].isin(["use", "set_aside"]), "analysis_choice"] = "alternative"
        out.at[first, "analysis_choice"] = "use"
    return out, int(aside.sum())


def inputs_digest(paths: Paths) -> str:
    """sha256 over the curated tables and the ledger: what decides which rows are set aside and the verdicts."""
    digest = hashlib.sha256()
    for table_id in sorted(catalog.curated_tables(paths)):
        digest.update(sha256(catalog.table_file(table_id, paths)).encode())
    digest.update(sha256(paths.ledger).encode())
    return digest.hexdigest()


def is_current(paths: Paths) -> bool:
    """Whether the committed result was computed from the repository's tables and ledger as they are now."""
    try:
        recorded(paths)
    except DataError:
        return False
    return True


def recorded(paths: Paths | None = None) -> dict:
    """The committed result; an error if it was computed from other inputs than the repository's now."""
    paths = paths or Paths.default()
    path = paths.data / RESULT
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{paths.rel(path)}: cannot read ({exc}): run `factcheck-claims set-aside`") from None
    if result.get("inputs_sha256") != inputs_digest(paths):
        raise DataError(f"{paths.rel(path)} is stale: the curated tables or the ledger changed since it was "
                        f"computed: run `factcheck-claims set-aside`")
    return result
