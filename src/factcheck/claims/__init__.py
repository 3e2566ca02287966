"""The claims layer: the ledger (data/claims.yaml), the verdict scale, the checks that compute a verdict from data
or read it from cited evidence, the cards that show them, and the ``factcheck-claims`` command. Imports from
``factcheck.data``, ``factcheck.analysis`` and ``factcheck.charts``; read by the notebooks and ``publish``."""
from factcheck.claims.checks import CitedCheck, Decisive, NumberCheck, check_number, cite, cited, flips
from factcheck.claims.ledger import anchor, claim, ledger
from factcheck.claims.scale import Verdict

__all__ = ["CitedCheck", "Decisive", "NumberCheck", "Verdict", "anchor", "check_number", "cite", "cited", "claim",
           "flips", "ledger"]
