"""Geometry for the maps: great-circle arcs between the two places of a pair, and the data the
map script draws (registry/static/registry/map.js).

The map is Pacific-centred, because China and the US face each other across the Pacific: longitudes
west of WEST_EDGE are drawn 360 degrees further east (Ohio at -83 is drawn at 277), and every arc's
points are unwrapped so it crosses the Pacific as one unbroken line. Downloads (GeoJSON, API) keep
plain [lon, lat] in -180..180; only the drawing shifts.
"""

import itertools
import math

WEST_EDGE = -30.0  # the Atlantic: everything west of it (the Americas) is drawn east of Asia
ARC_SEGMENTS = 32
# Leaflet's Mercator ends at 85°: arcs are kept below this, with room for the line's width.
POLAR_LIMIT = 80.0


def pacific_longitude(lon):
    return lon + 360 if lon < WEST_EDGE else lon


def great_circle(start, end, segments=ARC_SEGMENTS):
    """Points along the shorter great circle from start to end, both (lon, lat) in degrees, with
    longitudes unwrapped so that consecutive points never jump by 360 and the line ends where the
    map draws its end (pacific_longitude).

    A great circle that passes within a few degrees of the pole (Yunnan–Delaware reaches 87.6°)
    cannot be drawn on the map's Mercator projection: Leaflet flattens everything above 85° into
    one line, and its longitude swings through 180° in one step. Such a pair is drawn as a curve
    that bows towards the pole but stays below POLAR_LIMIT (polar_curve)."""
    points = unwrap(_slerp(start, end, segments))
    if max(lat for _lon, lat in points) > POLAR_LIMIT:
        return polar_curve(start, end, segments)
    return points


def _slerp(start, end, segments):
    lon1, lat1, lon2, lat2 = map(math.radians, (*start, *end))
    p1 = (math.cos(lat1) * math.cos(lon1), math.cos(lat1) * math.sin(lon1), math.sin(lat1))
    p2 = (math.cos(lat2) * math.cos(lon2), math.cos(lat2) * math.sin(lon2), math.sin(lat2))
    dot = max(-1.0, min(1.0, sum(a * b for a, b in zip(p1, p2, strict=True))))
    angle = math.acos(dot)
    points = []
    for step in range(segments + 1):
        t = step / segments
        if angle < 1e-9:
            x, y, z = p1
        else:
            # Spherical linear interpolation between the two unit vectors.
            w1 = math.sin((1 - t) * angle) / math.sin(angle)
            w2 = math.sin(t * angle) / math.sin(angle)
            x, y, z = (w1 * a + w2 * b for a, b in zip(p1, p2, strict=True))
        points.append([math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))])
    return points


def polar_curve(start, end, segments=ARC_SEGMENTS):
    """A smooth curve from start to end in the drawn window, for a pair whose great circle passes
    near the pole: longitude runs evenly from one drawn end to the other, latitude bows north (a
    parabola over the straight line between the ends) up to POLAR_LIMIT, never flat."""
    lon1, lon2 = pacific_longitude(start[0]), pacific_longitude(end[0])
    lat1, lat2 = start[1], end[1]
    rise = max(POLAR_LIMIT - (lat1 + lat2) / 2, 0)
    points = []
    for step in range(segments + 1):
        t = step / segments
        lat = (1 - t) * lat1 + t * lat2 + 4 * t * (1 - t) * rise
        points.append([round((1 - t) * lon1 + t * lon2, 3), round(min(lat, POLAR_LIMIT), 3)])
    return points


def unwrap(points):
    """Shift longitudes by whole turns so the line is continuous, starts in the drawn window and
    ends where the map draws its end. Continuity alone can end a line a whole turn away from its
    place (at -75 instead of 285, on the copy of the Americas west of China); then the rest of the
    line, from its largest step on, moves by that turn."""
    result = []
    for lon, lat in points:
        if not result:
            lon = pacific_longitude(lon)
        else:
            previous = result[-1][0]
            while lon - previous > 180:
                lon -= 360
            while previous - lon > 180:
                lon += 360
        result.append([lon, lat])
    if len(result) > 1:
        turns = round((pacific_longitude(points[-1][0]) - result[-1][0]) / 360)
        if turns:
            steps = [abs(b[0] - a[0]) for a, b in itertools.pairwise(result)]
            jump = steps.index(max(steps)) + 1
            for point in result[jump:]:
                point[0] += 360 * turns
    return [[round(lon, 3), round(lat, 3)] for lon, lat in result]


def lonlat(place):
    if place.latitude is None or place.longitude is None:
        return None
    return (float(place.longitude), float(place.latitude))


def leaflet_points(points):
    """[lon, lat] pairs as Leaflet's [lat, lon], rounded to about a kilometre."""
    return [[round(lat, 2), round(lon, 2)] for lon, lat in points]


def map_data(pairings):
    """What map.js draws: one arc per pair whose two places both have coordinates, and a dot per
    place with coordinates. Pairs missing a coordinate are left out of the drawing (the page lists
    them); nothing is guessed."""
    arcs, places = [], {}
    for pairing in pairings:
        for side in pairing.sides():
            point = lonlat(side)
            if point is not None and side.slug not in places:
                places[side.slug] = {
                    "label": side.local_name(),
                    "url": side.get_absolute_url(),
                    "point": [round(point[1], 3), round(pacific_longitude(point[0]), 3)],
                }
        a, b = lonlat(pairing.side_a), lonlat(pairing.side_b)
        if a is None or b is None:
            continue
        arcs.append(
            {
                "label": f"{pairing.side_a.local_name()} – {pairing.side_b.local_name()}",
                "url": pairing.get_absolute_url(),
                "kind": pairing.kind,
                "points": leaflet_points(great_circle(a, b)),
            }
        )
    return {"arcs": arcs, "places": list(places.values())}
