"""The corpus of bad inputs: every bad file and hostile request, with its expected outcome.
tests/test_bad_inputs.py runs them all; tests/data/bad/make_bad_files.py writes the files.

A file case names its file, the kind of record it is imported as, and the message staff must see
(with the row and column where the problem is one row's). A file refused as a whole names no row.
A few files are valid and must be stored exactly as text (formulas, HTML): `writes` lists the
tables they may touch, `stored` the public note they must leave.

A request case names the method, the path (with {admin}, {pair}, {place}, {activity}, {token}
filled in by the test), who sends it, the statuses allowed and a text the answer must contain
(in its body, its messages, its Location or its Allow header)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileCase:
    file: str
    kind: str
    message: str
    row: int | None = None
    column: str | None = None
    settings: dict = field(default_factory=dict)
    writes: frozenset = frozenset()
    stored: str | None = None

    @property
    def id(self):
        return f"{self.kind}:{self.file}"


@dataclass(frozen=True)
class RequestCase:
    name: str
    method: str
    path: str
    status: frozenset
    message: str
    user: str = "anonymous"  # anonymous, admin, viewer (view only), other (another importer)
    data: dict = field(default_factory=dict)
    csrf: bool = False  # enforce CSRF checks, as a browser's request would meet them
    setup: str | None = None  # upload, confirmed, expired, script_pair
    follow: bool = False
    absent: str | None = None  # a text the answer must not contain (raw HTML)
    settings: dict = field(default_factory=dict)

    @property
    def id(self):
        return f"request:{self.name}"


P, J, A = "pairings", "jurisdictions", "activities"
ENCODING = "The file is not in a text encoding the registry reads"
NOT_XLSX = "The file is not a valid XLSX workbook"
NOTE_WRITES = frozenset({"registry.pairing", "registry.historicalpairing"})
PLACE_WRITES = frozenset({"registry.jurisdiction", "registry.historicaljurisdiction"})

FILE_CASES = [
    # Encodings.
    FileCase("broken_utf8.csv", P, ENCODING),
    FileCase("latin1.csv", P, ENCODING),
    FileCase("utf16_no_bom.txt", P, "NUL"),
    FileCase("utf16_be_no_bom.txt", P, "NUL"),
    FileCase("nul_byte.csv", P, "NUL"),
    FileCase("mixed_utf8_gbk.csv", P, "it mixes encodings"),
    FileCase("gbk_cp936_euro.csv", P, ENCODING),
    FileCase("gb18030_four_byte.csv", P, "Unknown place 㐀城 in Hubei", row=2, column="side_a_city"),
    FileCase("control_chars.csv", P, "control character", row=2, column="notes"),
    FileCase("bom_only.csv", P, "The file is empty."),
    # Broken workbooks.
    FileCase("truncated.xlsx", P, NOT_XLSX),
    FileCase("not_a_zip.xlsx", P, NOT_XLSX),
    FileCase("zip_without_workbook.xlsx", P, NOT_XLSX),
    FileCase("zip_bomb.xlsx", P, "too large to open safely"),
    FileCase("too_many_members.xlsx", P, "too large to open safely"),
    FileCase("lying_sizes.xlsx", P, NOT_XLSX),
    FileCase("huge_dimension.xlsx", P, "The file has more than 50000 rows"),
    FileCase("broken_sheet_xml.xlsx", P, NOT_XLSX),
    FileCase("no_sheet_xml.xlsx", P, "No sheet of the workbook has the template's header row"),
    FileCase("no_header_sheet.xlsx", P, "No sheet of the workbook has the template's header row"),
    FileCase("legacy.xls", P, "legacy.xls: save the file as XLSX or CSV."),
    FileCase("sheet.ods", P, "sheet.ods: save the file as XLSX or CSV."),
    # Oversized (limits lowered so that the files stay small).
    FileCase("over_max_bytes.csv", P, "the limit is 300 bytes", settings={"REGISTRY_IMPORT_MAX_BYTES": 300}),
    FileCase("over_max_rows.csv", P, "more than 3 rows", settings={"REGISTRY_IMPORT_MAX_ROWS": 3}),
    FileCase("over_max_rows.xlsx", P, "more than 3 rows", settings={"REGISTRY_IMPORT_MAX_ROWS": 3}),
    # Headers and shape.
    # The admin's form says "The submitted file is empty."; the command "The file is empty."
    FileCase("empty.csv", P, "file is empty."),
    FileCase("blank_lines.csv", P, "The file is empty."),
    FileCase("header_only.csv", P, "no rows under its header"),
    FileCase("header_and_blank_rows.csv", P, "no rows under its header"),
    FileCase(
        "wrong_headers.csv", P, "lacks the column(s) side_a_country (甲方国家), side_b_country (乙方国家)"
    ),
    FileCase("jurisdictions_wrong_headers.csv", J, "lacks the column(s) country (国家), name_en (英文名称)"),
    FileCase(
        "activities_wrong_headers.csv",
        A,
        "lacks the column(s) side_b_country (乙方国家), category (活动类别), title_en (英文标题)",
    ),
    # The merged header cell fills both columns; the first is read, so row 2 lacks a side A place.
    FileCase(
        "merged_header.xlsx",
        P,
        "Give the province/state, the city, or both.",
        row=2,
        column="side_a_province",
    ),
    # Dates.
    FileCase("date_feb30.csv", P, "1983-02-30 is not a real date.", row=2, column="established"),
    FileCase("date_ambiguous.csv", P, "02/05/1983 is ambiguous", row=2, column="established"),
    FileCase("date_future.csv", P, "2999-01-01 is in the future.", row=2, column="established"),
    FileCase("date_too_early.csv", P, "1066 is too early to be a pairing date.", row=2, column="established"),
    FileCase("date_words.csv", P, "last spring is not a date", row=2, column="established"),
    FileCase("date_month_13.csv", P, "1983-13 is not a real date.", row=2, column="established"),
    FileCase("date_ended_before.csv", P, "before", row=2, column="ended"),
    FileCase("date_xlsx_text.xlsx", P, "1983-02-30 is not a real date.", row=2, column="established"),
    FileCase("activity_future.csv", A, "2999-05 is in the future.", row=2, column="starts"),
    # Places.
    FileCase("unknown_city.csv", P, "Unknown place Nanjingg in Jiangsu", row=2, column="side_a_city"),
    FileCase("unknown_country.csv", P, "Unknown country Atlantis", row=2, column="side_a_country"),
    FileCase("unknown_province.csv", P, "Unknown province/state Hubeii", row=2, column="side_a_province"),
    FileCase("ambiguous_city.csv", P, "Taizhou is ambiguous", row=2, column="side_a_city"),
    FileCase(
        "no_place.csv", P, "Give the province/state, the city, or both.", row=2, column="side_a_province"
    ),
    FileCase("no_country.csv", P, "Give the country", row=2, column="side_a_country"),
    FileCase("same_country.csv", P, "different countries", row=2),
    FileCase("same_place.csv", P, "A place cannot be paired with itself.", row=2, column="side_b_city"),
    FileCase(
        "script_place.csv", P, "Unknown place <script>alert(1)</script> in Hubei", row=2, column="side_a_city"
    ),
    # Duplicates.
    FileCase(
        "duplicate_pair.csv", P, "Row 3 and row 2 are the same pair: keep one.", row=3, column="side_b_city"
    ),
    FileCase(
        "reversed_duplicate.csv",
        P,
        "Row 3 and row 2 are the same pair: keep one.",
        row=3,
        column="side_b_city",
    ),
    FileCase(
        "merged_cells.xlsx", P, "Row 3 and row 2 are the same pair: keep one.", row=3, column="side_b_city"
    ),
    # Cells.
    FileCase("bad_choice.csv", P, "twinned is not one of", row=2, column="kind"),
    FileCase("clear_required.csv", P, "This column cannot be cleared.", row=2, column="kind"),
    FileCase("bad_source_url.csv", P, "javascript:alert(1) is not a web address", row=2, column="source_url"),
    FileCase("formula_unsaved.xlsx", P, "formula whose value was never saved", row=2, column="notes"),
    FileCase("formula_cmd_unsaved.xlsx", P, "formula whose value was never saved", row=2, column="notes"),
    FileCase("latitude_out_of_range.csv", J, "less than or equal to 90", row=2, column="latitude"),
    FileCase("latitude_words.csv", J, "north is not a number.", row=2, column="latitude"),
    FileCase("bad_wikidata.csv", J, "Use an identifier like Q1397.", row=2, column="wikidata_qid"),
    FileCase("bad_iso_code.csv", J, "Use a code like CN-HB or US-OH.", row=2, column="iso_3166_2"),
    FileCase("negative_participants.csv", A, "-5 is not a whole number.", row=2, column="participants"),
    FileCase("bad_currency.csv", A, "An ISO 4217 code such as USD or CNY.", row=2, column="value_currency"),
    FileCase("bad_category.csv", A, "smuggling is not one of", row=2, column="category"),
    # Valid files with hostile text: stored as text, never run, neutralised on export, escaped.
    FileCase("formula_cmd.csv", P, "imported", writes=NOTE_WRITES, stored="=cmd|' /C calc'!A0"),
    FileCase("formula_plus.csv", P, "imported", writes=NOTE_WRITES, stored="+SUM(1;2)"),
    FileCase("formula_minus.csv", P, "imported", writes=NOTE_WRITES, stored="-2+3"),
    FileCase("formula_at.csv", P, "imported", writes=NOTE_WRITES, stored="@SUM(A1)"),
    # A leading tab or CR is trimmed with the other spaces: what is stored starts with "=".
    FileCase("formula_tab.csv", P, "imported", writes=NOTE_WRITES, stored="=1+1 inside"),
    FileCase("formula_cr.csv", P, "imported", writes=NOTE_WRITES, stored="=1+1 inside"),
    FileCase("script_note.csv", P, "imported", writes=NOTE_WRITES, stored="<script>alert('note')</script>"),
    FileCase("script_jurisdiction.csv", J, "imported", writes=PLACE_WRITES),
]

# Every public URL, as the test fills in {pair}, {place} and {activity}.
PUBLIC_PAGES = [
    "/en/",
    "/en/pairs/",
    "/en/pairs/{pair}/",
    "/en/places/{place}/",
    "/en/activities/",
    "/en/activities/{activity}/",
    "/en/map/",
    "/en/statistics/",
    "/en/open-data/",
    "/en/open-data/sister-pairs.geojson",
    "/en/open-data/pairings.csv",
    "/en/pairs/download.xlsx",
    "/en/seeking/",
    "/en/seeking/1/",
    "/en/seeking/feed/",
    "/en/places/{place}/partners/",
    "/en/places/regions.json",
    "/en/find/",
    "/en/find/places.json",
    "/en/map/flows.json",
    "/en/map/arcs/4/3/2.json",
    "/en/map/places.json",
    "/en/anniversaries/",
    "/en/anniversaries/feed.atom",
    "/en/pairs/changes.atom",
    "/en/open-data/datapackage.json",
    "/en/open-data/data-dictionary/",
]
# Public pages that take a POST: the suggestion form (its bad inputs: SUGGESTION_CASES).
FORM_PAGES = ["/en/suggest/"]
API = ["/api/pairs", "/api/pairs/{pair}", "/api/places", "/api/places/{place}", "/api/activities"]
REFUSED = frozenset({403, 405})
NOT_FOUND = frozenset({404})
CLIENT_ERROR = frozenset({422})


def _writes():
    cases = []
    for path in PUBLIC_PAGES:
        # A browser's POST meets the CSRF check first; without it, the view itself refuses.
        cases.append(RequestCase(f"anon-post-csrf {path}", "post", path, frozenset({403}), "CSRF", csrf=True))
        for method in ("post", "put", "patch", "delete"):
            cases.append(RequestCase(f"anon-{method} {path}", method, path, frozenset({405}), "Allow: GET"))
    for path in FORM_PAGES:
        cases.append(RequestCase(f"anon-post-csrf {path}", "post", path, frozenset({403}), "CSRF", csrf=True))
        for method in ("put", "patch", "delete"):
            cases.append(RequestCase(f"anon-{method} {path}", method, path, frozenset({405}), "Allow: GET"))
    for path in API:
        for method in ("post", "put", "patch", "delete"):
            cases.append(
                RequestCase(
                    f"anon-{method} {path}", method, path, frozenset({405}), "Method not allowed", csrf=True
                )
            )
    return cases


LONG = "武" * 5000
QUERY_CASES = [
    RequestCase(
        "list huge q",
        "get",
        f"/en/pairs/?q={LONG}",
        frozenset({200}),
        "No published pair matches this search and these filters.",
    ),
    RequestCase("list page 10**9", "get", "/en/pairs/?page=1000000000", NOT_FOUND, "Page not found"),
    RequestCase("list page -1", "get", "/en/pairs/?page=-1", NOT_FOUND, "Page not found"),
    RequestCase("list page words", "get", "/en/pairs/?page=last%27--", NOT_FOUND, "Page not found"),
    RequestCase(
        "list unknown sort", "get", "/en/pairs/?sort=password", frozenset({200}), "Select a valid choice"
    ),
    RequestCase(
        "list sql q",
        "get",
        "/en/pairs/?q=%27%20OR%201%3D1%20--",
        frozenset({200}),
        "No published pair matches this search and these filters.",
    ),
    RequestCase(
        "list nul q", "get", "/en/pairs/?q=Wu%00han", frozenset({200}), "Null characters are not allowed"
    ),
    RequestCase("list nul sort", "get", "/en/pairs/?sort=name%00", frozenset({200}), "Select a valid choice"),
    RequestCase(
        "list bidi q",
        "get",
        "/en/pairs/?q=%E2%80%AEnahuW",
        frozenset({200}),
        "No published pair matches this search and these filters.",
    ),
    RequestCase(
        "list zero width q",
        "get",
        "/en/pairs/?q=Wu%E2%80%8Bhan",
        frozenset({200}),
        "No published pair matches this search and these filters.",
    ),
    RequestCase(
        "list invalid utf8 q",
        "get",
        "/en/pairs/?q=%ED%A0%80%FF",
        frozenset({200}),
        "No published pair matches this search and these filters.",
    ),
    RequestCase(
        "list repeated params",
        "get",
        "/en/pairs/?kind=city&kind=nonsense",
        frozenset({200}),
        "Select a valid choice",
    ),
    RequestCase(
        "list deep nesting",
        "get",
        "/en/pairs/?q[a][b][c][d]=1&filter[kind][$ne]=x",
        frozenset({200}),
        "pairs",
    ),
    RequestCase(
        "list year 10**9",
        "get",
        "/en/pairs/?year_from=1000000000",
        frozenset({200}),
        "less than or equal to 9999",
    ),
    RequestCase(
        "list script q",
        "get",
        "/en/pairs/?q=%3Cscript%3Ealert(1)%3C/script%3E",
        frozenset({200}),
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        absent="<script>alert(1)",
    ),
    RequestCase(
        "activities nul",
        "get",
        "/en/activities/?place=%00&category=%00",
        frozenset({200}),
        "Null characters are not allowed",
    ),
    RequestCase(
        "activities page 10**9", "get", "/en/activities/?page=1000000000", NOT_FOUND, "Page not found"
    ),
    RequestCase("map nul", "get", "/en/map/?q=%00", frozenset({200}), "Null characters are not allowed"),
    RequestCase(
        "unknown pair slug", "get", "/en/pairs/%3Cscript%3E/", NOT_FOUND, "Page not found", absent="<script>"
    ),
    RequestCase("unknown place slug", "get", "/en/places/x%00y/", NOT_FOUND, "Page not found"),
    RequestCase("api huge q", "get", f"/api/pairs?q={LONG}", frozenset({200}), '"count": 0'),
    RequestCase(
        "api page 10**9", "get", "/api/pairs?page=1000000000", CLIENT_ERROR, "less than or equal to 1000000"
    ),
    RequestCase("api page -1", "get", "/api/pairs?page=-1", CLIENT_ERROR, "greater than or equal to 1"),
    RequestCase(
        "api page_size huge", "get", "/api/pairs?page_size=100000", CLIENT_ERROR, "less than or equal to 500"
    ),
    RequestCase("api unknown sort", "get", "/api/pairs?sort=password", CLIENT_ERROR, "Select a valid choice"),
    RequestCase(
        "api sql q",
        "get",
        "/api/pairs?q=%27%3B%20DROP%20TABLE%20registry_pairing%3B--",
        frozenset({200}),
        '"count": 0',
    ),
    RequestCase("api nul q", "get", "/api/pairs?q=%00", CLIENT_ERROR, "Null characters are not allowed"),
    RequestCase("api year words", "get", "/api/pairs?year_from=nineteen", CLIENT_ERROR, "year_from"),
    RequestCase("api repeated params", "get", "/api/pairs?page=1&page=x", CLIENT_ERROR, "page"),
    RequestCase("api deep nesting", "get", "/api/pairs?q[a][b]=1&kind[$ne]=x", frozenset({200}), '"count"'),
    RequestCase(
        "api activities year", "get", "/api/activities?year=99999999999999999999", CLIENT_ERROR, "year"
    ),
    RequestCase("api unknown pair", "get", "/api/pairs/%3Cscript%3E", NOT_FOUND, "Not Found"),
]

PREVIEW = "{admin}registry/pairing/import/{token}/"
CONFIRM = "{admin}registry/pairing/import/{token}/confirm/"
GONE = "The uploaded file is no longer available"
CONFIRM_CASES = [
    RequestCase(
        "confirm another user's upload",
        "post",
        CONFIRM,
        frozenset({200}),
        GONE,
        user="other",
        setup="upload",
        follow=True,
    ),
    RequestCase(
        "preview another user's upload",
        "get",
        PREVIEW,
        frozenset({200}),
        GONE,
        user="other",
        setup="upload",
        follow=True,
    ),
    RequestCase(
        "confirm a forged token",
        "post",
        CONFIRM.replace("{token}", "0" * 32),
        frozenset({200}),
        GONE,
        user="admin",
        follow=True,
    ),
    RequestCase(
        "confirm a garbled token",
        "post",
        CONFIRM.replace("{token}", "not-a-token%21"),
        frozenset({200}),
        GONE,
        user="admin",
        follow=True,
    ),
    # Decoded slashes leave the import URLs: the admin's own "doesn't exist" answer, nothing written.
    RequestCase(
        "confirm a path-traversal token",
        "post",
        CONFIRM.replace("{token}", "..%2F..%2Fetc%2Fpasswd"),
        frozenset({200}),
        "doesn’t exist",
        user="admin",
        follow=True,
    ),
    RequestCase(
        "confirm a token with NUL",
        "post",
        CONFIRM.replace("{token}", "abc%00def"),
        frozenset({200}),
        GONE,
        user="admin",
        follow=True,
    ),
    RequestCase(
        "confirm without a token",
        "post",
        "{admin}registry/pairing/import/confirm/",
        frozenset({200}),
        GONE,
        user="admin",
        follow=True,
    ),
    RequestCase(
        "confirm a token of another kind",
        "post",
        "{admin}registry/jurisdiction/import/{token}/confirm/",
        frozenset({200}),
        GONE,
        user="admin",
        setup="upload",
        follow=True,
    ),
    RequestCase(
        "confirm an expired upload",
        "post",
        CONFIRM,
        frozenset({200}),
        GONE,
        user="admin",
        setup="expired",
        follow=True,
    ),
    # The second confirm of a file already written writes nothing again.
    RequestCase(
        "replayed confirm",
        "post",
        CONFIRM,
        frozenset({200}),
        GONE,
        user="admin",
        setup="confirmed",
        follow=True,
    ),
    RequestCase(
        "confirm without import permission",
        "post",
        CONFIRM,
        frozenset({403}),
        "403",
        user="viewer",
        setup="upload",
    ),
    RequestCase("confirm by anonymous", "post", CONFIRM, frozenset({302}), "login", setup="upload"),
    RequestCase(
        "confirm with GET", "get", CONFIRM, frozenset({302}), "/import/", user="admin", setup="upload"
    ),
    RequestCase(
        "confirm without CSRF token",
        "post",
        CONFIRM,
        frozenset({403}),
        "CSRF",
        user="admin",
        setup="upload",
        csrf=True,
    ),
    RequestCase(
        "upload without a file",
        "post",
        "{admin}registry/pairing/import/",
        frozenset({200}),
        "This field is required.",
        user="admin",
    ),
    RequestCase(
        "upload over the size limit",
        "post",
        "{admin}registry/pairing/import/",
        frozenset({200}),
        "the limit is 10 bytes",
        user="admin",
        data={"file": "over_max_bytes.csv"},
        settings={"REGISTRY_IMPORT_MAX_BYTES": 10},
    ),
    RequestCase(
        "preview page 10**9",
        "get",
        PREVIEW + "?page=1000000000",
        frozenset({200}),
        "formula_cmd.csv",
        user="admin",
        setup="upload",
    ),
    RequestCase(
        "export in an unknown format",
        "get",
        "{admin}registry/pairing/export/exe/",
        frozenset({403}),
        "403",
        user="admin",
    ),
    # Only the changelist's own filters are allowed: any other lookup is a client error, not a query.
    RequestCase(
        "export with a forbidden lookup",
        "get",
        "{admin}registry/pairing/export/csv/?side_a__name_en__regex=(a%2B)%2B%24",
        frozenset({400}),
        "400",
        user="admin",
    ),
    RequestCase(
        "export with a nonsense filter",
        "get",
        "{admin}registry/pairing/export/csv/?nonsense__exact=1",
        frozenset({200}),
        "The filters in the address are not valid",
        user="admin",
        follow=True,
    ),
    # PostgreSQL refuses NUL in a query: the admin's search form must stop it first.
    RequestCase(
        "admin search with NUL",
        "get",
        "{admin}registry/pairing/?q=Wu%00han",
        frozenset({200}),
        "Null characters are not allowed.",
        user="admin",
    ),
    RequestCase(
        "upload without CSRF token",
        "post",
        "{admin}registry/pairing/import/",
        frozenset({403}),
        "CSRF",
        user="admin",
        data={"file": "formula_cmd.csv"},
        csrf=True,
    ),
    RequestCase(
        "upload by anonymous",
        "post",
        "{admin}registry/pairing/import/",
        frozenset({302}),
        "login",
        data={"file": "formula_cmd.csv"},
    ),
    RequestCase(
        "template without import permission",
        "get",
        "{admin}registry/pairing/template.xlsx",
        frozenset({403}),
        "403",
        user="viewer",
    ),
    # A place named with a script, on a published pair: escaped on every page that shows it.
    RequestCase(
        "script name on the pair page",
        "get",
        "/en/pairs/{pair}/",
        frozenset({200}),
        "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;",
        setup="script_pair",
        absent="<script>alert",
    ),
    RequestCase(
        "script name on the pair list",
        "get",
        "/en/pairs/?q=script",
        frozenset({200}),
        "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;",
        setup="script_pair",
        absent="<script>alert",
    ),
    RequestCase(
        "script name in the admin",
        "get",
        "{admin}registry/jurisdiction/?q=script",
        frozenset({200}),
        "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;",
        user="admin",
        setup="script_pair",
        absent="<script>alert",
    ),
    RequestCase(
        "script name in the API",
        "get",
        "/api/pairs/{pair}",
        frozenset({200}),
        "<script>alert('name')</script>",
        setup="script_pair",
    ),
]

REQUEST_CASES = [*_writes(), *QUERY_CASES, *CONFIRM_CASES]


# The suggestion form ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionCase:
    """A POST to the suggestion form: a good suggestion with `data` changed. Refused ones store
    nothing; `stored` ones (hostile text that is still text) are stored exactly and escaped."""

    name: str
    data: dict
    status: frozenset
    message: str
    lang: str = "en"
    stored: bool = False

    @property
    def id(self):
        return f"suggestion:{self.name}"


GOOD_SUGGESTION = {
    "kind": "new_pair",
    "place_a": "Wuhan",
    "place_b": "Pittsburgh",
    "message": "Established in 2016.",
    "source_url": "https://example.org/wuhan-pittsburgh",
}
INVALID = frozenset({400})
WEB_ADDRESS = "Enter the web address (starting with http:// or https://) of a page that shows this."
TOO_LARGE = "What was sent is too large or malformed."
SUGGESTION_CASES = [
    SuggestionCase("very long text", {"message": LONG}, INVALID, "at most 2000 characters (it has 5000)"),
    SuggestionCase("very long place", {"place_a": "x" * 300}, INVALID, "at most 200 characters (it has 300)"),
    SuggestionCase("control character", {"message": "ring\x07bell"}, INVALID, "contains a control character"),
    SuggestionCase("NUL", {"place_b": "Pitts\x00burgh"}, INVALID, "contains a control character"),
    SuggestionCase("RTL override", {"place_a": "Wu\u202ehan"}, INVALID, "direction-override character"),
    SuggestionCase("RTL isolate", {"message": "\u2067evil\u2069"}, INVALID, "direction-override character"),
    SuggestionCase("no source", {"source_url": ""}, INVALID, "This field is required."),
    SuggestionCase("not a URL", {"source_url": "see the newspaper"}, INVALID, WEB_ADDRESS),
    SuggestionCase("javascript: URL", {"source_url": "javascript:alert(1)"}, INVALID, WEB_ADDRESS),
    SuggestionCase(
        "data: URL", {"source_url": "data:text/html,<script>alert(1)</script>"}, INVALID, WEB_ADDRESS
    ),
    SuggestionCase("ftp URL", {"source_url": "ftp://example.org/file"}, INVALID, WEB_ADDRESS),
    SuggestionCase(
        "URL too long", {"source_url": "https://example.org/" + "a" * 600}, INVALID, "at most 500 characters"
    ),
    SuggestionCase("bad e-mail", {"contact_email": "me@"}, INVALID, "Enter a valid email address."),
    SuggestionCase("unknown kind", {"kind": "publish"}, INVALID, "Select a valid choice."),
    SuggestionCase(
        "unknown pair", {"kind": "correction", "pair": "no-such-pair"}, INVALID, "not in the registry"
    ),
    SuggestionCase("huge post", {"message": "a" * 3_000_000}, INVALID, TOO_LARGE),
    SuggestionCase("too many fields", {f"field{n}": "x" for n in range(1500)}, INVALID, TOO_LARGE),
    SuggestionCase(
        "javascript: URL, in Chinese",
        {"source_url": "javascript:alert(1)"},
        INVALID,
        "请输入能证明此事的网页地址（以 http:// 或 https:// 开头）。",
        lang="zh-hans",
    ),
    SuggestionCase(
        "huge post, in Chinese",
        {"message": "a" * 3_000_000},
        INVALID,
        "提交的内容过大或格式有误",
        lang="zh-hans",
    ),
    SuggestionCase(
        "honeypot filled", {"website": "https://spam.example"}, frozenset({302}), "/en/suggest/?sent=1"
    ),
    SuggestionCase(
        "HTML and script",
        {"message": "<script>alert('x')</script><b>bold</b>", "place_a": "<img src=x onerror=alert(1)>"},
        frozenset({302}),
        "/en/suggest/?sent=1",
        stored=True,
    ),
]
