"""CSV tables with units in headers: columns as arrays, problems with file, row and column."""

import numpy as np
import pytest

from mrv.common.errors import TableProblems
from mrv.io.tables import parse_header, read_table
from mrv.model.table import Column, Table, TableSpec

SPEC = TableSpec(
    columns=(
        Column("plot"),
        Column("dbh", "[length]", "cm", nonnegative=True),
        Column("height", "[length]", "m", nonnegative=True),
        Column("cover", "", "1", required=False),
    )
)


def write(tmp_path, text, name="trees.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path, text):
    with pytest.raises(TableProblems) as caught:
        read_table(write(tmp_path, text), SPEC, reference="trees.csv")
    return [str(problem) for problem in caught.value.problems]


def test_reads_columns_as_arrays(tmp_path):
    table = read_table(write(tmp_path, "plot,dbh [cm],height [m]\nP1,10.5,8\nP2, 20 ,12.5\n"), SPEC)
    assert table.n_rows == 2
    table = table.in_file_order()
    assert table.text("plot").tolist() == ["P1", "P2"]
    assert table.number("dbh").to("m").tolist() == pytest.approx([0.105, 0.2])
    assert table.number("height").unit == "m"
    assert len(table.sha256) == 64


def test_take_selects_rows(tmp_path):
    table = read_table(write(tmp_path, "plot,dbh [cm],height [m]\nP1,1,1\nP2,2,2\nP3,3,3\n"), SPEC)
    subset = table.take(table.text("plot") != "P2").in_file_order()
    assert subset.n_rows == 2
    assert subset.number("dbh").magnitude.tolist() == [1.0, 3.0]


def test_header_parsing():
    assert parse_header("dbh [cm]") == ("dbh", "cm")
    assert parse_header(" plot ") == ("plot", None)
    assert parse_header("agb [t / ha]") == ("agb", "t / ha")
    with pytest.raises(ValueError, match="malformed header"):
        parse_header("[cm]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "plot,dbh,height [m]\nP1,1,2\n",
            [
                "trees.csv: row 1: column 'dbh': column has no unit; expected a header like 'dbh [cm]'"
            ],
        ),
        (
            "plot,dbh [kg],height [m]\nP1,1,2\n",
            [
                "trees.csv: row 1: column 'dbh': expected a unit of dimension [length] (e.g. 'cm'); found 'kg' of dimension [mass]"
            ],
        ),
        (
            "plot,dbh [cmm],height [m]\nP1,1,2\n",
            ["trees.csv: row 1: column 'dbh': unknown unit 'cmm'"],
        ),
        (
            "plot,dbh [cm],height [m]\nP1,1,2\nP2,-3,2\nP3,-1,2\n",
            ["trees.csv: row 3: column 'dbh': expected values >= 0; found -3 (rows 3, 4)"],
        ),
        (
            "plot,dbh [cm],height [m]\nP1,1,2\nP2,abc,2\n",
            [
                "trees.csv: row 3: column 'dbh': expected a number as a spreadsheet writes it (1000, -2.5, 1.2e3); found 'abc'"
            ],
        ),
        (
            "plot,dbh [cm],height [m]\nP1,nan,2\n",
            ["trees.csv: row 2: column 'dbh': expected a finite number; found NaN or infinity"],
        ),
        ("plot,dbh [cm],height [m]\nP1,,2\n", ["trees.csv: row 2: column 'dbh': empty cell"]),
        (
            "plot,dbh [cm],height [m]\nP1,1\n",
            ["trees.csv: row 2: expected 3 cells per row"],
        ),
        (
            "plot,dbh [cm]\nP1,1\n",
            ["trees.csv: row 1: column 'height': missing column; expected header 'height [m]'"],
        ),
        (
            "plot,dbh [cm],height [m],colour\nP1,1,2,red\n",
            [
                "trees.csv: row 1: column 'colour': unknown column; expected columns: plot, dbh, height, cover"
            ],
        ),
        (
            "plot,dbh [cm],dbh [cm],height [m]\nP1,1,1,2\n",
            ["trees.csv: row 1: column 'dbh': duplicate column"],
        ),
        ("plot,dbh [cm],height [m]\n", ["trees.csv: expected at least 1 data row(s); found 0"]),
        ("", ["trees.csv: the table is empty; expected a header row"]),
        (
            "\nplot,dbh [cm],height [m]\nP1,1,2\n",
            ["trees.csv: row 1 is blank; expected a header row"],
        ),
        ("\r,dbh [cm],height [m]\nP1,1,2\n", ["trees.csv: row 1 is blank; expected a header row"]),
    ],
)
def test_problems_name_file_row_and_column(tmp_path, text, expected):
    assert problems(tmp_path, text) == expected


def test_many_bad_rows_are_summarised(tmp_path):
    body = "".join(f"P{i},-1,2\n" for i in range(9))
    (message,) = problems(tmp_path, "plot,dbh [cm],height [m]\n" + body)
    assert message.endswith("(rows 2, 3, 4, 5, 6 and 4 more)")


def test_every_bad_column_is_reported(tmp_path):
    found = problems(tmp_path, "plot,dbh [cm],height [kg]\nP1,-1,2\n")
    assert len(found) == 2


def test_missing_file(tmp_path):
    with pytest.raises(TableProblems, match="table file not found"):
        read_table(tmp_path / "nope.csv", SPEC)


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffplot,dbh [cm],height [m]\nP1,1,2\n".encode())
    assert read_table(path, SPEC).number("dbh").magnitude.tolist() == [1.0]


def test_large_table_is_columnar(tmp_path):
    rows = 20_000
    body = "\n".join(f"P{i % 50},{i % 40 + 1},{i % 20 + 1}" for i in range(rows))
    table = read_table(write(tmp_path, "plot,dbh [cm],height [m]\n" + body + "\n"), SPEC)
    assert isinstance(table.number("dbh").magnitude, np.ndarray)
    assert table.number("dbh").magnitude.sum() == pytest.approx(
        sum(i % 40 + 1 for i in range(rows))
    )


def test_fast_and_checking_readers_agree(tmp_path):
    """The pyarrow path and the csv-module path give the same columns for a good table."""
    from mrv.io.arrow_tables import read_csv_columns
    from mrv.io.tables import _read_rows

    rng = np.random.default_rng(7)
    lines = ["plot,dbh [cm],height [m],cover"]
    lines += [
        f"P{i}, {rng.uniform(1, 50):.3f},{rng.uniform(1, 30):.6g},{rng.uniform():.4f}"
        for i in range(300)
    ]
    path = write(tmp_path, "\n".join(lines) + "\n\n")
    fast = read_table(path, SPEC).in_file_order()
    assert read_csv_columns(path, SPEC, "t") is not None
    _, rows = _read_rows(path, "t.csv")
    assert fast.n_rows == len(rows) - 1
    assert fast.text("plot").tolist() == [row[0] for row in rows[1:]]
    assert fast.number("dbh").magnitude.tolist() == [float(row[1]) for row in rows[1:]]
    assert fast.number("cover").unit == "1"


@pytest.mark.parametrize(
    "text",
    [
        "plot,dbh [cm],height [m]\nP1,1,2\nP2,-3,2\n",
        "plot,dbh [cm],height [m]\nP1,x,2\n",
        "plot,dbh [kg],height [m]\nP1,1,2\n",
        "plot,dbh [cm]\nP1,1\n",
        "plot,dbh [cm],height [m]\nP1,1\n",
        "plot,dbh [cm],height [m]\nP1,nan,2\n",
    ],
)
def test_fast_reader_defers_every_problem(tmp_path, text):
    from mrv.io.arrow_tables import read_csv_columns

    assert read_csv_columns(write(tmp_path, text), SPEC, "t") is None


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_any_line_ending_reads_alike(tmp_path, newline):
    text = newline.join(["plot,dbh [cm],height [m]", "P1,12,8", "P2,20,11", ""])
    table = read_table(write(tmp_path, text), SPEC, reference="trees.csv").in_file_order()
    assert table.text("plot").tolist() == ["P1", "P2"]
    assert table.number("dbh").magnitude.tolist() == [12.0, 20.0]


AREA_SPEC = TableSpec(columns=(Column("plot"), Column("area", "[area]", "m**2", positive=True)))


@pytest.mark.parametrize(
    "text",
    ["plot,area [m**2]\nP1,400\nP2,0\nP3,-1\n", "plot,area [m**2]\n" + "P,400\n" * 500 + "P,0\n"],
)
def test_positive_columns_refuse_zero_on_both_readers(tmp_path, text):
    """A divisor column: zero is refused by the fast reader and the checking reader alike."""
    with pytest.raises(TableProblems) as caught:
        read_table(write(tmp_path, text), AREA_SPEC, reference="plots.csv")
    (problem,) = caught.value.problems
    assert problem.column == "area"
    assert problem.message.startswith("expected values > 0; found ")


def test_a_plug_in_problem_names_the_first_row_and_lists_the_rest():
    table = Table("samples.csv", None, "0" * 64, 9, {})
    one = table.problem("inputs.samples", "SOC above 100 %", "soc", np.array([2]))
    assert str(one) == "samples.csv: inputs.samples: row 4: column 'soc': SOC above 100 %"
    many = table.problem("inputs.samples", "SOC above 100 %", "soc", np.arange(1, 8))
    assert (many.row, many.column) == (3, "soc")
    assert many.message == "SOC above 100 % (rows 3, 4, 5, 6, 7 and 2 more)"


@pytest.mark.parametrize("kind", ["csv", "parquet", "xlsx"])
def test_reading_announces_its_progress(tmp_path, kind):
    """A reporter hears a table being read, step by step, ending at its last step."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from mrv.common.progress import reporting

    columns = {"plot": ["P1", "P2"], "dbh [cm]": [10.5, 20.0], "height [m]": [8.0, 12.5]}
    if kind == "csv":
        path = write(tmp_path, "plot,dbh [cm],height [m]\nP1,10.5,8\nP2,20,12.5\n")
        expected = [("reading t", 1, 1)]  # one block
    elif kind == "parquet":
        path = tmp_path / "trees.parquet"
        pq.write_table(pa.table(columns), path, row_group_size=1)
        expected = [("reading t", 1, 2), ("reading t", 2, 2)]  # row group by row group
    else:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "trees"
        sheet.append(["Plot", "DBH", "Height"])
        sheet.append(list(columns))
        sheet.append(["P1", 10.5, 8.0])
        sheet.append(["P2", 20.0, 12.5])
        book.save(tmp_path / "book.xlsx")
        path = tmp_path / "book.xlsx#trees"
        expected = [("reading t", done, 3) for done in range(4)]  # column by column
    heard = []
    with reporting(lambda task, done, total: heard.append((task, done, total))):
        read_table(path, SPEC, reference="t")
    assert heard == expected


def _parquet(tmp_path, columns, **options):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "trees.parquet"
    pq.write_table(pa.table(columns), path, **options)
    return path


def test_parquet_fast_and_checking_readers_agree(tmp_path, monkeypatch):
    """Arrow columns read row group by row group equal the text path, nulls as empty cells."""
    import datetime as dt

    monkeypatch.setenv("MRV_TABLE_MEMORY", "1GiB")  # columns in memory, text as arrays

    from mrv.io.arrow_tables import read_parquet_columns
    from mrv.io.tables import _parquet_rows

    rng = np.random.default_rng(11)
    n = 1000
    cover = rng.uniform(size=n).tolist()
    cover[7] = None
    columns = {
        "plot": [f"P{i}" for i in range(n)],
        "dbh [cm]": rng.uniform(1, 50, n),
        "height [m]": rng.integers(1, 30, n),  # integers read as floats
        "cover": cover,
        "date": [dt.date(2024, 1, 1) + dt.timedelta(days=i % 300) for i in range(n)],
    }
    spec = TableSpec(columns=(*SPEC.columns, Column("date")))
    spec = TableSpec(
        columns=tuple(
            Column("cover", "", "1", required=False, allow_empty=True) if c.name == "cover" else c
            for c in spec.columns
        )
    )
    path = _parquet(tmp_path, columns, row_group_size=256)
    read = read_parquet_columns(path, spec, "t")
    n_rows, fast = read.rows, read.columns
    _, rows, _ = _parquet_rows(path, "t")
    assert n_rows == n == len(rows) - 1
    assert fast["plot"].tolist() == [row[0] for row in rows[1:]]
    assert (
        fast["date"].tolist()
        == [row[4] for row in rows[1:]]
        == [d.isoformat() for d in columns["date"]]
    )
    assert fast["dbh"].magnitude.tolist() == columns["dbh [cm]"].tolist()
    assert fast["height"].magnitude.tolist() == [float(h) for h in columns["height [m]"]]
    assert np.isnan(fast["cover"].magnitude[7]) and rows[8][3] == ""
    table = read_table(path, spec, reference="t").in_file_order()
    assert table.first_row == 1
    # the factorized text column joins like the plain one: each row's plot among some keys
    keys = np.array(["P3", "P999", "nowhere"])
    assert table.positions("plot", keys).tolist() == [
        {"P3": 0, "P999": 1}.get(plot, -1) for plot in columns["plot"]
    ]
    half = table.take(np.arange(n) % 2 == 1)
    assert half.positions("plot", keys).tolist() == [
        {"P3": 0, "P999": 1}.get(plot, -1) for plot in columns["plot"][1::2]
    ]
    assert table.number("dbh").magnitude.tolist() == columns["dbh [cm]"].tolist()


def test_a_bad_parquet_value_is_named_by_its_record(tmp_path):
    path = _parquet(
        tmp_path,
        {"plot": ["P1", "P2", "P3"], "dbh [cm]": [1.0, -2.0, 3.0], "height [m]": [1.0, 1.0, 1.0]},
    )
    with pytest.raises(TableProblems) as caught:
        read_table(path, SPEC, reference="t.parquet")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "dbh")  # the second record


def test_columns_that_refer_to_the_document_are_checked_by_the_core(tmp_path):
    """A ``refers`` column holding an id the document lacks is bad input naming row and column."""
    from types import SimpleNamespace
    from typing import Annotated

    import pydantic

    from mrv.common.errors import problems_from_validation
    from mrv.model.table import Column, Table, TableSpec

    spec = TableSpec(
        columns=(
            Column("stratum", refers="strata"),
            Column("period", refers="periods", allow_empty=True),
        )
    )

    class Inputs(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
        rows: Annotated[Table, spec]

    document = SimpleNamespace(
        project=SimpleNamespace(strata=[SimpleNamespace(id="S1"), SimpleNamespace(id="S2")]),
        monitoring_periods=[SimpleNamespace(id="MP1")],
    )
    path = write(tmp_path, "stratum,period\nS1,MP1\nS2,\nS9,MP1\nS1,MP7\n")
    context = {
        "document": document,
        "read_table": lambda reference, table_spec, measurement: read_table(
            path, table_spec, reference="rows.csv"
        ),
    }
    with pytest.raises(pydantic.ValidationError) as caught:
        Inputs.model_validate({"rows": "rows.csv"}, context=context)
    problems = problems_from_validation(caught.value.errors(), "p.yaml", ("inputs",))
    assert [str(problem) for problem in problems] == [
        "rows.csv: inputs.rows: row 4: column 'stratum': unknown stratum 'S9'; strata: S1, S2",
        "rows.csv: inputs.rows: row 5: column 'period': unknown monitoring period 'MP7'; periods: MP1",
    ]
