"""Imports that say what they did: each confirmed admin import is recorded (who, when, file,
counts) and listed, its records can be filtered by it, the success message links to both, and
roles that may publish can publish the new records on confirm."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.admin_i18n import change_reason_label
from registry.models import ImportRecord, Pairing

from .factories import ChineseCityFactory, CityPairingFactory, USCityFactory

pytestmark = pytest.mark.django_db

HEADER = "side_a_country,side_a_province,side_a_city,side_b_country,side_b_province,side_b_city,established"


@pytest.fixture
def two_rows():
    wuhan = ChineseCityFactory(name_en="Wuhan", parent__name_en="Hubei")
    pittsburgh = USCityFactory(name_en="Pittsburgh", parent__name_en="Pennsylvania")
    erie = USCityFactory(name_en="Erie", parent=pittsburgh.parent)
    existing = CityPairingFactory(side_a=wuhan, side_b=pittsburgh)
    untouched = CityPairingFactory()
    body = "\n".join(
        [
            HEADER,
            "CN,Hubei,Wuhan,US,Pennsylvania,Pittsburgh,1983",
            "CN,Hubei,Wuhan,US,Pennsylvania,Erie,1990s",
        ]
    ).encode()
    return body, existing, untouched, erie


def confirm(client, body, **post):
    response = client.post(
        reverse("admin:registry_pairing_import"), {"file": SimpleUploadedFile("pairs.csv", body)}
    )
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assert preview.status_code == 200
    return preview, client.post(preview_url + "confirm/", post, follow=True)


def test_a_confirmed_import_is_recorded_and_its_records_can_be_listed(admin_client, admin_user, two_rows):
    body, existing, untouched, erie = two_rows
    preview, response = confirm(admin_client, body)
    assert "New records arrive unpublished" in preview.content.decode()
    record = ImportRecord.objects.get()
    assert (record.kind, record.filename, record.user, record.new, record.updated) == (
        "pairings",
        "pairs.csv",
        admin_user,
        1,
        1,
    )
    assert record.published is False
    [message] = [str(m) for m in response.context["messages"]]
    assert f'href="/en/admin/registry/pairing/?import={record.pk}"' in message
    assert f'href="/en/admin/registry/importrecord/{record.pk}/change/"' in message
    listed = admin_client.get(reverse("admin:registry_pairing_changelist"), {"import": record.pk})
    created = Pairing.objects.get(side_b=erie)
    assert set(listed.context["cl"].queryset) == {existing, created}
    assert created.is_published is False
    assert untouched not in listed.context["cl"].queryset
    log = admin_client.get(reverse("admin:registry_importrecord_changelist"))
    assert "pairs.csv" in log.content.decode()


def test_an_importer_who_may_change_records_can_publish_on_confirm(admin_client, two_rows):
    body, _existing, _untouched, erie = two_rows
    preview, _response = confirm(admin_client, body, publish="1")
    assert 'name="publish"' in preview.content.decode()
    assert Pairing.objects.get(side_b=erie).is_published is True
    assert ImportRecord.objects.get().published is True


def test_publish_on_confirm_is_ignored_without_the_right_to_change(client, two_rows):
    body, _existing, _untouched, erie = two_rows
    importer = User.objects.create_user("imp", password="x" * 12, is_staff=True)
    importer.groups.add(Group.objects.get(name="importer"))
    importer.user_permissions.clear()
    client.force_login(importer)
    # The importer role may change records: take that right away for this test.
    group = Group.objects.create(name="import only")
    group.permissions.set(
        Group.objects.get(name="importer").permissions.exclude(codename__startswith="change_")
    )
    importer.groups.set([group])
    client.force_login(User.objects.get(pk=importer.pk))
    preview, _response = confirm(client, body, publish="1")
    assert 'name="publish"' not in preview.content.decode()
    assert Pairing.objects.get(side_b=erie).is_published is False


def test_the_history_names_the_import_in_the_page_language():
    from django.utils import translation

    assert str(change_reason_label("import pairings #7: pairs.csv")) == "import #7 of pairings: pairs.csv"
    with translation.override("zh-hans"):
        assert (
            str(change_reason_label("import pairings #7: pairs.csv")) == "第 7 次导入（结好关系）：pairs.csv"
        )


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_while_writing_leaves_no_record(admin_client, two_rows, monkeypatch):
    from django.db import IntegrityError

    import registry.imports.plan

    def collide(*args, **kwargs):
        raise IntegrityError("someone else wrote the same pair")

    monkeypatch.setattr(registry.imports.plan, "apply", collide)
    body, *_rest = two_rows
    _preview, response = confirm(admin_client, body)
    assert [str(m) for m in response.context["messages"]] == [
        "The registry changed while importing; nothing was written. Preview again."
    ]
    assert ImportRecord.objects.count() == 0
