"""The spreadsheet templates: one list of columns per sheet, each with its English header and
Chinese alias (each sheet's Resource in registry/resources.py names its list). Import reads
headers case-insensitively in either language; export writes the English headers, so export →
edit → import works."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .names import normalise


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    meaning: str | Promise  # translated lazily, in the language of the page or file it goes to
    required: bool = False


def _side(prefix, zh_prefix, label):
    return [
        Column(f"{prefix}_country", f"{zh_prefix}国家", _("ISO code (CN) or name (China, 中国)"), True),
        Column(
            f"{prefix}_province",
            f"{zh_prefix}省州",
            _("province/state name in either language, or its ISO 3166-2 code"),
        ),
        Column(f"{prefix}_city", f"{zh_prefix}城市", _("city/county name; blank for a province–state pair")),
    ]


PAIRING_COLUMNS = [
    *_side("side_a", "甲方", "A"),
    *_side("side_b", "乙方", "B"),
    Column("kind", "类型", _("province_state or city; blank cities mean province_state")),
    Column("tier", "关系类型", _("sister, friendship or other; default sister")),
    Column("established", "结好日期", _("1983, 1983-05, 1983-05-02, 1983年5月2日 or an Excel date")),
    Column("status", "状态", _("active, dormant, suspended, ended or unknown; default unknown")),
    Column("ended", "终止日期", _("date the pair ended, same forms")),
    Column("source_url", "来源", _("source web addresses, one per line")),
    Column("notes", "备注", _("public note: what the sources say")),
]

JURISDICTION_COLUMNS = [
    Column("country", "国家", _("ISO code (CN) or name (China, 中国)"), True),
    Column("province", "省州", _("the province/state a city is in; blank for a province-level place")),
    Column("city", "城市", _("the city a county or district is in; blank otherwise")),
    Column("name_en", "英文名称", _("English name"), True),
    Column("name_zh", "中文名称", _("Chinese name")),
    Column("name_local", "当地名称", _("name in the local language, if neither")),
    Column("level", "级别", _("province, city or county; default from the columns above")),
    Column("designation", "类别", _("municipality, state, prefecture_city, city, county, district…")),
    Column("aliases", "别名", _("other spellings, one per line")),
    Column("iso_3166_2", "ISO代码", _("ISO 3166-2 code of a province-level place, e.g. CN-HB")),
    Column("slug", "网址标识", _("stable identifier; blank makes one")),
    Column("wikidata_qid", "维基数据ID", _("e.g. Q1397")),
    Column("geonames_id", "GeoNames编号", _("a number")),
    Column("gbt2260_code", "行政区划代码", _("six digits")),
    Column("latitude", "纬度", _("-90 to 90")),
    Column("longitude", "经度", _("-180 to 180")),
    Column("coordinates_source", "坐标来源", _("where the coordinates come from")),
]

ACTIVITY_COLUMNS = [
    *_side("side_a", "甲方", "A"),
    *_side("side_b", "乙方", "B"),
    Column("category", "活动类别", _("trade, investment, culture, education…"), True),
    Column("title_en", "英文标题", _("English title"), True),
    Column("title_zh", "中文标题", _("Chinese title")),
    Column("starts", "开始日期", _("same date forms as pairings")),
    Column("ends", "结束日期", _("same date forms")),
    Column("place", "地点", _('where it happened, e.g. "online"')),
    Column("participants", "参与人数", _("a whole number")),
    Column("value_amount", "金额", _("monetary value")),
    Column("value_currency", "币种", _("ISO 4217 code, e.g. USD")),
    Column("description_en", "英文说明", _("English description")),
    Column("description_zh", "中文说明", _("Chinese description")),
    Column("source_url", "来源", _("source web addresses, one per line")),
]


def header_map(columns) -> dict[str, str]:
    """Normalised header (English, Chinese, or English with spaces) → column name."""
    mapping = {}
    for column in columns:
        for header in (column.name, column.zh, column.name.replace("_", " ")):
            mapping[normalise(header)] = column.name
    return mapping


SEEKING_COLUMNS = [
    Column(
        "place_country",
        "地方国家",
        _("ISO code (CN) or name (China, 中国) of the place"),
        True,
    ),
    Column("place_province", "地方省州", _("its province/state, in either language, or the ISO 3166-2 code")),
    Column("place_city", "地方城市", _("its city/county; blank for a province or state")),
    Column(
        "wanted_countries",
        "意向国家",
        _("countries wanted, ISO codes or names, comma-separated"),
        True,
    ),
    Column("interests", "合作领域", _("trade, investment, culture, education…, separated by commas"), True),
    Column("profile_en", "英文简介", _("a short profile in English"), True),
    Column("profile_zh", "中文简介", _("the profile in Chinese")),
    Column("population", "人口", _("a whole number, from an official count")),
    Column("population_as_of", "人口统计日期", _("the day of that count, e.g. 2020-11-01")),
    Column("area_km2", "面积", _("area in square kilometres")),
    Column("area_as_of", "面积日期", _("the day the area was stated")),
    Column("homepage", "网站", _("the place's web address")),
    Column("contact", "联系方式", _("the office to write to")),
    Column("contact_is_public", "联系方式公开", _("yes only for an office's published contact; default no")),
    Column("status", "状态", _("open, matched or withdrawn; default open")),
]
