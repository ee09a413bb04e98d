"""The published registry as GeoJSON (RFC 7946: [longitude, latitude], WGS 84)."""

from .geo import lonlat
from .models import Pairing


def place_properties(place):
    return {
        "slug": place.slug,
        "name_en": place.name_en,
        "name_zh": place.name_zh,
        "country": str(place.country),
        "iso_3166_2": place.iso_3166_2,
    }


def geojson():
    """One LineString feature per published pair whose two places have coordinates, from side A to
    side B. Pairs missing a coordinate are left out rather than placed somewhere guessed."""
    features = []
    for pairing in Pairing.objects.public().for_listing().order_by("slug"):
        a, b = pairing.side_a, pairing.side_b
        points = (lonlat(a), lonlat(b))
        if None in points:
            continue
        features.append(
            {
                "type": "Feature",
                "id": pairing.slug,
                "geometry": {
                    "type": "LineString",
                    "coordinates": [list(point) for point in points],
                },
                "properties": {
                    "slug": pairing.slug,
                    "kind": pairing.kind,
                    "tier": pairing.tier,
                    "status": pairing.status,
                    "evidence": pairing.evidence,
                    "established": pairing.established.isoformat() if pairing.established else None,
                    "side_a": place_properties(a),
                    "side_b": place_properties(b),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
