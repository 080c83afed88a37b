"""Any mutation of a valid document is accepted or refused with InputError, never a crash."""

import copy
import csv
import json
import shutil
import warnings
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mrv
from mrv.common.errors import InputError, PluginFailure
from mrv.contract.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = {
    "toy": ROOT / "tests" / "fixtures" / "valid" / "toy" / "project.yaml",
    "forest": ROOT / "examples" / "forest-reclamation" / "project.yaml",
}

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(
        ["12 t", "-3 ha", "5 hectar", "1e400 ha", "nan ha", "2019-13-01", "S9", "{value: 1}"]
    ),
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


def mutate(document, path, action, value):
    changed = copy.deepcopy(document)
    if not path:
        return value
    parent = changed
    for key in path[:-1]:
        parent = parent[key]
    if action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return changed


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.sampled_from(sorted(DOCUMENTS)), st.data())
def test_mutated_documents_never_crash(tmp_path, toy_registry, name, data):
    source = DOCUMENTS[name]
    document = yaml.safe_load(source.read_text())
    path = data.draw(st.sampled_from(list(paths(document))))
    action = data.draw(st.sampled_from(["delete", "replace"])) if path else "replace"
    changed = mutate(document, path, action, data.draw(junk))
    folder = tmp_path / name
    if not folder.exists():
        shutil.copytree(source.parent, folder)
    target = folder / "project.json"
    target.write_text(json.dumps(changed, default=str))
    registry = toy_registry if name == "toy" else load_plugins()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # as in the CLI; see below
            mrv.compute(target, registry=registry)
    except InputError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)
    except PluginFailure:
        # The toy plug-in checks little and may compute nan from odd input; the engine
        # must refuse that as a plug-in failure. The shipped plug-ins must never fail.
        assert name == "toy"


FOREST_TABLES = ("plots.csv", "trees.csv")
cell_junk = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        ["", "nan", "inf", "-inf", "1e400", "-5", "0", "S9", "MP9", "1,5", '"', "2.5.1"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def mutate_rows(rows, action, data):
    """One edit of a table: a cell, a header, a dropped or duplicated row, a dropped column."""
    rows = [list(row) for row in rows]
    row = data.draw(st.integers(1, len(rows) - 1))
    column = data.draw(st.integers(0, len(rows[0]) - 1))
    if action == "cell":
        rows[row][column] = data.draw(cell_junk)
    elif action == "header":
        rows[0][column] = data.draw(cell_junk)
    elif action == "drop row":
        del rows[row]
    elif action == "drop column":
        rows = [line[:column] + line[column + 1 :] for line in rows]
    else:
        rows.append(list(rows[row]))
    return rows


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.sampled_from(FOREST_TABLES), st.data())
def test_mutated_tables_never_crash(tmp_path, name, data):
    folder = tmp_path / "forest"
    if not folder.exists():
        shutil.copytree(DOCUMENTS["forest"].parent, folder)
    for table in FOREST_TABLES:
        shutil.copy(DOCUMENTS["forest"].parent / table, folder / table)
    rows = list(csv.reader((folder / name).read_text().splitlines()))
    action = data.draw(st.sampled_from(["cell", "header", "drop row", "drop column", "duplicate"]))
    with (folder / name).open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(mutate_rows(rows, action, data))
    try:
        with warnings.catch_warnings():
            # numpy's overflow warnings, as the CLI hides them: the figures are checked instead.
            warnings.simplefilter("ignore", RuntimeWarning)
            mrv.compute(folder / "project.yaml", registry=load_plugins())
    except InputError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)
