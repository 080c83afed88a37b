"""Boundaries: geodesic areas, declared areas checked, overlaps and containment, double claims."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import Polygon
from typer.testing import CliRunner

from mrv.common.errors import InputError
from mrv.engine.compute import load_project
from mrv.interface.cli import app
from mrv.io.boundaries import geodesic_area_ha

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "wetland-methane"


def test_geodesic_area_agrees_with_a_utm_projection():
    """A 1 km square laid out in UTM zone 50N near Huainan: its planar UTM area (shoelace) and
    the geodesic area of its lon/lat corners agree within the UTM scale distortion (0.1 %)."""
    to_lonlat = Transformer.from_crs("EPSG:32650", "EPSG:4326", always_xy=True)
    x0, y0 = 580_000.0, 3_620_000.0
    corners = [(x0, y0), (x0 + 1000, y0), (x0 + 1000, y0 + 1000), (x0, y0 + 1000)]
    lonlat = [to_lonlat.transform(x, y) for x, y in corners]
    assert geodesic_area_ha(Polygon(lonlat)) == pytest.approx(100.0, rel=1e-3)


def test_the_example_declares_the_areas_its_boundaries_measure():
    loaded = load_project(EXAMPLE / "project.yaml")
    assert loaded.document.project.boundary == "boundaries.geojson#project"


def _copy(tmp_path, edit):
    for path in EXAMPLE.iterdir():
        shutil.copy(path, tmp_path / path.name)
    path = tmp_path / "boundaries.geojson"
    data = json.loads(path.read_text())
    edit({f["id"]: f for f in data["features"]})
    path.write_text(json.dumps(data))
    return tmp_path / "project.yaml"


def _shift(feature, east_degrees):
    ring = np.array(feature["geometry"]["coordinates"][0])
    ring[:, 0] += east_degrees
    feature["geometry"]["coordinates"] = [ring.tolist()]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda f: _shift(f["W2"], -0.0005), "strata W1 and W2 overlap by"),
        (lambda f: _shift(f["W3"], 0.002), "stratum W3 reaches"),
        (
            lambda f: f["W1"]["geometry"]["coordinates"][0].__setitem__(
                2,
                [
                    f["W1"]["geometry"]["coordinates"][0][2][0] + 0.002,
                    f["W1"]["geometry"]["coordinates"][0][2][1],
                ],
            ),
            "stratum W1 declares 25 ha; its boundary measures",
        ),
    ],
    ids=["overlapping_strata", "stratum_outside_project", "area_mismatch"],
)
def test_boundary_problems_are_bad_input(tmp_path, edit, message):
    with pytest.raises(InputError, match=message):
        load_project(_copy(tmp_path, edit))


def test_overlap_finds_land_claimed_twice(tmp_path):
    other = tmp_path / "other.geojson"
    data = json.loads((EXAMPLE / "boundaries.geojson").read_text())
    project = next(f for f in data["features"] if f["id"] == "project")
    _shift(project, 0.008)  # about 750 m east: half of the site
    other.write_text(json.dumps(project))
    result = CliRunner().invoke(
        app, ["overlap", str(EXAMPLE / "project.yaml"), str(other), "--json"]
    )
    assert result.exit_code == 1
    found = json.loads(result.stdout)["overlaps"]
    assert len(found) == 1 and 40 < found[0]["overlap_ha"] < 80
    far = tmp_path / "far.geojson"
    _shift(project, 0.05)
    far.write_text(json.dumps(project))
    result = CliRunner().invoke(app, ["overlap", str(EXAMPLE / "project.yaml"), str(far)])
    assert result.exit_code == 0
    assert "no overlaps among 2 boundaries" in result.stdout
