"""Tables people already have: an XLSX workbook from the template, and Parquet files."""

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from mrv.common.errors import InputError
from mrv.contract.plugins import load_plugins
from mrv.engine.compute import compute
from mrv.interface.cli import app

ROOT = Path(__file__).resolve().parents[2]
METHODOLOGIES = sorted(load_plugins().methodologies)


def cli(*args):
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("methodology", METHODOLOGIES)
def test_the_xlsx_template_computes_like_the_csv_template(methodology, tmp_path):
    assert cli("template", methodology, tmp_path / "csv")[0] == 0
    code, _, stderr = cli("template", methodology, tmp_path / "xlsx", "--format", "xlsx")
    assert code == 0, stderr
    assert not list((tmp_path / "xlsx").glob("*.csv"))
    book = load_workbook(tmp_path / "xlsx" / "tables.xlsx")
    assert book.sheetnames[0] == "guidance"
    a = compute(tmp_path / "csv" / "project.yaml")
    b = compute(tmp_path / "xlsx" / "project.yaml")
    assert json.dumps(a.model_dump(mode="json")["totals"]) == json.dumps(
        b.model_dump(mode="json")["totals"]
    )


def test_a_workbook_has_labels_keys_and_drop_down_lists(tmp_path):
    cli("template", "topsoil-amendment", tmp_path / "site", "--format", "xlsx")
    book = load_workbook(tmp_path / "site" / "tables.xlsx")
    sheet = book["deliveries"]
    keys = [cell.value for cell in sheet[2]]
    assert "mass [t]" in keys and "mass_basis" in keys
    assert sheet["A1"].value == "delivery date YYYY-MM-DD"
    lists = {rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert '"wet,dry"' in lists
    guidance = [row for row in book["guidance"].iter_rows(values_only=True)]
    assert ("deliveries", "mass_basis") in {(row[0], row[1]) for row in guidance}


def test_a_bad_cell_in_a_workbook_names_sheet_row_and_column(tmp_path):
    cli("template", "topsoil-amendment", tmp_path / "site", "--format", "xlsx")
    path = tmp_path / "site" / "tables.xlsx"
    book = load_workbook(path)
    sheet = book["deliveries"]
    column = [cell.value for cell in sheet[2]].index("moisture [%]") + 1
    sheet.cell(row=5, column=column, value=100)
    book.save(path)
    code, _, stderr = cli("validate", tmp_path / "site" / "project.yaml")
    assert code == 2
    assert stderr == (
        "error: tables.xlsx#deliveries: inputs.deliveries: row 5: column 'moisture': "
        "moisture on a wet basis must be below 100 %\n"
    )


def test_parquet_tables_with_units_in_names_or_metadata(tmp_path):
    """The cropland example's fields as Parquet: area's unit in field metadata, clay's in its name."""
    source = ROOT / "examples" / "cropland-soil"
    for path in source.iterdir():
        shutil.copy(path, tmp_path / path.name)
    rows = [line.split(",") for line in (source / "fields.csv").read_text().splitlines()[1:]]
    table = pa.table(
        {
            "field": [r[0] for r in rows],
            "stratum": [r[1] for r in rows],
            "area": [float(r[2]) for r in rows],
            "clay [%]": [float(r[3]) for r in rows],
        }
    )
    schema = table.schema.set(2, table.schema.field("area").with_metadata({"unit": "ha"}))
    pq.write_table(table.cast(schema), tmp_path / "fields.parquet")
    document = (tmp_path / "project.yaml").read_text().replace("fields.csv", "fields.parquet")
    (tmp_path / "project.yaml").write_text(document)
    again = compute(tmp_path / "project.yaml")
    assert (
        again.totals.net_benefit.value == compute(source / "project.yaml").totals.net_benefit.value
    )


def test_a_parquet_column_without_a_unit_is_refused(tmp_path):
    source = ROOT / "examples" / "cropland-soil"
    for path in source.iterdir():
        shutil.copy(path, tmp_path / path.name)
    rows = [line.split(",") for line in (source / "fields.csv").read_text().splitlines()[1:]]
    pq.write_table(
        pa.table(
            {
                "field": [r[0] for r in rows],
                "stratum": [r[1] for r in rows],
                "area": [float(r[2]) for r in rows],
                "clay [%]": [float(r[3]) for r in rows],
            }
        ),
        tmp_path / "fields.parquet",
    )
    document = (tmp_path / "project.yaml").read_text().replace("fields.csv", "fields.parquet")
    (tmp_path / "project.yaml").write_text(document)
    with pytest.raises(InputError, match="column has no unit"):
        compute(tmp_path / "project.yaml")


def test_every_coded_column_has_a_drop_down_that_refuses_other_values(tmp_path):
    """Every column declared with choices, in every sheet, gets a list validation that stops
    a typed value outside it; the guidance sheet lists the same choices (cropland-soil used
    to have one drop-down for its four coded columns, and it did not block bad entries)."""
    from mrv.contract.plugins import load_plugins
    from mrv.model.table import table_specs

    registry = load_plugins()
    for methodology in ("cropland-soil", "topsoil-amendment", "wetland-methane"):
        target = tmp_path / methodology
        code, _, stderr = cli("template", methodology, target, "--format", "xlsx")
        assert code == 0, stderr
        book = load_workbook(target / "tables.xlsx")
        guidance = {
            (row[0], row[1]): row[4] for row in book["guidance"].iter_rows(values_only=True)
        }
        specs = table_specs(registry.get(methodology).inputs)
        for name in book.sheetnames:
            if name not in specs:
                continue
            sheet = book[name]
            rules = {
                str(rule.sqref).split(":")[0]: rule
                for rule in sheet.data_validations.dataValidation
            }
            keys = [cell.value for cell in sheet[2]]
            for column in specs[name].columns:
                if not column.choices or column.header not in keys:
                    continue
                letter = sheet.cell(row=2, column=keys.index(column.header) + 1).column_letter
                rule = rules[f"{letter}3"]
                assert rule.formula1 == '"' + ",".join(column.choices) + '"'
                assert rule.showErrorMessage and rule.errorStyle == "stop"
                assert guidance[(name, column.header)] == ", ".join(column.choices)
    cropland = load_workbook(tmp_path / "cropland-soil" / "tables.xlsx")["management"]
    assert len(cropland.data_validations.dataValidation) == 3  # tillage, input_level, fertiliser
