"""Safe loading of YAML and JSON documents."""

import pytest

from mrv.common.errors import InputError
from mrv.io.documents import load_document, parse_document_text


def messages(text, file="doc.yaml"):
    with pytest.raises(InputError) as caught:
        parse_document_text(text, file)
    return [str(problem) for problem in caught.value.problems]


def test_yaml_and_json():
    assert parse_document_text("a: 1\nb: [x, y]\n", "d.yaml") == {"a": 1, "b": ["x", "y"]}
    assert parse_document_text('{"a": 1}', "d.json") == {"a": 1}


def test_duplicate_keys_are_refused():
    assert messages("a: 1\nb: 2\na: 3\n") == [
        "doc.yaml: line 3: malformed YAML: duplicate key 'a' (first at line 1)"
    ]
    assert messages('{"a": 1, "a": 2}', "doc.json") == [
        "doc.json: malformed JSON: duplicate key 'a'"
    ]


def test_python_tags_are_never_constructed():
    (message,) = messages("a: !!python/object/apply:os.system ['echo hi']\n")
    assert "malformed YAML" in message


def test_aliases_are_refused():
    (message,) = messages("a: &x [1, 2]\nb: *x\n")
    assert message == (
        "doc.yaml: line 1: malformed YAML: this anchored value is reused through an alias (*name); "
        "aliases are not allowed in mrv documents"
    )


def test_malformed_yaml_names_the_line():
    (message,) = messages("a: [1, 2\nb: 3\n")
    assert message.startswith("doc.yaml: line ")
    assert "malformed YAML" in message


def test_malformed_json_and_nan():
    assert messages('{"a": ', "doc.json") == ["doc.json: line 1: malformed JSON: Expecting value"]
    assert messages('{"a": NaN}', "doc.json") == [
        "doc.json: malformed JSON: NaN is not a number in mrv documents"
    ]


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_document(tmp_path / "none.yaml")
