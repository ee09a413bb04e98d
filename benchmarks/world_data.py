"""Generate a world-sized registry on top of the demo data, reproducibly, with PostgreSQL COPY.

The shape follows what the registry would hold if it kept the world's sister ties: ~60,000 places
in ~200 countries, 100,000 pairings, 1,000,000 activities with ~1.4 million pairing links, 200,000
sources and some change history. Popularity is heavy-tailed (a few places and pairs have thousands
of rows), and China's generated cities sit in the demo's provinces with Jiangsu the busiest, so
that the demo's own pages (a province page, a busy pair) are measured at world shape too.

The names are made-up syllables, flagged as such by their slugs (`w-...`) and source addresses
(example.org): this is load, not data. Used by benchmarks/world_bench.py.
"""

import datetime
import io
import random

from django_countries.data import COUNTRIES as COUNTRY_NAMES

SEED = 20261129
COUNTRIES = 200
PLACES = 59_400  # generated; the demo adds ~470
PAIRINGS = 100_000
ACTIVITIES = 1_000_000
SOURCES = 200_000
SYLLABLES = "ka lo ra mi sen dor ta vel is un bar co ne fi al mar tu san ri go hel pa wen dal ost".split()  # noqa: SIM905
HANZI = "东西南北山河湖海江城州安平宁阳新华明兴长康福泰和云青"
CATEGORIES = [
    "trade", "investment", "agriculture", "tourism", "sports", "culture", "education",
    "science", "smart_city", "environment", "health", "government", "people", "other",
]  # fmt: skip
STATUSES = ["active", "dormant", "suspended", "unknown"]
TIERS = ["sister", "sister", "sister", "friendship", "other"]
EVIDENCE = ["official", "news", "list", ""]


def _copy(cursor, table, columns, rows):
    """COPY rows (tuples of str/None) into table, in text format, a chunk at a time."""

    def text(value):
        if value is None:
            return "\\N"
        return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")

    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for n, row in enumerate(rows, 1):
            buffer.write("\t".join(map(text, row)) + "\n")
            if n % 50_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())


def _partial_date(rng, first_year, last_year):
    """(date, precision) stored as the registry stores them: the day kept consistent with the
    precision, or (None, "") for no date."""
    if rng.random() < 0.07:
        return None, ""
    year = rng.randint(first_year, last_year)
    precision = rng.choices(["year", "month", "day"], weights=[5, 2, 3])[0]
    month = 1 if precision == "year" else rng.randint(1, 12)
    day = rng.randint(1, 28) if precision == "day" else 1
    return datetime.date(year, month, day), precision


def _name(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _next_id(cursor, table):
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _reset_sequence(cursor, table):
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def build(connection, seed=SEED, log=print):
    """Add the world to the database behind `connection` (a psycopg connection on a migrated
    database with the demo loaded). Same seed, same world."""
    rng = random.Random(seed)
    cursor = connection.cursor()
    cursor.execute("SELECT id, slug, country, level FROM registry_jurisdiction ORDER BY id")
    existing = cursor.fetchall()
    demo_provinces = {}
    for pk, slug, country, level in existing:
        if level == "province":
            demo_provinces.setdefault(country, []).append((pk, slug))

    # --- places ---------------------------------------------------------------------------
    codes = [code for code in sorted(COUNTRY_NAMES) if code not in ("CN", "US")]
    rng.shuffle(codes)
    codes = ["CN", "US", *sorted(codes[: COUNTRIES - 2])]
    # Heavy-tailed country sizes, China and the US the largest.
    weights = {code: rng.paretovariate(1.3) for code in codes}
    weights["CN"] = weights["US"] = max(weights.values()) * 1.5
    total_weight = sum(weights.values())
    next_place = _next_id(cursor, "registry_jurisdiction")
    places = []  # (id, country, level, designation, parent_id, name_en, name_zh, slug, lat, lon)
    provinces_of = {}
    for code in codes:
        if code in demo_provinces:
            provinces_of[code] = [pk for pk, _slug in demo_provinces[code]]
        else:
            provinces_of[code] = []
            for _ in range(rng.randint(5, 25)):
                pk, next_place = next_place, next_place + 1
                places.append(
                    (pk, code, "province", "province", None, _name(rng), "", f"w-{code.lower()}-{pk}")
                )
                provinces_of[code].append(pk)
    budget = PLACES - len(places)
    jiangsu = next((pk for pk, slug in demo_provinces.get("CN", []) if slug == "cn-jiangsu"), None)
    cities_of = {}
    for code in codes:
        cities_of[code] = []
        for _ in range(max(3, round(budget * weights[code] / total_weight))):
            pk, next_place = next_place, next_place + 1
            provinces = provinces_of[code]
            parent = jiangsu if jiangsu and code == "CN" and rng.random() < 0.3 else rng.choice(provinces)
            county = cities_of[code] and rng.random() < 0.1
            if county:  # a county or district under one of the country's cities
                parent = rng.choice(cities_of[code])
            level, designation = ("county", "district") if county else ("city", "city")
            name_zh = "".join(rng.choice(HANZI) for _ in range(2)) + "市" if code == "CN" else ""
            slug = f"w-{code.lower()}-{pk}"
            places.append((pk, code, level, designation, parent, _name(rng), name_zh, slug))
            cities_of[code].append(pk)
    log(f"  places: {len(places):,}")
    _copy(
        cursor,
        "registry_jurisdiction",
        [
            "id", "version", "country", "level", "designation", "parent_id", "name_en", "name_zh",
            "slug", "name_local", "aliases", "iso_3166_2", "wikidata_qid", "gbt2260_code",
            "latitude", "longitude", "coordinates_source", "staff_notes",
        ],
        (
            (pk, 1, code, level, designation, parent, name_en, name_zh, slug, "", "", "", "", "",
             f"{rng.uniform(-60, 70):.6f}", f"{rng.uniform(-180, 180):.6f}", "generated for a benchmark", "")
            for pk, code, level, designation, parent, name_en, name_zh, slug in places
        ),
    )  # fmt: skip
    _reset_sequence(cursor, "registry_jurisdiction")

    # --- pairings -------------------------------------------------------------------------
    slug_of = {pk: slug for pk, slug, _c, _l in existing} | {p[0]: p[7] for p in places}
    country_of = {pk: country for pk, _s, country, _l in existing} | {p[0]: p[1] for p in places}
    city_level = [p[0] for p in places if p[2] != "province"]
    city_level += [pk for pk, _s, _c, level in existing if level != "province"]
    province_level = [pk for pk, _s, _c, level in existing if level == "province"]
    province_level += [p[0] for p in places if p[2] == "province"]
    cursor.execute("SELECT LEAST(side_a_id, side_b_id), GREATEST(side_a_id, side_b_id) FROM registry_pairing")
    taken = set(cursor.fetchall())

    def popular(pool):
        cumulative, total = [], 0.0
        for _ in pool:
            total += rng.paretovariate(1.1)
            cumulative.append(total)
        return pool, cumulative

    city_pool, province_pool = popular(city_level), popular(province_level)
    next_pairing = _next_id(cursor, "registry_pairing")
    pairings = []
    while len(pairings) < PAIRINGS:
        kind = "province_state" if rng.random() < 0.03 else "city"
        pool, cumulative = province_pool if kind == "province_state" else city_pool
        a, b = rng.choices(pool, cum_weights=cumulative, k=2)
        key = (min(a, b), max(a, b))
        if a == b or country_of[a] == country_of[b] or key in taken:
            continue
        taken.add(key)
        pk, next_pairing = next_pairing, next_pairing + 1
        established_on, precision = _partial_date(rng, 1973, 2025)
        pairings.append(
            (pk, 1, f"{slug_of[a]}--{slug_of[b]}", kind, rng.choice(TIERS), rng.choice(STATUSES),
             established_on, precision, "", None, "", rng.random() < 0.9, "", "", a, b,
             rng.choice(EVIDENCE), False, False)
        )  # fmt: skip
    _copy(
        cursor,
        "registry_pairing",
        [
            "id", "version", "slug", "kind", "tier", "status", "established_on",
            "established_precision", "established_basis", "ended_on", "ended_precision",
            "is_published", "public_note", "staff_notes", "side_a_id", "side_b_id", "evidence",
            "ended_approximate", "established_approximate",
        ],
        pairings,
    )  # fmt: skip
    _reset_sequence(cursor, "registry_pairing")
    log(f"  pairings: {len(pairings):,}")

    # --- sources --------------------------------------------------------------------------
    first_source = _next_id(cursor, "registry_source")
    source_ids = range(first_source, first_source + SOURCES)
    _copy(
        cursor,
        "registry_source",
        ["id", "url", "title", "publisher", "published_on", "accessed_on"],
        ((pk, f"https://example.org/world/{pk}", f"Report {pk}", "Example", None, None) for pk in source_ids),
    )
    _reset_sequence(cursor, "registry_source")
    _copy(
        cursor,
        "registry_pairing_sources",
        ["pairing_id", "source_id"],
        ((p[0], source_ids[n % SOURCES]) for n, p in enumerate(pairings)),
    )
    log(f"  sources: {SOURCES:,}")

    # --- activities -----------------------------------------------------------------------
    pairing_pool = popular([p[0] for p in pairings])
    side_of = {p[0]: p[14] for p in pairings}
    first_activity = _next_id(cursor, "registry_exchangeactivity")
    links = []

    def activities():
        for pk in range(first_activity, first_activity + ACTIVITIES):
            count = rng.choices([1, 2, 3, 5], weights=[70, 20, 7, 3])[0]
            linked = set(rng.choices(pairing_pool[0], cum_weights=pairing_pool[1], k=count))
            links.extend((pk, pairing) for pairing in linked)
            starts_on, precision = _partial_date(rng, 1980, 2026)
            category = rng.choice(CATEGORIES)
            yield (
                pk, 1, category, f"{_name(rng)} {category.replace('_', ' ')} exchange", "", "", "",
                starts_on, precision, None, "", "", None, None, "", rng.random() < 0.9,
                side_of[min(linked)], False, False,
            )  # fmt: skip

    _copy(
        cursor,
        "registry_exchangeactivity",
        [
            "id", "version", "category", "title_en", "title_zh", "description_en",
            "description_zh", "starts_on", "starts_precision", "ends_on", "ends_precision",
            "place", "participants", "value_amount", "value_currency", "is_published", "host_id",
            "ends_approximate", "starts_approximate",
        ],
        activities(),
    )  # fmt: skip
    _reset_sequence(cursor, "registry_exchangeactivity")
    _copy(cursor, "registry_exchangeactivity_pairings", ["exchangeactivity_id", "pairing_id"], links)
    _copy(
        cursor,
        "registry_exchangeactivity_sources",
        ["exchangeactivity_id", "source_id"],
        ((pk, source_ids[pk % SOURCES]) for pk in range(first_activity, first_activity + ACTIVITIES, 3)),
    )
    log(f"  activities: {ACTIVITIES:,} with {len(links):,} pairing links")

    # --- history: a "created" entry for every pairing and place, and for a fifth of activities
    for table, condition in (
        ("registry_jurisdiction", f"id >= {places[0][0]}"),
        ("registry_pairing", f"id >= {pairings[0][0]}"),
        ("registry_exchangeactivity", f"id >= {first_activity} AND id % 5 = 0"),
    ):
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
        columns = ", ".join(row[0] for row in cursor.fetchall())
        history = table.replace("registry_", "registry_historical")
        cursor.execute(
            f"INSERT INTO {history} ({columns}, history_date, history_type) "
            f"SELECT {columns}, now(), '+' FROM {table} WHERE {condition}"
        )
    log("  history rows added")
