"""Exporting records as spreadsheets, in the import templates' columns, for every export path: the
admin, `manage.py export_registry`, and the public open-data downloads.

    from registry.exports import export_rows
    body, content_type, filename = export_rows("pairings", Pairing.objects.public(), "csv")

`kind` is "jurisdictions", "pairings" or "activities"; `fmt` is "csv" (UTF-8 with a BOM, so Excel
shows Chinese), "xlsx" or "json" (a list of objects, numbers as JSON numbers). Each kind runs a
constant number of queries per chunk of rows (CHUNK); `write_export` streams the file to a file
object in constant memory, whatever the number of rows (the open-data builds, registry/tasks/). The
public downloads add ids, slugs, both names, positions and standard ids (registry/opendata_columns.py).
In CSV and XLSX a text cell that a
spreadsheet would run as a formula (leading =, +, -, @, tab, CR) gets a leading apostrophe; import
removes it again, so export → edit → import keeps every value. JSON keeps values exactly.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from .imports.columns import TEMPLATES
from .imports.formulas import neutralise
from .models import ExchangeActivity, Jurisdiction, Level, Pairing
from .opendata_columns import OPEN_DATA_COLUMNS, pair_identity

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


def pairing_rows(queryset, chinese=False, public=False):
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


def jurisdiction_rows(queryset, chinese=False, public=False):
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


def activity_rows(queryset, chinese=False, public=False):
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


# Each sheet's rows, as dicts keyed by its template's column names.
ROWS: dict[str, Callable[..., Iterable[dict]]] = {
    "jurisdictions": jurisdiction_rows,
    "pairings": pairing_rows,
    "activities": activity_rows,
}
MODELS = {"jurisdictions": Jurisdiction, "pairings": Pairing, "activities": ExchangeActivity}


# Chinese exports: the English names of the sides, beside the Chinese ones (import ignores them).
ENGLISH_NAME_COLUMNS = [("side_a_name_en", "甲方英文名称"), ("side_b_name_en", "乙方英文名称")]


def export_rows(kind, queryset=None, fmt="csv", public=False, chinese=False):
    """(body bytes, content type, file name) of `queryset` (default: every record of `kind`).
    `public=True` for the public downloads: related records that are not published are left out,
    and the open-data columns (ids, names, positions, standard ids) follow the template's.
    `chinese=True` (the Chinese admin): the template's Chinese headers, places by their Chinese
    names, and the sides' English names in two more columns; the file imports as it is."""
    out = io.BytesIO()
    write_export(out, kind, queryset, fmt, public=public, chinese=chinese)
    return out.getvalue(), FORMATS[fmt], f"{kind}-{timezone.now():%Y%m%d}.{fmt}"


def write_export(out, kind, queryset=None, fmt="csv", public=False, chinese=False):
    """Write the export of `queryset` to the binary file object `out`, row by row."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    queryset = MODELS[kind].objects.all() if queryset is None else queryset
    columns = [column.name for column in TEMPLATES[kind]]
    headers = [column.zh for column in TEMPLATES[kind]] if chinese else list(columns)
    if chinese and kind != "jurisdictions":
        columns += [name for name, _header in ENGLISH_NAME_COLUMNS]
        headers += [header for _name, header in ENGLISH_NAME_COLUMNS]
    if public:
        extra = [column.name for column in OPEN_DATA_COLUMNS[kind] if column.name not in columns]
        columns += extra
        headers += extra
    rows = ROWS[kind](queryset, chinese=chinese, public=public)
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
