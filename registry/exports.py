"""The rows each sheet exports and the file formats they are written in, for every export path:
the admin, `manage.py export_registry`, and the public open-data downloads. Which sheet uses which
rows is declared on its Resource (registry/resources.py), whose `export_file` is the entry point:

    from registry.resources import export_rows
    body, content_type, filename = export_rows("pairings", Pairing.objects.public(), "csv")

`fmt` is "csv" (UTF-8 with a BOM, so Excel
shows Chinese), "xlsx" or "json" (a list of objects, numbers as JSON numbers). Each kind runs a
constant number of queries per chunk of rows (CHUNK); the Resource's `write_export` streams the
file to a file object in constant memory, whatever the number of rows (the open-data builds,
registry/tasks/, and the pair list's selection download). The
public downloads add ids, slugs, both names, positions and standard ids (registry/opendata_columns.py).
In CSV and XLSX a text cell that a
spreadsheet would run as a formula (leading =, +, -, @, tab, CR) gets a leading apostrophe; import
removes it again, so export → edit → import keeps every value. JSON keeps values exactly.
"""

import csv
import io
import json
from decimal import Decimal

from django.db.models import Prefetch

from .imports.formulas import neutralise
from .models import Level, Pairing
from .opendata_columns import pair_identity

# Rows are read this many records at a time (with their related rows), so memory stays constant.
CHUNK = 2000

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_PLACES = ("parent", "parent__parent")


def _name(place, chinese):
    return (place.name_zh or place.name_en) if chinese else place.name_en


def side_cells(prefix, place, chinese=False):
    """The country / province / city columns that name `place` on import; `chinese`: Chinese names
    where the registry has them (import reads either language), and the English name beside them."""
    province = place.province() if place.level != Level.PROVINCE else place
    if place.level == Level.PROVINCE:
        province_name, city_name = _name(place, chinese), ""
    elif province is None:
        # A place recorded without its province/state ("Columbus", state unknown): its slug is the
        # one name that cannot match another place.
        province_name, city_name = "", place.slug
    else:
        province_name, city_name = (_name(province, chinese) if province else ""), _name(place, chinese)
    cells = {
        f"{prefix}_country": place.country.code,
        f"{prefix}_province": province_name,
        f"{prefix}_city": city_name,
    }
    if chinese:
        cells[f"{prefix}_name_en"] = place.name_en
    return cells


def _date(partial):
    return partial.isoformat() if partial else ""


def pairing_rows(queryset, *, public=False, chinese=False):
    queryset = queryset.for_listing().prefetch_related("sources").order_by("pk")
    for pairing in queryset.iterator(chunk_size=CHUNK):
        yield {
            **(pair_identity(pairing) if public else {}),
            **side_cells("side_a", pairing.side_a, chinese),
            **side_cells("side_b", pairing.side_b, chinese),
            "kind": pairing.kind,
            "tier": pairing.tier,
            "established": _date(pairing.established),
            "status": pairing.status,
            "ended": _date(pairing.ended),
            "source_url": "\n".join(sorted(s.url for s in pairing.sources.all())),
            "notes": pairing.public_note,
        }


def jurisdiction_rows(queryset, *, public=False, chinese=False):
    for place in queryset.select_related(*_PLACES).order_by("pk").iterator(chunk_size=CHUNK):
        parent = place.parent
        province = parent.province() if parent else None
        city = parent if parent and parent.level != Level.PROVINCE else None
        yield {
            "id": place.pk,
            "country": place.country.code,
            "province": _name(province, chinese) if province else "",
            "city": _name(city, chinese) if city else "",
            "name_en": place.name_en,
            "name_zh": place.name_zh,
            "name_local": place.name_local,
            "level": place.level,
            "designation": place.designation,
            "aliases": place.aliases,
            "iso_3166_2": place.iso_3166_2,
            "slug": place.slug,
            "wikidata_qid": place.wikidata_qid,
            "geonames_id": place.geonames_id,
            "gbt2260_code": place.gbt2260_code,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "coordinates_source": place.coordinates_source,
        }


def activity_rows(queryset, *, public=False, chinese=False):
    sides = [f"{side}__{path}" for side in ("side_a", "side_b") for path in _PLACES]
    # Public downloads name only published pairs beside an activity.
    pairings = Pairing.objects.public() if public else Pairing.objects.all()
    pairings = pairings.select_related("side_a", "side_b", *sides).order_by("pk")
    queryset = queryset.prefetch_related(Prefetch("pairings", queryset=pairings), "sources").order_by("pk")
    for activity in queryset.iterator(chunk_size=CHUNK):
        fields = {
            "id": activity.pk,
            "category": activity.category,
            "title_en": activity.title_en,
            "title_zh": activity.title_zh,
            "starts": _date(activity.starts),
            "ends": _date(activity.ends),
            "place": activity.place,
            "participants": activity.participants,
            "value_amount": activity.value_amount,
            "value_currency": activity.value_currency,
            "description_en": activity.description_en,
            "description_zh": activity.description_zh,
            "source_url": "\n".join(sorted(s.url for s in activity.sources.all())),
        }
        # One row per pair the activity belongs to: import links them all again.
        linked = list(activity.pairings.all()) or [None]
        for pairing in linked:
            sides = (
                {
                    **side_cells("side_a", pairing.side_a, chinese),
                    **side_cells("side_b", pairing.side_b, chinese),
                }
                if pairing
                else {}
            )
            if public:
                sides.update(pair_identity(pairing))
            yield {**sides, **fields}


def seeking_rows(queryset, *, public=False, chinese=False):
    """Partner-seeking profiles; a contact not marked public is left out of a public export."""
    queryset = queryset.select_related("place", *(f"place__{path}" for path in _PLACES)).order_by("pk")
    for profile in queryset:
        place = side_cells("place", profile.place, chinese)
        place.pop("place_name_en", None)
        yield {
            **place,
            "wanted_countries": ",".join(str(country.code) for country in profile.wanted_countries),
            "interests": ",".join(profile.interests),
            "profile_en": profile.profile_en,
            "profile_zh": profile.profile_zh,
            "population": profile.population,
            "population_as_of": _day(profile.population_as_of),
            "area_km2": profile.area_km2,
            "area_as_of": _day(profile.area_as_of),
            "homepage": profile.homepage,
            "contact": profile.contact if profile.contact_is_public or not public else "",
            "contact_is_public": "yes" if profile.contact_is_public else "no",
            "status": profile.status,
        }


def _day(value):
    return value.isoformat() if value else ""


# Chinese exports: the English names of the sides, beside the Chinese ones (import ignores them).
ENGLISH_NAME_COLUMNS = [("side_a_name_en", "甲方英文名称"), ("side_b_name_en", "乙方英文名称")]


def write(out, fmt, columns, rows, headers):
    """Write `rows` (dicts keyed by `columns`) under `headers` to the binary file object `out` as
    a file of format `fmt`, row by row."""
    {"csv": _csv, "xlsx": _xlsx, "json": _json}[fmt](out, columns, rows, headers)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value


def _csv(out, columns, rows, headers):
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise(str(_cell(row.get(c)))) for c in columns])
    text.flush()
    text.detach()  # leave `out` open for the caller


def _xlsx(out, columns, rows, headers):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(headers)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, Decimal):
                value = float(value)
            # Text goes in as text: openpyxl would otherwise store "=…" as a formula.
            cells.append(neutralise(value) if isinstance(value, str) else value)
        sheet.append(cells)
    # Write-only mode keeps the rows in a temporary file, not in memory, until this save.
    workbook.save(out)


def _json(out, columns, rows, headers):
    """A JSON list of objects, one line per record, written as the rows come."""

    def number(value):
        if isinstance(value, Decimal):
            return float(value)
        return value

    out.write(b"[")
    for index, row in enumerate(rows):
        record = {
            h: number(row.get(c)) if row.get(c) != "" else None for c, h in zip(columns, headers, strict=True)
        }
        out.write(
            (",\n" if index else "\n").encode() + json.dumps(record, ensure_ascii=False).encode("utf-8")
        )
    out.write(b"\n]")
