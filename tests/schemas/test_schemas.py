"""Committed schemas are current; documents validate against them; broken ones fail at the right path."""

import json
from pathlib import Path

import jsonschema
import pytest
import toy_methodology
import yaml

from mrv.contract.plugins import load_plugins
from mrv.interface.schemas import all_schemas, methodology_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
EXAMPLES = sorted((ROOT / "examples").glob("*/project.yaml"))
VALID = sorted((ROOT / "tests" / "fixtures" / "valid").glob("*/project.yaml"))


def committed():
    return {
        str(path.relative_to(SCHEMAS)): json.loads(path.read_text())
        for path in SCHEMAS.rglob("*.schema.json")
    }


def test_committed_schemas_are_current():
    live = all_schemas(load_plugins().methodologies)
    assert sorted(committed()) == sorted(live), "run `make schemas`"
    for name, schema in live.items():
        assert committed()[name] == json.loads(json.dumps(schema)), (
            f"schemas/{name} is stale: run `make schemas`"
        )


@pytest.mark.parametrize("name", sorted(committed()))
def test_schemas_are_valid_draft_2020_12(name):
    schema = committed()[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:mrv:schema:")
    jsonschema.Draft202012Validator.check_schema(schema)


def validate_document(path, inputs_schema):
    document = yaml.safe_load(path.read_text())
    document = json.loads(
        json.dumps(document, default=str)
    )  # YAML dates become strings, as in JSON
    jsonschema.validate(
        document, committed()["project.schema.json"], cls=jsonschema.Draft202012Validator
    )
    jsonschema.validate(document["inputs"], inputs_schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.parent.name)
def test_examples_validate(path):
    methodology = yaml.safe_load(path.read_text())["project"]["methodology"]["id"]
    validate_document(path, committed()[f"methodologies/{methodology}.inputs.schema.json"])


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.parent.name)
def test_valid_fixtures_validate(path):
    validate_document(path, methodology_schema(toy_methodology.TOY))


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["project"].pop("gwp_set"), ["project"]),
        (lambda d: d["project"].update(colour="red"), ["project"]),
        (
            lambda d: d["project"]["strata"][0].update(area={"value": 1, "unit": "ha", "extra": 1}),
            ["project", "strata", 0, "area"],
        ),
        (
            lambda d: d["project"]["methodology"].update(version="1.0"),
            ["project", "methodology", "version"],
        ),
        (lambda d: d.update(schema_version="2.0.0"), ["schema_version"]),
    ],
)
def test_broken_documents_fail_at_the_right_path(change, path):
    document = json.loads(json.dumps(yaml.safe_load(VALID[0].read_text()), default=str))
    change(document)
    validator = jsonschema.Draft202012Validator(committed()["project.schema.json"])
    errors = list(validator.iter_errors(document))
    assert errors
    assert any(list(error.absolute_path) == path for error in errors), [
        list(e.absolute_path) for e in errors
    ]
