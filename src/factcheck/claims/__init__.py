"""The claims layer: the ledger (data/claims.yaml), the verdict scale, where a verdict is decided (decide: computed
from data, or read from cited evidence), the cards that show verdicts, the verdicts executed notebooks carry, and the
check of the rows set aside. Imports from ``factcheck.data``, ``factcheck.analysis`` and ``factcheck.charts``; read by
the notebooks and ``publish`` (whose claims_command is ``factcheck-claims``)."""
from factcheck.claims.decide import CitedCheck, Decisive, NumberCheck, check_number, cite, cited
from factcheck.claims.ledger import anchor, claim, ledger
from factcheck.claims.scale import Verdict

__all__ = ["CitedCheck", "Decisive", "NumberCheck", "Verdict", "anchor", "check_number", "cite", "cited", "claim",
           "ledger"]
