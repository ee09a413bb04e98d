"""Exporting records as spreadsheets, in the import templates' columns, for every export path: the
admin, `manage.py export_registry`, and the public open-data downloads.

    from registry.exports import export_rows
    body, content_type, filename = export_rows("pairings", Pairing.objects.public(), "csv")

`kind` is "jurisdictions", "pairings" or "activities"; `fmt` is "csv" (UTF-8 with a BOM, so Excel
shows Chinese), "xlsx" or "json" (a list of objects, numbers as JSON numbers). Each kind runs a
constant number of queries whatever the number of rows. In CSV and XLSX a text cell that a
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

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_PLACES = ("parent", "parent__parent")


def side_cells(prefix, place):
    """The country / province / city columns that name `place` on import."""
    province = place.province() if place.level != Level.PROVINCE else place
    if place.level == Level.PROVINCE:
        province_name, city_name = place.name_en, ""
    elif province is None:
        # A place recorded without its province/state ("Columbus", state unknown): its slug is the
        # one name that cannot match another place.
        province_name, city_name = "", place.slug
    else:
        province_name, city_name = (province.name_en if province else ""), place.name_en
    return {
        f"{prefix}_country": place.country.code,
        f"{prefix}_province": province_name,
        f"{prefix}_city": city_name,
    }


def _date(partial):
    return partial.isoformat() if partial else ""


def pairing_rows(queryset):
    queryset = queryset.for_listing().prefetch_related("sources").order_by("pk")
    for pairing in queryset:
        yield {
            **side_cells("side_a", pairing.side_a),
            **side_cells("side_b", pairing.side_b),
            "kind": pairing.kind,
            "tier": pairing.tier,
            "established": _date(pairing.established),
            "status": pairing.status,
            "ended": _date(pairing.ended),
            "source_url": "\n".join(sorted(s.url for s in pairing.sources.all())),
            "notes": pairing.public_note,
        }


def jurisdiction_rows(queryset):
    for place in queryset.select_related(*_PLACES).order_by("pk"):
        parent = place.parent
        province = parent.province() if parent else None
        city = parent if parent and parent.level != Level.PROVINCE else None
        yield {
            "country": place.country.code,
            "province": province.name_en if province else "",
            "city": city.name_en if city else "",
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


def activity_rows(queryset, public=False):
    sides = [f"{side}__{path}" for side in ("side_a", "side_b") for path in _PLACES]
    # Public downloads name only published pairs beside an activity.
    pairings = Pairing.objects.public() if public else Pairing.objects.all()
    pairings = pairings.select_related("side_a", "side_b", *sides).order_by("pk")
    queryset = queryset.prefetch_related(Prefetch("pairings", queryset=pairings), "sources").order_by("pk")
    for activity in queryset:
        fields = {
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
                {**side_cells("side_a", pairing.side_a), **side_cells("side_b", pairing.side_b)}
                if pairing
                else {}
            )
            yield {**sides, **fields}


# Each sheet's rows, as dicts keyed by its template's column names.
ROWS: dict[str, Callable[..., Iterable[dict]]] = {
    "jurisdictions": jurisdiction_rows,
    "pairings": pairing_rows,
    "activities": activity_rows,
}
MODELS = {"jurisdictions": Jurisdiction, "pairings": Pairing, "activities": ExchangeActivity}


def export_rows(kind, queryset=None, fmt="csv", public=False):
    """(body bytes, content type, file name) of `queryset` (default: every record of `kind`).
    `public=True` for the public downloads: related records that are not published are left out."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    queryset = MODELS[kind].objects.all() if queryset is None else queryset
    columns = [column.name for column in TEMPLATES[kind]]
    rows = activity_rows(queryset, public=True) if public and kind == "activities" else ROWS[kind](queryset)
    filename = f"{kind}-{timezone.now():%Y%m%d}.{fmt}"
    return {"csv": _csv, "xlsx": _xlsx, "json": _json}[fmt](columns, rows), FORMATS[fmt], filename


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value


def _csv(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(str(_cell(row.get(c)))) for c in columns])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _xlsx(columns, rows):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, Decimal):
                value = float(value)
            # Text goes in as text: openpyxl would otherwise store "=…" as a formula.
            cells.append(neutralise(value) if isinstance(value, str) else value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _json(columns, rows):
    def number(value):
        if isinstance(value, Decimal):
            return float(value)
        return value

    data = [{c: number(row.get(c)) if row.get(c) != "" else None for c in columns} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
