"""The shipped examples' reports and comparisons are the same bytes as the committed digests.

Moving code between modules (the layers of ``mrv/``) must not move a single byte of what a
user receives: each report and comparison is written as ``mrv compute`` writes it and its
SHA-256 compared with ``tests/data/report_digests.json``. A deliberate change of figures or of
the report's form updates that file in the same commit (``PYTHONPATH=. .venv/bin/python tests/test_report_bytes.py``).
The digest of the plug-in's own code (``methodology.code_sha256``) is left out: it changes with
every edit of a methodology's files by design, and ``mrv verify`` checks it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DIGESTS = Path(__file__).parent / "data" / "report_digests.json"
PROJECTS = sorted(path.parent.name for path in EXAMPLES.glob("*/project.yaml"))
SCENARIOS = sorted(path.parent.name for path in EXAMPLES.glob("*/scenarios.yaml"))


def written(example: str) -> bytes:
    """The bytes mrv writes for an example: its report, or its comparison of options."""
    import mrv
    from mrv.engine.provenance import pretty_json
    from mrv.planning.compare import compare

    folder = EXAMPLES / example
    if (folder / "project.yaml").exists():
        document = mrv.compute(folder / "project.yaml").model_dump(mode="json")
        document["methodology"]["code_sha256"] = ""
    else:
        document = compare(folder / "scenarios.yaml")[0].model_dump(mode="json")
    return pretty_json(document).encode("utf-8")


def digest(example: str) -> str:
    return hashlib.sha256(written(example)).hexdigest()


@pytest.mark.parametrize("example", PROJECTS + SCENARIOS)
def test_the_example_writes_the_committed_bytes(example):
    committed = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert digest(example) == committed[example]


def test_every_example_is_pinned():
    """The guard for the test above: no example escapes it, none is pinned twice."""
    committed = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert sorted(committed) == sorted(PROJECTS + SCENARIOS)
    assert len(PROJECTS) >= 5 and len(SCENARIOS) >= 2


if __name__ == "__main__":  # PYTHONPATH=. python tests/test_report_bytes.py: new digests
    digests = {example: digest(example) for example in PROJECTS + SCENARIOS}
    DIGESTS.write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sys.stdout.write(f"{len(digests)} digests written to {DIGESTS}\n")
