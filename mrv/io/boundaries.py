"""Project and stratum boundaries from GeoJSON: geodesic areas, overlaps, containment.

Coordinates are WGS 84 longitude/latitude (RFC 7946). Areas are geodesic on the WGS 84
ellipsoid (pyproj), never planar degrees; intersections are found with shapely in
longitude/latitude and measured geodesically too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mrv.common.errors import InputError, Problem
from mrv.io.confine import Confinement

__all__ = [
    "AREA_TOLERANCE",
    "Boundary",
    "check_document_boundaries",
    "geodesic_area_ha",
    "load_boundary",
    "overlap_ha",
]

#: Declared areas may differ from the geodesic area of their boundary by this share (1 %):
#: digitising and survey error, not a reason to reject; more is a mismatch to explain.
AREA_TOLERANCE = 0.01
#: Overlaps smaller than this share of the smaller area are slivers of digitising [fraction].
SLIVER = 0.001
M2_PER_HA = 10_000.0
LONGITUDE, LATITUDE = 180.0, 90.0  # bounds of WGS 84 degrees


@dataclass(frozen=True)
class Boundary:
    """A (multi)polygon in longitude/latitude and where it came from."""

    geometry: Any  # shapely geometry
    source: str


def load_boundary(
    reference: str, base: Path, file: str, path: str, confinement: Confinement | None = None
) -> Boundary:
    """Read ``FILE.geojson`` (every polygon in it) or ``FILE.geojson#ID`` (one feature).

    The file must be one the project may read (``confinement``, by default the ``base``
    folder).

    A feature matches ``ID`` by its ``id`` or its ``properties.id`` or ``properties.stratum``.
    """
    from shapely.geometry import shape  # noqa: PLC0415 - only boundaries need it
    from shapely.ops import unary_union  # noqa: PLC0415

    name, _, wanted = reference.partition("#")
    try:
        allowed = (confinement or Confinement.of(base)).resolve(base, name)
    except ValueError as error:
        raise InputError([Problem(file, path, str(error))]) from None
    try:
        data = json.loads(allowed.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(file, path, f"boundary file {name!r} not found")]) from None
    except (OSError, json.JSONDecodeError) as error:
        raise InputError([Problem(file, path, f"{name}: not readable GeoJSON: {error}")]) from None
    chosen = _chosen(data, wanted)
    if not chosen:
        what = f"no feature {wanted!r}" if wanted else "no polygon"
        raise InputError([Problem(file, path, f"{name}: {what}")])
    opened = next((why for why in map(_unclosed, chosen) if why), None)
    if opened:
        raise InputError([Problem(file, path, f"{name}: {opened}")])
    try:
        shapes = [shape(geometry) for geometry in chosen]
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
        raise InputError(
            [Problem(file, path, f"{name}: not a GeoJSON geometry: {error}")]
        ) from None
    for found in shapes:
        why = _invalid(found)
        if why:
            raise InputError([Problem(file, path, f"{name}: {why}")])
    lon_lat = all(
        -LONGITUDE <= x <= LONGITUDE and -LATITUDE <= y <= LATITUDE
        for s in shapes
        for x, y in s.envelope.exterior.coords
    )
    if not lon_lat:
        raise InputError(
            [
                Problem(
                    file,
                    path,
                    f"{name}: coordinates are not longitude/latitude in degrees (GeoJSON is WGS 84, RFC 7946)",
                )
            ]
        )
    return Boundary(unary_union(shapes), reference)


def _chosen(data: Any, wanted: str) -> list[Any]:
    """Return the geometries of a GeoJSON document: every feature's, or the one with id ``wanted``."""
    features = data.get("features", [data]) if isinstance(data, dict) else []
    chosen = []
    for feature in features:
        if not isinstance(feature, dict):
            continue
        properties = feature.get("properties") or {}
        keys = {str(feature.get("id")), str(properties.get("id")), str(properties.get("stratum"))}
        if wanted and wanted not in keys:
            continue
        geometry = feature.get("geometry", feature if feature.get("type") != "Feature" else None)
        if geometry is not None:
            chosen.append(geometry)
    return chosen


def _unclosed(geometry: Any) -> str:
    """Say which linear ring of a GeoJSON (multi)polygon is not closed (RFC 7946 §3.1.6), if any."""
    if not isinstance(geometry, dict):
        return "a geometry must be a GeoJSON object"
    coordinates = geometry.get("coordinates")
    kind = geometry.get("type")
    polygons = (
        [coordinates]
        if kind == "Polygon"
        else coordinates
        if kind == "MultiPolygon" and isinstance(coordinates, list)
        else []
    )
    for p, polygon in enumerate(polygons):
        if not isinstance(polygon, list) or not polygon:
            return f"polygon {p + 1} has no coordinates"
        for r, ring in enumerate(polygon):
            if not isinstance(ring, list) or len(ring) < 4:  # noqa: PLR2004 - RFC 7946 §3.1.6
                return (
                    f"ring {r + 1} of polygon {p + 1} has fewer than 4 positions (RFC 7946 §3.1.6)"
                )
            if ring[0] != ring[-1]:
                return (
                    f"ring {r + 1} of polygon {p + 1} is not closed: it starts at {ring[0]} and "
                    f"ends at {ring[-1]} (RFC 7946 §3.1.6: the first and last positions are the same)"
                )
    return ""


def _invalid(found: Any) -> str:
    """Say why a shape is not a valid, non-empty polygon, if it is not."""
    if found.geom_type not in ("Polygon", "MultiPolygon"):
        return f"expected Polygon or MultiPolygon geometries; found {found.geom_type}"
    if found.is_empty:
        return "the polygon is empty (no coordinates)"
    if not found.is_valid:
        from shapely.validation import explain_validity  # noqa: PLC0415

        return f"the polygon is not valid: {explain_validity(found)}"
    return ""


def geodesic_area_ha(geometry: Any) -> float:
    """Geodesic area of a lon/lat (multi)polygon on the WGS 84 ellipsoid [ha]."""
    from pyproj import Geod  # noqa: PLC0415

    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(geometry)
    return abs(float(area)) / M2_PER_HA


def overlap_ha(a: Any, b: Any) -> float:
    """Geodesic area of the intersection of two lon/lat geometries [ha]."""
    shared = a.intersection(b)
    if shared.is_empty or shared.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        return 0.0
    if shared.geom_type == "GeometryCollection":
        from shapely.ops import unary_union  # noqa: PLC0415

        polygons = [g for g in shared.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polygons:
            return 0.0
        shared = unary_union(polygons)
    return geodesic_area_ha(shared)


def check_document_boundaries(
    document: Any, base: Path, file: str, confinement: Confinement | None = None
) -> None:
    """Check declared areas against boundaries, strata against each other and the project.

    Raises InputError naming each mismatch: an area off by more than :data:`AREA_TOLERANCE`,
    strata that overlap, or a stratum reaching outside the project boundary.
    """
    project = document.project
    problems: list[Problem] = []
    outline = None
    if project.boundary is not None:
        outline = load_boundary(project.boundary, base, file, "project.boundary", confinement)
        problems += _area(outline, project.area.m_as("ha"), file, "project.boundary", "the project")
    strata = []
    for index, stratum in enumerate(project.strata):
        if stratum.boundary is None:
            continue
        path = f"project.strata[{index}].boundary"
        shape = load_boundary(stratum.boundary, base, file, path, confinement)
        problems += _area(shape, stratum.area.m_as("ha"), file, path, f"stratum {stratum.id}")
        strata.append((stratum.id, path, shape))
        if outline is not None:
            outside = geodesic_area_ha(shape.geometry) - overlap_ha(
                shape.geometry, outline.geometry
            )
            if outside > SLIVER * geodesic_area_ha(shape.geometry):
                problems.append(
                    Problem(
                        file,
                        path,
                        f"stratum {stratum.id} reaches {outside:.3f} ha outside the project boundary",
                    )
                )
    for i, (first, _, a) in enumerate(strata):
        for second, path, b in strata[i + 1 :]:
            shared = overlap_ha(a.geometry, b.geometry)
            smaller = min(geodesic_area_ha(a.geometry), geodesic_area_ha(b.geometry))
            if shared > SLIVER * smaller:
                problems.append(
                    Problem(
                        file,
                        path,
                        f"strata {first} and {second} overlap by {shared:.3f} ha: no hectare may be counted twice",
                    )
                )
    if problems:
        raise InputError(problems)


def _area(boundary: Boundary, declared: float, file: str, path: str, what: str) -> list[Problem]:
    measured = geodesic_area_ha(boundary.geometry)
    if abs(measured - declared) > AREA_TOLERANCE * max(measured, declared):
        return [
            Problem(
                file,
                path,
                f"{what} declares {declared:g} ha; its boundary measures {measured:.3f} ha (geodesic, WGS 84; tolerance {AREA_TOLERANCE:.0%})",
            )
        ]
    return []
