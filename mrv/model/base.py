"""Base classes shared by every mrv document."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["SCHEMA_VERSION", "Document", "Identifier", "Model", "SchemaVersion"]

#: Version of the document schemas in ``schemas/``. A change to any model bumps it; a document
#: must carry the same major version.
SCHEMA_VERSION = "1.5.0"

#: An id: letters, digits and ``._-``, 1 to 64 characters.
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]

_SCHEMA_VERSION_PATTERN = r"^1\.\d+\.\d+$"


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


class Model(BaseModel):
    """Base of every mrv model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Document(Model):
    """A top-level document; it carries the schema version it was written for."""

    schema_version: SchemaVersion
