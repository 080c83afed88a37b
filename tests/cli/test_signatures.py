"""Signatures: mrv keygen, mrv sign, and mrv verify --signature (Ed25519 in a DSSE envelope)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mrv
from mrv.engine.provenance import pretty_json
from mrv.interface.cli import app
from mrv.verify.signing import pae

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "cropland-soil" / "project.yaml"


def cli(*args):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """A report, a key pair, another key pair, and the report's envelope."""
    folder = tmp_path_factory.mktemp("signed")
    report = folder / "report.json"
    report.write_text(pretty_json(mrv.compute(EXAMPLE).model_dump(mode="json")), encoding="utf-8")
    assert cli("keygen", folder / "key")[0] == 0
    assert cli("keygen", folder / "other")[0] == 0
    code, stdout, _ = cli("sign", report, "--key", folder / "key")
    assert code == 0, stdout
    return folder, report, folder / "report.dsse.json"


def test_pae_is_the_dsse_encoding():
    """DSSE protocol v1 test vector: PAE of the HelloWorld type and body."""
    assert pae("http://example.com/HelloWorld", b"hello world") == (
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    )


def test_keys_are_written_once_and_the_private_one_is_private(signed):
    folder, _, _ = signed
    assert stat.S_IMODE((folder / "key").stat().st_mode) == 0o600
    assert (folder / "key.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    code, _, stderr = cli("keygen", folder / "key")
    assert code == 2 and "a key is never overwritten" in stderr


def test_a_signed_report_verifies_without_the_project(signed):
    folder, report, envelope = signed
    data = json.loads(envelope.read_text())
    assert data["payloadType"] == "application/vnd.mrv.report+json"
    code, stdout, _ = cli(
        "verify", report, "--signature", envelope, "--public-key", folder / "key.pub"
    )
    assert code == 0
    assert "signature holds: signed by key" in stdout


def test_key_order_and_indentation_do_not_matter(signed, tmp_path):
    folder, report, envelope = signed
    reordered = tmp_path / "report.json"
    document = json.loads(report.read_text())
    reordered.write_text(json.dumps(dict(reversed(list(document.items()))), indent=7))
    code, _, _ = cli(
        "verify", reordered, "--signature", envelope, "--public-key", folder / "key.pub"
    )
    assert code == 0


def test_an_edited_report_does_not_verify(signed, tmp_path):
    """One credit more, no project files at hand: the signature no longer holds."""
    folder, report, envelope = signed
    forged = tmp_path / "report.json"
    document = json.loads(report.read_text())
    document["totals"]["issuable_credits"] += 1
    forged.write_text(json.dumps(document))
    code, stdout, _ = cli(
        "verify", forged, "--signature", envelope, "--public-key", folder / "key.pub"
    )
    assert code == 1
    assert "the document differs from what was signed" in stdout


def test_a_report_re_signed_with_another_key_does_not_verify(signed, tmp_path):
    folder, report, _ = signed
    forged = tmp_path / "report.json"
    document = json.loads(report.read_text())
    document["totals"]["issuable_credits"] += 1
    forged.write_text(json.dumps(document))
    assert (
        cli("sign", forged, "--key", folder / "other", "-o", tmp_path / "forged.dsse.json")[0] == 0
    )
    code, stdout, _ = cli(
        "verify",
        forged,
        "--signature",
        tmp_path / "forged.dsse.json",
        "--public-key",
        folder / "key.pub",
    )
    assert code == 1
    assert "which is not a trusted key" in stdout


def test_a_verifier_signs_the_statement_the_same_way(signed, tmp_path):
    folder, report, _ = signed
    statement = tmp_path / "statement.json"
    code, _, _ = cli("verify", report, "--project", EXAMPLE, "-o", statement)
    assert code == 0
    assert cli("sign", statement, "--key", folder / "other")[0] == 0
    envelope = tmp_path / "statement.dsse.json"
    assert json.loads(envelope.read_text())["payloadType"] == (
        "application/vnd.mrv.verification+json"
    )
    code, stdout, _ = cli(
        "verify", statement, "--signature", envelope, "--public-key", folder / "other.pub"
    )
    assert code == 0 and "signature holds" in stdout


@pytest.mark.parametrize(
    ("lang", "holds", "fails"),
    [
        ("en", "✓ holds: key", "✗ does not hold: the report differs from what was signed"),
        ("zh", "✓ 签名有效", "✗ 签名无效: 报告内容与签名时不一致"),
    ],
)
def test_the_report_page_says_who_signed_and_whether_it_holds(signed, tmp_path, lang, holds, fails):
    folder, report, envelope = signed
    page = tmp_path / "report.html"
    args = ("--lang", lang, "--signature", envelope, "--public-key", folder / "key.pub")
    assert cli("report", report, "--html", page, *args)[0] == 0
    assert holds in page.read_text(encoding="utf-8")
    forged = tmp_path / "forged.json"
    document = json.loads(report.read_text())
    document["project_id"] = "SOMEONE-ELSE"
    forged.write_text(json.dumps(document))
    assert cli("report", forged, "--html", page, *args)[0] == 0
    assert fails in page.read_text(encoding="utf-8")


def test_a_signature_without_a_public_key_is_bad_input(signed):
    _, report, envelope = signed
    code, _, stderr = cli("verify", report, "--signature", envelope)
    assert code == 2 and "--signature needs the signer's public key" in stderr
