"""The JSON schemas beside the documents (data/*.schema.json) name the same choices as the code that acts on them:
a value the schema admits has code behind it, and code has no choice the schema refuses."""
import json

import pytest

from factcheck.claims.quantities import UNITS
from factcheck.claims.scale import Verdict
from factcheck.data import consistency, validation
from factcheck.data.citations import TIERS
from factcheck.paths import Paths

DATA = Paths.default().data


def schema(name: str) -> dict:
    return json.loads((DATA / f"{name}.schema.json").read_text(encoding="utf-8"))


CLAIM = schema("claims")["properties"]["claims"]["additionalProperties"]["properties"]
CATALOG = schema("sources")


@pytest.mark.parametrize("in_schema, in_code", [
    (CLAIM["verdict"]["enum"], [v.value for v in Verdict]),
    (CLAIM["claimed"]["properties"]["unit"]["enum"], list(UNITS)),
    (schema("source_policy")["properties"]["hosts"]["additionalProperties"]["properties"]["tier"]["enum"], list(TIERS)),
    (schema("source_policy")["properties"]["tiers"]["required"], list(TIERS)),
    (CATALOG["$defs"]["column"]["properties"]["type"]["enum"], ["str", *validation._PATTERNS]),
    (CATALOG["$defs"]["check"]["properties"]["kind"]["enum"], list(consistency.KINDS)),
], ids=["verdicts", "units", "tiers", "tier descriptions", "column types", "identity kinds"])
def test_the_schema_admits_exactly_what_the_code_handles(in_schema, in_code):
    assert sorted(in_schema) == sorted(in_code)


def test_every_schema_is_itself_valid():
    import jsonschema
    for path in sorted(DATA.glob("*.schema.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(doc).check_schema(doc)
