"""Parameter tables: sources, keys, CSV sidecars, profiles, vectorised lookup, usage records."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrv.common.coded import Coded
from mrv.common.errors import InputError
from mrv.contract.parameters import (
    ParameterSet,
    ParameterTable,
    load_parameter_folder,
    merge_tables,
)

SOC_REF = {
    "id": "soc_ref",
    "description": "Reference SOC stock, 0-30 cm",
    "unit": "t C / ha",
    "source": {"document": "AR-TOOL16 v01.1.0", "table": "3"},
    "dimensions": ["climate", "soil"],
    "values": [
        {"climate": "warm_temperate_moist", "soil": "LAC", "value": 63},
        {"climate": "tropical_moist", "soil": "LAC", "value": 47},
        {
            "climate": "boreal",
            "soil": "HAC",
            "value": 68,
            "source": {"document": "other", "unverified": True},
        },
    ],
}


def table(**overrides):
    return ParameterTable.model_validate({**SOC_REF, **overrides})


def test_inline_keys_and_row_lookup():
    soc = table()
    assert soc.row(climate="tropical_moist", soil="LAC").value == 47
    assert soc.source_of(soc.row(climate="boreal", soil="HAC")).unverified is True
    with pytest.raises(KeyError, match="has no value"):
        soc.row(climate="boreal", soil="LAC")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            [{"climate": "x", "value": 1}],
            "has key ['climate']; expected the dimensions ['climate', 'soil']",
        ),
        (
            [{"climate": "x", "soil": "y", "value": 1}, {"climate": "x", "soil": "y", "value": 2}],
            "repeats the key",
        ),
        ([{"climate": "x", "soil": "y", "value": 5, "min": 6}], "outside [min, max]"),
        (
            [{"climate": "x", "soil": "y", "value": 5, "distribution": {"kind": "normal"}}],
            "needs sd",
        ),
        (
            [{"climate": "x", "soil": "y", "value": 5, "distribution": {"kind": "uniform"}}],
            "needs min and max",
        ),
    ],
)
def test_bad_rows(values, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        table(values=values)


def test_source_is_required():
    data = {key: value for key, value in SOC_REF.items() if key != "source"}
    with pytest.raises(ValueError, match="source"):
        ParameterTable.model_validate(data)


def test_folder_with_yaml_and_csv(tmp_path):
    (tmp_path / "cf.yaml").write_text(
        "id: cf\ndescription: carbon fraction\nunit: t C / t\nsource: {document: AR-TOOL14 v04.2}\nvalues:\n  - {value: 0.47}\n"
    )
    (tmp_path / "r.meta.yaml").write_text(
        "id: r\ndescription: root-shoot\nunit: '1'\nsource: {document: IPCC 2006 GL, table: '4.4'}\ndimensions: [zone]\n"
    )
    (tmp_path / "r.csv").write_text(
        "zone,value,min,max,source_page\ntropical,0.37,,,4.49\ndry,0.56,0.28,0.68,\n"
    )
    tables = load_parameter_folder(tmp_path)
    assert sorted(tables) == ["cf", "r"]
    dry = tables["r"].row(zone="dry")
    assert (dry.value, dry.min, dry.max) == (0.56, 0.28, 0.68)
    assert tables["r"].row(zone="tropical").source.page == "4.49"


def test_folder_problems_name_the_file(tmp_path):
    (tmp_path / "cf.yaml").write_text(
        "id: other\ndescription: x\nunit: t\nsource: {document: d}\nvalues: [{value: 1}]\n"
    )
    (tmp_path / "bad.yaml").write_text("id: bad\ndescription: x\nunit: t\nvalues: [{value: 1}]\n")
    (tmp_path / "lonely.csv").write_text("value\n1\n")
    with pytest.raises(InputError) as caught:
        load_parameter_folder(tmp_path)
    found = sorted(str(problem) for problem in caught.value.problems)
    assert found == sorted(
        [
            f"{tmp_path / 'bad.yaml'}: source: missing required field",
            f"{tmp_path / 'cf.yaml'}: id: table id 'other' must match the file name 'cf'",
            f"{tmp_path / 'lonely.csv'}: a CSV parameter table needs its sidecar lonely.meta.yaml",
        ]
    )


def test_profile_replaces_rows_by_key_and_keeps_sources():
    base = {"soc_ref": table()}
    override = {
        "soc_ref": table(
            source={"document": "Jiangxi provincial profile"},
            values=[{"climate": "tropical_moist", "soil": "LAC", "value": 50}],
        )
    }
    merged = merge_tables(base, override)["soc_ref"]
    assert merged.row(climate="tropical_moist", soil="LAC").value == 50
    assert (
        merged.source_of(merged.row(climate="tropical_moist", soil="LAC")).document
        == "Jiangxi provincial profile"
    )
    assert merged.row(climate="warm_temperate_moist", soil="LAC").value == 63
    assert (
        merged.source_of(merged.row(climate="warm_temperate_moist", soil="LAC")).document
        == "AR-TOOL16 v01.1.0"
    )


def test_profile_may_not_change_the_unit():
    with pytest.raises(InputError, match="changes the unit or dimensions"):
        merge_tables({"soc_ref": table()}, {"soc_ref": table(unit="kg C / ha")})


def test_vectorised_lookup_records_each_distinct_key():
    parameters = ParameterSet({"soc_ref": table()})
    climate = np.array(["tropical_moist", "warm_temperate_moist", "tropical_moist"])
    found = parameters.lookup("soc_ref", climate=climate, soil=np.array(["LAC"] * 3))
    assert found.magnitude.tolist() == [47.0, 63.0, 47.0]
    assert found.unit == "t C / ha"
    assert sorted(parameters.used) == [
        "soc_ref[climate=tropical_moist,soil=LAC]",
        "soc_ref[climate=warm_temperate_moist,soil=LAC]",
    ]


def test_get_returns_a_traced_parameter():
    parameters = ParameterSet({"soc_ref": table()})
    value = parameters.get("soc_ref", climate="boreal", soil="HAC")
    assert (value.magnitude, value.refs) == (68.0, ("parameter:soc_ref[climate=boreal,soil=HAC]",))
    assert parameters.used["soc_ref[climate=boreal,soil=HAC]"].source.document == "other"
    with pytest.raises(KeyError, match="no parameter table 'nope'"):
        parameters.get("nope")


def test_lookup_of_a_missing_combination_or_level_names_it():
    parameters = ParameterSet({"soc_ref": table()})
    with pytest.raises(KeyError, match="has no value for"):
        parameters.lookup("soc_ref", climate=np.array(["boreal"]), soil=np.array(["LAC"]))
    with pytest.raises(KeyError, match="has no climate 'arctic'"):
        parameters.lookup("soc_ref", climate=np.array(["arctic"]), soil=np.array(["LAC"]))


def test_lookup_equals_row_by_row():
    parameters = ParameterSet({"soc_ref": table()})
    rng = np.random.default_rng(3)
    pairs = [("warm_temperate_moist", "LAC"), ("tropical_moist", "LAC"), ("boreal", "HAC")]
    chosen = [pairs[i] for i in rng.integers(0, 3, 500)]
    found = parameters.lookup(
        "soc_ref", climate=np.array([c for c, _ in chosen]), soil=np.array([s for _, s in chosen])
    )
    expected = [table().row(climate=c, soil=s).value for c, s in chosen]
    assert found.magnitude.tolist() == expected


PAIRS = [("warm_temperate_moist", "LAC"), ("tropical_moist", "LAC"), ("boreal", "HAC")]


@given(st.lists(st.integers(0, len(PAIRS) - 1), min_size=0, max_size=60))
def test_coded_keys_give_what_text_keys_give(chosen):
    """A key as levels and codes (Table.coded) looks up the same values as the text itself."""
    climate = np.array([PAIRS[i][0] for i in chosen], dtype=np.str_)
    soil = np.array([PAIRS[i][1] for i in chosen], dtype=np.str_)
    as_text, as_codes = ParameterSet({"soc_ref": table()}), ParameterSet({"soc_ref": table()})
    expected = as_text.lookup("soc_ref", climate=climate, soil=soil)
    found = as_codes.lookup("soc_ref", climate=Coded.of(climate), soil=Coded.of(soil))
    assert found.magnitude.tolist() == expected.magnitude.tolist()
    assert found.refs == expected.refs
    assert as_codes.used == as_text.used


def test_coded_round_trip_and_unused_levels():
    values = np.array(["b", "a", "b", "c", "a"])
    coded = Coded.of(values)
    assert coded.values().tolist() == values.tolist()
    assert sorted(coded.levels.tolist()) == ["a", "b", "c"]
    assert coded.recode(["c", "b"]).tolist() == [1, -1, 1, 0, -1]
    assert Coded.constant("x", 3).values().tolist() == ["x", "x", "x"]
    assert Coded.of(np.empty(0, dtype=np.str_)).values().size == 0


def test_coded_lookup_names_an_unknown_level_only_where_it_is_used():
    parameters = ParameterSet({"soc_ref": table()})
    climate = Coded.of(np.array(["arctic", "boreal", "boreal"]))
    soil = Coded.of(np.array(["HAC", "HAC", "HAC"]))
    with pytest.raises(KeyError, match="has no climate 'arctic'"):
        parameters.lookup("soc_ref", climate=climate, soil=soil)
    rows = np.array([1, 2])  # the rows kept do not use 'arctic', though the levels still hold it
    found = parameters.lookup("soc_ref", climate=climate.take(rows), soil=soil.take(rows))
    assert found.magnitude.tolist() == [68.0, 68.0]


QUANTILE = {
    "id": "quantile",
    "description": "Probability of a one-sided Student t value",
    "unit": "1",
    "source": {"document": "Verra VM0042 v2.2", "equation": "Eq 74"},
    "values": [{"value": 0.6667, "min": 0.6, "max": 0.7}],
}


def test_a_setting_is_never_drawn_and_refuses_a_distribution():
    """A rule's setting comes back as its value under Monte Carlo; a ranged value is drawn."""
    from mrv.contract.draws import Sampler

    setting = ParameterTable.model_validate({**QUANTILE, "setting": True})
    ranged = ParameterTable.model_validate({**QUANTILE, "id": "ranged"})
    drawn = ParameterSet({"quantile": setting, "ranged": ranged}, Sampler(7, 0, 32))
    assert drawn.get("quantile").magnitude == 0.6667
    values = np.asarray(drawn.get("ranged").magnitude)
    assert values.shape == (32, 1)
    assert 0.6 <= values.min() < values.max() <= 0.7
    with pytest.raises(ValueError, match="a setting of a rule"):
        ParameterTable.model_validate(
            {
                **QUANTILE,
                "setting": True,
                "values": [{"value": 0.6667, "distribution": {"kind": "normal", "sd": 0.01}}],
            }
        )


def test_the_setting_flag_enters_the_digest_only_when_set():
    """Tables without ``setting`` hash as before the flag existed; a setting's flag is hashed."""
    plain = ParameterTable.model_validate(QUANTILE)
    assert "setting" not in plain.model_dump(mode="json")
    assert ParameterTable.model_validate({**QUANTILE, "setting": True}).model_dump(mode="json")[
        "setting"
    ]
