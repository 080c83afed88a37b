"""Signatures on reports and statements: Ed25519 in a DSSE envelope over the canonical bytes.

A report (or a verification statement, or any mrv JSON document) is signed over its canonical
JSON (:func:`mrv.engine.provenance.canonical_json`: sorted keys, no whitespace), so key order
and indentation do not matter and any edit of a value does. The envelope is DSSE, the signing
format of in-toto (https://github.com/secure-systems-lab/dsse, protocol v1)::

    {"payloadType": "application/vnd.mrv.report+json",
     "payload": "<base64 of the canonical bytes>",
     "signatures": [{"keyid": "<sha256 of the raw public key>", "sig": "<base64>"}]}

and the signature covers PAE(payloadType, payload) =
``"DSSEv1" SP len(type) SP type SP len(body) SP body``. Keys are files the user manages
(``mrv keygen``): PKCS#8 PEM for the private key, SubjectPublicKeyInfo PEM for the public one.
A signature is checked against the public keys the verifier trusts; a document re-signed with
another key does not verify against the expected one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mrv.common.errors import InputError, Problem
from mrv.engine.provenance import canonical_json

__all__ = [
    "PAYLOAD_TYPES",
    "SignatureCheck",
    "check_envelope",
    "key_id",
    "keygen",
    "load_private_key",
    "load_public_key",
    "pae",
    "payload_type",
    "sign_document",
]

#: DSSE payload types of mrv documents, by what the document is.
PAYLOAD_TYPES = {
    "report": "application/vnd.mrv.report+json",
    "statement": "application/vnd.mrv.verification+json",
    "document": "application/vnd.mrv.document+json",
}


def payload_type(document: Any) -> str:
    """Return the DSSE payload type of a document: a report, a statement, or another."""
    if isinstance(document, dict) and "results_sha256" in document and "trace" in document:
        return PAYLOAD_TYPES["report"]
    if isinstance(document, dict) and "verdict" in document and "hash_checks" in document:
        return PAYLOAD_TYPES["statement"]
    return PAYLOAD_TYPES["document"]


def pae(kind: str, body: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding of a payload type and body."""
    encoded = kind.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(encoded), encoded, len(body), body)


def _crypto() -> Any:
    try:
        from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
        from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - a dependency of mrv
        raise InputError(
            [Problem("", "", f"signatures need the cryptography package ({error})")]
        ) from None
    return serialization, ed25519


def key_id(public_key: Any) -> str:
    """SHA-256 of the raw 32-byte Ed25519 public key, hex: how an envelope names its key."""
    serialization, _ = _crypto()
    raw = public_key.public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    return hashlib.sha256(raw).hexdigest()


def keygen(path: Path) -> tuple[Path, Path]:
    """Write a new Ed25519 key pair: ``path`` (private, mode 600) and ``path.pub``.

    Raises
    ------
    InputError
        When either file exists (a key is never overwritten).
    """
    serialization, ed25519 = _crypto()
    public_path = path.with_name(path.name + ".pub")
    for target in (path, public_path):
        if target.exists() or target.is_symlink():
            raise InputError(
                [
                    Problem(
                        str(target), "", "exists: a key is never overwritten; choose another name"
                    )
                ]
            )
    private = ed25519.Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    public_path.write_bytes(public_pem)
    return path, public_path


def _read_key(path: Path, private: bool) -> Any:
    serialization, ed25519 = _crypto()
    what = "private" if private else "public"
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(
            [Problem(str(path), "", f"cannot read the {what} key: {error.strerror}")]
        ) from None
    try:
        key = (
            serialization.load_pem_private_key(data, password=None)
            if private
            else serialization.load_pem_public_key(data)
        )
    except (ValueError, TypeError) as error:
        raise InputError([Problem(str(path), "", f"not a PEM {what} key ({error})")]) from None
    wanted = ed25519.Ed25519PrivateKey if private else ed25519.Ed25519PublicKey
    if not isinstance(key, wanted):
        raise InputError([Problem(str(path), "", f"not an Ed25519 {what} key")])
    return key


def load_private_key(path: Path) -> Any:
    """Read an Ed25519 private key (PKCS#8 PEM, unencrypted) written by ``mrv keygen``."""
    return _read_key(path, private=True)


def load_public_key(path: Path) -> Any:
    """Read an Ed25519 public key (SubjectPublicKeyInfo PEM)."""
    return _read_key(path, private=False)


def canonical_bytes(document: Any) -> bytes:
    """Return the bytes a signature covers: the canonical JSON of the document."""
    return canonical_json(document).encode("utf-8")


def sign_document(document: Any, private_key: Any) -> dict[str, Any]:
    """Return a DSSE envelope signing ``document`` (parsed JSON) with ``private_key``."""
    body = canonical_bytes(document)
    kind = payload_type(document)
    signature = private_key.sign(pae(kind, body))
    return {
        "payloadType": kind,
        "payload": base64.b64encode(body).decode("ascii"),
        "signatures": [
            {
                "keyid": key_id(private_key.public_key()),
                "sig": base64.b64encode(signature).decode("ascii"),
            }
        ],
    }


@dataclass(frozen=True)
class SignatureCheck:
    """Whether a document's signature holds, by which key, and if not, why."""

    holds: bool
    keyid: str
    reason: str
    #: Why it does not hold, as a word: ``changed``, ``not-json``, ``type``, ``bad``, ``untrusted``.
    code: str = ""

    @property
    def summary(self) -> str:
        """One line for the terminal and the HTML page."""
        short = self.keyid[:16] or "?"
        if self.holds:
            return f"signature holds: signed by key {short}…, over these exact contents"
        return f"signature does not hold: {self.reason}"


def check_envelope(
    envelope: Any, document: Any, public_keys: list[Any], file: str
) -> SignatureCheck:
    """Check a DSSE envelope against the document it claims to sign and the trusted keys.

    The envelope must sign exactly the canonical bytes of ``document`` under its payload type,
    with a key among ``public_keys``. A bad envelope (not DSSE, not base64) is bad input.
    """
    try:
        kind = str(envelope["payloadType"])
        body = base64.b64decode(envelope["payload"], validate=True)
        signatures = [
            (str(item["keyid"]), base64.b64decode(item["sig"], validate=True))
            for item in envelope["signatures"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(
            [Problem(file, "", f"not a DSSE envelope (payloadType, payload, signatures): {error}")]
        ) from None
    trusted = {key_id(key): key for key in public_keys}
    signed_by = [keyid for keyid, _ in signatures]
    if body != canonical_bytes(document):
        try:
            signed = json.loads(body)
        except ValueError:
            signed = None
        if signed is None:
            return SignatureCheck(False, "", "the signed payload is not JSON", "not-json")
        return SignatureCheck(
            False,
            signed_by[0] if signed_by else "",
            "the document differs from what was signed",
            "changed",
        )
    if kind != payload_type(document):
        return SignatureCheck(
            False, "", f"payload type {kind!r} is not that of this document", "type"
        )
    for keyid, signature in signatures:
        key = trusted.get(keyid)
        if key is None:
            continue
        try:
            key.verify(signature, pae(kind, body))
        except Exception:
            return SignatureCheck(False, keyid, "the signature does not match the contents", "bad")
        return SignatureCheck(True, keyid, "")
    return SignatureCheck(
        False,
        signed_by[0] if signed_by else "",
        f"signed by key {', '.join(k[:16] + '…' for k in signed_by) or 'none'}, which is not a "
        "trusted key (--public-key)",
        "untrusted",
    )
