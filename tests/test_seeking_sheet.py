"""Partner-seeking profiles as a fourth sheet: declared once (registry.resources), imported and
exported through the same service, admin pages and command as the other sheets."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.imports.service import import_sheet
from registry.models import ImportRecord
from registry.resources import SHEETS, export_rows
from registry.seeking.models import SeekingProfile

from .factories import ChineseCityFactory, SeekingProfileFactory, USCityFactory
from .helpers import role_client

pytestmark = pytest.mark.django_db

HEADER = (
    "place_country,place_province,place_city,wanted_countries,interests,profile_en,contact,contact_is_public"
)


@pytest.fixture
def places():
    erie = USCityFactory(name_en="Erie", parent__name_en="Pennsylvania")
    wuhan = ChineseCityFactory(name_en="Wuhan", parent__name_en="Hubei")
    return erie, wuhan


def rows(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_new_sheet_is_one_resource_in_the_table_of_sheets():
    assert SHEETS["seeking"].model() is SeekingProfile
    assert [column.name for column in SHEETS["seeking"].columns][:3] == [
        "place_country",
        "place_province",
        "place_city",
    ]


def test_profiles_import_with_history_and_an_import_record(places):
    erie, wuhan = places
    body = "\n".join(
        [
            HEADER,
            'US,Pennsylvania,Erie,"CN, Japan","education,trade",A port city.,Office of the Mayor,yes',
            "CN,Hubei,Wuhan,US,culture,A river city.,,",
        ]
    ).encode()
    plan = import_sheet(sheet="seeking", data=body, filename="seeking.csv", user=None)
    assert [row.status for row in plan.rows] == ["new", "new"]
    erie_profile = SeekingProfile.objects.get(place=erie)
    assert [str(c.code) for c in erie_profile.wanted_countries] == ["CN", "JP"]
    assert list(erie_profile.interests) == ["education", "trade"]
    assert erie_profile.contact_is_public is True
    assert SeekingProfile.objects.get(place=wuhan).status == "open"
    record = ImportRecord.objects.get()
    assert (record.kind, record.new) == ("seeking", 2)
    assert erie_profile.history.get().history_change_reason == record.change_reason


def test_an_export_imports_back_unchanged_and_an_edit_updates_one_profile(places):
    erie, wuhan = places
    SeekingProfileFactory(place=erie, wanted_countries=["CN", "JP"], interests=["trade", "education"])
    SeekingProfileFactory(
        place=wuhan,
        wanted_countries=["US"],
        interests=["culture"],
        population=1_000,
        population_as_of=datetime.date(2020, 11, 1),
    )
    for fmt in ("csv", "xlsx"):
        exported, _type, _name = export_rows("seeking", None, fmt)
        plan = import_sheet(sheet="seeking", data=exported, filename=f"seeking.{fmt}")
        assert [row.status for row in plan.rows] == ["unchanged", "unchanged"], plan.errors
        assert plan.record is None
    exported, _type, _name = export_rows("seeking", None, "csv")
    table = rows(exported)
    column = table[0].index("interests")
    table[1][column] = "trade, education, sports"
    out = io.StringIO()
    csv.writer(out).writerows(table)
    plan = import_sheet(sheet="seeking", data=out.getvalue().encode(), filename="edited.csv")
    assert [row.status for row in plan.rows] == ["updated", "unchanged"]
    assert sorted(SeekingProfile.objects.get(place=erie).interests) == ["education", "sports", "trade"]


def test_a_wrong_row_is_named_by_row_and_column_and_nothing_is_written(places):
    body = "\n".join(
        [
            HEADER,
            "US,Pennsylvania,Erie,US,education,Wants a partner at home.,,",
            "US,Pennsylvania,Nowhere,CN,education,Unknown place.,,",
            "CN,Hubei,Wuhan,US,knitting,Unknown field.,,maybe",
        ]
    ).encode()
    plan = import_sheet(sheet="seeking", data=body, filename="bad.csv")
    found = {(number, error.column) for number, error in plan.errors}
    assert (2, "wanted_countries") in found
    assert (3, "place_city") in found
    assert {(4, "interests"), (4, "contact_is_public")} <= found
    assert SeekingProfile.objects.count() == 0
    assert ImportRecord.objects.count() == 0


def test_a_public_export_leaves_out_a_contact_not_marked_public(places):
    erie, wuhan = places
    SeekingProfileFactory(place=erie, contact="Mayor's office", contact_is_public=True)
    SeekingProfileFactory(place=wuhan, contact="a private person", contact_is_public=False)
    public, _type, _name = export_rows("seeking", None, "csv", public=True)
    staff, _type, _name = export_rows("seeking", None, "csv")
    assert "a private person" not in public.decode("utf-8-sig")
    assert "Mayor's office" in public.decode("utf-8-sig")
    assert "a private person" in staff.decode("utf-8-sig")


def test_an_importer_imports_profiles_through_the_admin_and_a_viewer_may_not(places):
    body = "\n".join([HEADER, "US,Pennsylvania,Erie,CN,education,A port city.,,"]).encode()
    url = reverse("admin:registry_seekingprofile_import")
    viewer = role_client("viewer")
    refused = viewer.post(url, {"file": SimpleUploadedFile("seeking.csv", body)})
    assert refused.status_code == 403
    importer = role_client("importer")
    uploaded = importer.post(url, {"file": SimpleUploadedFile("seeking.csv", body)})
    preview = importer.get(uploaded["Location"])
    assert preview.status_code == 200
    assert preview.context["counts"]["new"] == 1
    confirmed = importer.post(uploaded["Location"] + "confirm/", follow=True)
    assert confirmed.status_code == 200
    assert SeekingProfile.objects.get().place.name_en == "Erie"
    assert ImportRecord.objects.get().kind == "seeking"
