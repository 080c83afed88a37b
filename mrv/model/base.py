"""Base classes shared by every mrv document."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["SCHEMA_VERSION", "Document", "Identifier", "Model", "SchemaVersion"]

#: Version of the document schemas in ``schemas/``. A change to any model bumps it; a document
#: must carry the same major version.
SCHEMA_VERSION = "1.6.0"

#: An id: letters, digits and ``._-``, 1 to 64 characters.
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]

_SCHEMA_VERSION_PATTERN = r"^1\.\d+\.\d+$"
T = TypeVar("T")


def _supported_schema_version(value: str) -> str:
    if not re.match(_SCHEMA_VERSION_PATTERN, value):
        raise ValueError(
            f"unsupported schema version {value!r}; this mrv reads documents of schema 1.x.y"
        )
    return value


#: ``1.x.y`` (same major version as :data:`SCHEMA_VERSION`).
SchemaVersion = Annotated[
    str,
    AfterValidator(_supported_schema_version),
    Field(
        description="schema version; major version 1",
        json_schema_extra={"pattern": _SCHEMA_VERSION_PATTERN},
    ),
]


class _Kept:
    """Values a model derived from its fields; equal only to itself, so model equality skips it."""

    def __init__(self) -> None:
        self.values: dict[Hashable, tuple[object, Any]] = {}


class Model(BaseModel):
    """Base of every mrv model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @functools.cached_property
    def _kept(self) -> _Kept:
        return _Kept()

    def derive(self, key: Hashable, source: object, build: Callable[[], T]) -> T:
        """Return ``build()``, built once while ``source`` (a field's value) stays the same object.

        Models are frozen, but ``model_copy(update=...)`` shares what an instance kept; keeping
        the source with the value and checking its identity makes a copy that holds another
        value build its own. Use it for values a calculation derives again and again from the
        same inputs (stratum areas, routes), such as once per Monte Carlo chunk.
        """
        kept = self._kept.values.get(key)
        if kept is not None and kept[0] is source:
            return kept[1]  # type: ignore[no-any-return]
        value = build()
        self._kept.values[key] = (source, value)
        return value


class Document(Model):
    """A top-level document; it carries the schema version it was written for."""

    schema_version: SchemaVersion
