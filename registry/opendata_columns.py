"""The columns the public downloads carry after the import template's: each record's id and slug,
and for each side of a pair its slug, both names, position and standard ids (Wikidata, ISO 3166-2,
GB/T 2260, GeoNames). Import ignores them (they are not template columns), so a download still
imports as it is. The data dictionary and datapackage.json list them with the template's."""

from django.utils.translation import gettext_lazy as _

from .imports.columns import Column


def _side(prefix, zh_prefix):
    return [
        Column(f"{prefix}_slug", f"{zh_prefix}网址标识", _("the place's stable identifier")),
        Column(f"{prefix}_name_en", f"{zh_prefix}英文名称", _("English name")),
        Column(f"{prefix}_name_zh", f"{zh_prefix}中文名称", _("Chinese name")),
        Column(f"{prefix}_latitude", f"{zh_prefix}纬度", _("-90 to 90")),
        Column(f"{prefix}_longitude", f"{zh_prefix}经度", _("-180 to 180")),
        Column(f"{prefix}_wikidata_qid", f"{zh_prefix}维基数据ID", _("e.g. Q1397")),
        Column(
            f"{prefix}_iso_3166_2",
            f"{zh_prefix}ISO代码",
            _("ISO 3166-2 code of a province-level place, e.g. CN-HB"),
        ),
        Column(f"{prefix}_gbt2260_code", f"{zh_prefix}行政区划代码", _("six digits")),
        Column(f"{prefix}_geonames_id", f"{zh_prefix}GeoNames编号", _("a number")),
    ]


PAIR_IDENTITY = [
    Column("pair_id", "结对编号", _("the pair's number in the registry")),
    Column("pair_slug", "结对网址标识", _("the pair's stable identifier (its page address)")),
    *_side("side_a", "甲方"),
    *_side("side_b", "乙方"),
]

OPEN_DATA_COLUMNS = {
    "pairings": PAIR_IDENTITY,
    "jurisdictions": [Column("id", "编号", _("the place's number in the registry"))],
    "activities": [Column("id", "编号", _("the activity's number in the registry")), *PAIR_IDENTITY],
}

NUMBER_COLUMNS = {
    "id",
    "pair_id",
    *(
        f"{side}_{field}"
        for side in ("side_a", "side_b")
        for field in ("latitude", "longitude", "geonames_id")
    ),
}


def place_identity(prefix, place):
    return {
        f"{prefix}_slug": place.slug,
        f"{prefix}_name_en": place.name_en,
        f"{prefix}_name_zh": place.name_zh,
        f"{prefix}_latitude": place.latitude,
        f"{prefix}_longitude": place.longitude,
        f"{prefix}_wikidata_qid": place.wikidata_qid,
        f"{prefix}_iso_3166_2": place.iso_3166_2,
        f"{prefix}_gbt2260_code": place.gbt2260_code,
        f"{prefix}_geonames_id": place.geonames_id,
    }


def pair_identity(pairing):
    if pairing is None:
        return {}
    return {
        "pair_id": pairing.pk,
        "pair_slug": pairing.slug,
        **place_identity("side_a", pairing.side_a),
        **place_identity("side_b", pairing.side_b),
    }
