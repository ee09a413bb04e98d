"""Uploads wait between preview and confirm in django-import-export's temporary storage, the class
IMPORT_EXPORT_TMP_STORAGE_CLASS names, kept in the shared `imports` cache."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils.module_loading import import_string

from registry.imports import uploads

pytestmark = pytest.mark.django_db


def test_an_upload_is_kept_in_the_shared_imports_cache_through_the_configured_storage():
    storage_class = import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)
    assert storage_class is uploads.UploadStorage
    token = uploads.save(kind="pairings", filename="a.csv", data=b"x", create_places=False, user_id=7)
    assert caches["imports"].get(uploads.PREFIX + token)["filename"] == "a.csv"
    assert caches["default"].get(uploads.PREFIX + token) is None
    assert storage_class(name=token).read()["data"] == b"x"
    assert uploads.load(token, kind="pairings", user_id=7)["filename"] == "a.csv"
    assert uploads.load(token, kind="pairings", user_id=8) is None  # someone else's upload
    uploads.discard(token)
    assert uploads.load(token, kind="pairings", user_id=7) is None


def test_an_upload_expires_after_the_configured_time(settings):
    settings.REGISTRY_IMPORT_UPLOAD_SECONDS = -1  # already expired when written
    token = uploads.save(kind="pairings", filename="a.csv", data=b"x", create_places=False, user_id=7)
    assert uploads.load(token, kind="pairings", user_id=7) is None
