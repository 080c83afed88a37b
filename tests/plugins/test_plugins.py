"""The plug-in contract: discovery, fault isolation, profiles, and the meta-tests."""

import inspect
import re
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
import toy_methodology

import mrv
from mrv.contract import hookspecs
from mrv.contract.plugins import load_plugins

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def entry(name):
    return EntryPoint(name=name, value=f"broken_plugins.{name}", group="mrv")


def toy_entry():
    return EntryPoint(name="toy", value="toy_methodology", group="mrv")


def test_hook_mrv_methodologies():
    registry = load_plugins(discovered=[toy_entry()])
    assert list(registry.methodologies) == ["toy-stock"]
    assert registry.providers == {"toy-stock": "toy"}
    assert registry.broken == []


def test_hook_mrv_parameter_profiles():
    from broken_plugins.profiles import Adds

    registry = load_plugins(discovered=[toy_entry()], extra=[("adds", Adds())])
    profiles = registry.profiles(registry.get("toy-stock"))
    assert sorted(profiles) == ["default", "province", "strict"]
    assert profiles["province"].path.name == "province"


def test_third_party_profile_is_used_in_compute(tmp_path):
    import shutil

    import yaml
    from broken_plugins.profiles import Adds

    from ..conftest import TOY_PROJECT

    shutil.copytree(TOY_PROJECT.parent, tmp_path / "toy")
    path = tmp_path / "toy" / "project.yaml"
    document = yaml.safe_load(path.read_text())
    document["project"]["methodology"]["profile"] = "province"
    path.write_text(yaml.safe_dump(document))
    registry = load_plugins(discovered=[toy_entry()], extra=[("adds", Adds())])
    report = mrv.compute(path, registry=registry)
    assert report.parameters["cf"].value == 0.48
    assert report.parameters["cf"].source.document == "provincial test profile"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("fails_to_import", "ImportError: this plug-in needs a library that is not installed"),
        ("raises", "RuntimeError: cannot read my parameter folder"),
        ("wrong_type", "TypeError: yielded dict, not Methodology"),
        ("unknown_hook", "unknown hook 'mrv_equations'"),
    ],
)
def test_a_broken_plugin_is_reported_and_harms_nobody(name, error):
    registry = load_plugins(discovered=[toy_entry(), entry(name)])
    assert list(registry.methodologies) == ["toy-stock"]
    (broken,) = registry.broken
    assert broken.name == name
    assert error in broken.error


def test_a_duplicate_id_goes_to_the_first_plugin_by_name():
    second = EntryPoint(name="zz-duplicate", value="broken_plugins.duplicate", group="mrv")
    registry = load_plugins(discovered=[second, toy_entry()])
    assert registry.providers == {"toy-stock": "toy"}
    (broken,) = registry.broken
    assert (broken.name, broken.error) == (
        "zz-duplicate",
        "methodology 'toy-stock' is already provided by 'toy'",
    )


def test_a_raising_profile_hook_is_isolated():
    from broken_plugins.profiles import Adds, Raises

    registry = load_plugins(
        discovered=[toy_entry()], extra=[("adds", Adds()), ("raises", Raises())]
    )
    assert "province" in registry.profiles(registry.get("toy-stock"))
    assert [broken.name for broken in registry.broken] == ["raises"]


def test_environment_variable_adds_plugins(monkeypatch):
    monkeypatch.setenv("MRV_PLUGINS", "toy_methodology, broken_plugins.raises")
    registry = load_plugins()
    assert "toy-stock" in registry.methodologies
    assert [broken.name for broken in registry.broken] == ["broken_plugins.raises"]


def test_methodology_record_checks_itself():
    with pytest.raises(ValueError, match="lower case"):
        mrv.Methodology(
            id="Bad_Id",
            version="1.0.0",
            title="t",
            standards=(),
            inputs=toy_methodology.ToyInputs,
            calculate=print,
        )
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR\.PATCH"):
        mrv.Methodology(
            id="ok-id",
            version="1.0",
            title="t",
            standards=(),
            inputs=toy_methodology.ToyInputs,
            calculate=print,
        )
    with pytest.raises(TypeError, match="pydantic model"):
        mrv.Methodology(
            id="ok-id", version="1.0.0", title="t", standards=(), inputs=dict, calculate=print
        )


def hook_names():
    return sorted(name for name in dir(hookspecs) if name.startswith("mrv_"))


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_has_a_test(hook):
    assert f"test_hook_{hook}" in globals(), f"write test_hook_{hook} in this file"


@pytest.mark.parametrize("hook", hook_names())
def test_every_hook_is_documented_with_its_signature(hook):
    signature = f"{hook}{inspect.signature(getattr(hookspecs, hook))}"
    text = DOCS.read_text(encoding="utf-8")
    normalised = re.sub(r"\s+", " ", text)
    assert signature.replace("'", "") in normalised, f"docs/plugins.md must show `{signature}`"


def test_unknown_methodology_names_broken_plugins():
    registry = load_plugins(discovered=[entry("fails_to_import")])
    with pytest.raises(
        KeyError,
        match=r"installed: none \(broken plug-ins, see `mrv methodologies`: fails_to_import: ImportError",
    ):
        registry.get("forest-reclamation")
