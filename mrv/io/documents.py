"""Load YAML and JSON documents safely: no tags, no aliases, no duplicate keys.

YAML is read with PyYAML's safe loader, extended to refuse duplicate keys and aliases (which
allow exponential expansion); JSON refuses duplicate keys, NaN and infinity. Nothing from a
document is evaluated or unpickled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from mrv.common.errors import InputError, Problem, problems_from_validation

__all__ = ["load_document", "load_validated", "parse_document_text"]


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present
_TEXT = "tag:yaml.org,2002:str"


class _StrictLoader(_Base):  # type: ignore[misc]
    """Safe loader that rejects duplicate keys and aliases.

    An alias is the same node object reached a second time, which the constructor sees whichever
    parser (libyaml or pure Python) built the nodes.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._seen_nodes: set[int] = set()
        # an alias needs an anchor (&name) before it: text without '&' has none to check for
        self._may_alias = not isinstance(stream, str) or "&" in stream

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if (
            self._may_alias
            and isinstance(node, (yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode))
            and node.tag != "tag:yaml.org,2002:null"
        ):
            if id(node) in self._seen_nodes and not isinstance(node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(
                    problem="this anchored value is reused through an alias (*name); aliases are not allowed in mrv documents",
                    problem_mark=node.start_mark,
                )
            self._seen_nodes.add(id(node))
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            # a plain text key is its own value; other keys (numbers, dates) are constructed
            key = (
                key_node.value
                if key_node.tag == _TEXT and isinstance(key_node, yaml.ScalarNode)
                else self.construct_object(key_node, deep=deep)
            )
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r} (first at line {seen[key]})",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:  # 2021-02-30: a date's shape, not a date
            raise yaml.MarkedYAMLError(
                problem=f"{node.value!r} is not a date ({error})", problem_mark=node.start_mark
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is beyond the range of a number (about 1.8e308)")
    return value


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in mrv documents")


def parse_document_text(text: str, file: str, *, kind: str | None = None) -> Any:
    """Parse the text of a YAML or JSON document.

    Parameters
    ----------
    text : str
        The document.
    file : str
        Its name, for messages.
    kind : {"yaml", "json"} or None
        Format; from the file name's suffix when None (YAML unless ``.json``).

    Raises
    ------
    InputError
        On malformed text, duplicate keys, aliases or non-finite JSON numbers.
    """
    kind = kind or ("json" if file.lower().endswith(".json") else "yaml")
    if kind == "json":
        try:
            return json.loads(
                text,
                object_pairs_hook=_reject_duplicates,
                parse_constant=_reject_constant,
                parse_float=_finite,
            )
        except json.JSONDecodeError as error:
            raise InputError(
                [Problem(file, "", f"malformed JSON: {error.msg}", line=error.lineno)]
            ) from None
        except ValueError as error:
            raise InputError([Problem(file, "", f"malformed JSON: {error}")]) from None
        except RecursionError:
            raise InputError([Problem(file, "", _TOO_DEEP)]) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = error.problem or "malformed YAML"
        raise InputError([Problem(file, "", f"malformed YAML: {message}", line=line)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(file, "", f"malformed YAML: {error}")]) from None
    except RecursionError:
        raise InputError([Problem(file, "", _TOO_DEEP)]) from None


_TOO_DEEP = "the document nests mappings or lists too deeply to read"


def load_document(path: Path) -> Any:
    """Read and parse a YAML or JSON file.

    Raises
    ------
    InputError
        If the file cannot be read or parsed.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([Problem(str(path), "", f"cannot read the file: {error}")]) from None
    return parse_document_text(text, str(path))


M = TypeVar("M", bound=BaseModel)


def load_validated(path: Path, model: type[M], document: Any = None) -> M:
    """Read a document (or take ``document``, already read from ``path``) and validate it.

    Raises
    ------
    InputError
        If the file is missing or malformed, or the document is not a ``model``; each
        problem names ``path`` and the field.
    """
    raw = load_document(path) if document is None else document
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise InputError(problems_from_validation(error.errors(), str(path))) from None
