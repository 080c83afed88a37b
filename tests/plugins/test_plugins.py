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


def test_hook_mrv_uncertainty_rules():
    """A plug-in's rule is applied by id, with its parameter table, and a built-in id is refused.

    Hand figure: the rule deducts 5 % of |project| in each period; the report's deduction is
    that, settled upward to the gram.
    """
    import dataclasses
    import math

    from programme_rule import Rules, TakesABuiltIn

    from ..conftest import TOY_PROJECT

    class Toy:
        @mrv.hookimpl
        def mrv_methodologies(self):
            yield dataclasses.replace(
                toy_methodology.TOY, uncertainty_rule="programme-five-percent"
            )

    registry = load_plugins(discovered=[], extra=[("toy", Toy()), ("rules", Rules())])
    report = mrv.compute(TOY_PROJECT, registry=registry)
    assert report.deductions.uncertainty_rule == "programme-five-percent"
    assert report.parameters["programme_share"].value == 0.05
    for period in report.periods:
        expected = math.ceil(0.05 * abs(period.project.value) * 1e6) / 1e6
        assert period.uncertainty_deduction.value == pytest.approx(expected, abs=2e-6)
        assert period.uncertainty_deduction.value > 0
    taken = load_plugins(discovered=[], extra=[("fake", TakesABuiltIn())])
    assert [b.error for b in taken.broken] == [
        "uncertainty rule 'vm0033' is already defined by the core"
    ]


def test_a_methodology_without_a_rule_gets_the_conservative_one_and_says_so():
    import dataclasses

    from ..conftest import TOY_PROJECT

    class Toy:
        @mrv.hookimpl
        def mrv_methodologies(self):
            yield dataclasses.replace(toy_methodology.TOY, uncertainty_rule=None)

    report = mrv.compute(TOY_PROJECT, registry=load_plugins(discovered=[], extra=[("toy", Toy())]))
    assert report.deductions.uncertainty_rule == "vm0042"
    assert "uncertainty-rule-not-declared" in [finding.code for finding in report.findings]


def test_a_methodology_naming_an_unknown_rule_is_a_plug_in_failure():
    import dataclasses

    from mrv.common.errors import PluginFailure

    from ..conftest import TOY_PROJECT

    class Toy:
        @mrv.hookimpl
        def mrv_methodologies(self):
            yield dataclasses.replace(toy_methodology.TOY, uncertainty_rule="made-up")

    registry = load_plugins(discovered=[], extra=[("toy", Toy())])
    with pytest.raises(PluginFailure, match="unknown uncertainty rule 'made-up'"):
        mrv.compute(TOY_PROJECT, registry=registry)


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


def test_two_providers_of_one_id_are_both_refused_in_one_line(monkeypatch):
    """No entry point is named toy-stock, and two claim it: neither is used, one line says why."""
    second = EntryPoint(name="zz-duplicate", value="broken_plugins.duplicate", group="mrv")
    registry = load_plugins(discovered=[second, toy_entry()])
    assert registry.methodologies == {}
    (broken,) = registry.broken
    assert broken.name == "toy, zz-duplicate"
    assert broken.error.startswith("'toy-stock': provided by toy (entry point) and by zz-duplicate")
    assert "both refused" in broken.error and "MRV_CHOOSE=toy-stock=" in broken.error
    monkeypatch.setenv("MRV_CHOOSE", "toy-stock=zz-duplicate")
    chosen = load_plugins(discovered=[second, toy_entry()])
    assert chosen.providers == {} and chosen.get("toy-stock") is not None
    assert chosen.providers == {"toy-stock": "zz-duplicate"}
    assert chosen.broken == []
    assert chosen.notices == [
        "toy-stock: MRV_CHOOSE picks 'zz-duplicate'; toy (entry point) also provides it, unused"
    ]


def test_the_entry_point_named_after_an_id_owns_it():
    """A package whose entry point sorts first cannot take over a methodology's id."""
    owner = EntryPoint(name="toy-stock", value="toy_methodology", group="mrv")
    hijack = EntryPoint(name="aaa", value="broken_plugins.duplicate", group="mrv")
    registry = load_plugins(discovered=[hijack, owner])
    assert registry.get("toy-stock") is toy_methodology.TOY
    assert registry.providers == {"toy-stock": "toy-stock"}
    (broken,) = registry.broken
    assert broken.name == "aaa"
    assert "registers methodology 'toy-stock', which the entry point 'toy-stock'" in broken.error


def test_a_command_imports_only_the_plugin_it_needs():
    """Asking for toy-stock imports its entry point alone; a failing plug-in is never touched."""
    import sys

    owner = EntryPoint(name="toy-stock", value="toy_methodology", group="mrv")
    other = EntryPoint(name="other", value="broken_plugins.exits", group="mrv")
    registry = load_plugins(discovered=[other, owner])
    assert registry.names() == ["other", "toy-stock"]
    registry.get("toy-stock")
    assert "broken_plugins.exits" not in sys.modules
    assert registry.providers == {"toy-stock": "toy-stock"}


def test_system_exit_at_import_is_a_named_failure():
    registry = load_plugins(discovered=[toy_entry(), entry("exits")])
    assert list(registry.methodologies) == ["toy-stock"]
    (broken,) = registry.broken
    assert broken.name == "exits"
    assert "SystemExit(7): plug-in code may not exit the process" in broken.error


def test_a_hanging_hook_is_cut_off(monkeypatch):
    import time

    monkeypatch.setenv("MRV_HOOK_TIMEOUT", "0.5")
    started = time.perf_counter()
    registry = load_plugins(discovered=[toy_entry(), entry("hangs")])
    assert list(registry.methodologies) == ["toy-stock"]
    assert time.perf_counter() - started < 5
    (broken,) = registry.broken
    assert "mrv_methodologies hook did not return within 0.5 s" in broken.error


def test_a_plugin_that_defines_a_unit_is_broken_and_changes_nothing():
    """Redefining the hectare would scale every area: the registry refuses, naming the plug-in."""
    from ..conftest import TOY_PROJECT

    before = mrv.compute(TOY_PROJECT, registry=load_plugins(discovered=[toy_entry()]))
    registry = load_plugins(discovered=[toy_entry(), entry("defines_unit")])
    (broken,) = registry.broken
    assert broken.name == "defines_unit"
    assert "FrozenRegistryError: the unit registry is frozen: define('hectare" in broken.error
    after = mrv.compute(TOY_PROJECT, registry=registry)
    assert after.totals.net_benefit == before.totals.net_benefit


def test_the_report_names_the_distribution_and_digests_the_code():
    from mrv.contract.plugins import code_digest

    from ..conftest import TOY_PROJECT

    report = mrv.compute(TOY_PROJECT, registry=load_plugins(discovered=[toy_entry()]))
    assert report.methodology.distribution == "toy_methodology (not installed)"
    assert report.methodology.code_sha256 == code_digest(toy_methodology)
    assert len(report.methodology.code_sha256) == 64


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
        match=r"installed: none \(broken plug-ins, see `mrv methodologies`: fails_to_import: import raised ImportError",
    ):
        registry.get("forest-reclamation")
