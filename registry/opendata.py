"""The published registry as GeoJSON (RFC 7946: [longitude, latitude], WGS 84), written feature by
feature so that memory stays constant at any size."""

import json

from .geo import lonlat
from .models import Pairing

CHUNK = 2000


def place_properties(place):
    return {
        "slug": place.slug,
        "name_en": place.name_en,
        "name_zh": place.name_zh,
        "country": str(place.country),
        "iso_3166_2": place.iso_3166_2,
        "wikidata_qid": place.wikidata_qid,
        "gbt2260_code": place.gbt2260_code,
        "geonames_id": place.geonames_id,
    }


def features():
    """One LineString feature per published pair whose two places have coordinates, from side A to
    side B. Pairs missing a coordinate are left out rather than placed somewhere guessed."""
    pairings = Pairing.objects.public().for_listing().order_by("slug")
    for pairing in pairings.iterator(chunk_size=CHUNK):
        a, b = pairing.side_a, pairing.side_b
        points = (lonlat(a), lonlat(b))
        if None in points:
            continue
        yield {
            "type": "Feature",
            "id": pairing.slug,
            "geometry": {
                "type": "LineString",
                "coordinates": [list(point) for point in points],
            },
            "properties": {
                "id": pairing.pk,
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


def write_geojson(out):
    """Write the FeatureCollection to the binary file object `out`, one feature per line."""
    out.write(b'{"type": "FeatureCollection", "features": [')
    for index, feature in enumerate(features()):
        out.write(
            (",\n" if index else "\n").encode() + json.dumps(feature, ensure_ascii=False).encode("utf-8")
        )
    out.write(b"\n]}\n")
