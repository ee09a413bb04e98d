"""Where an uploaded file waits between preview and confirm: django-import-export's temporary
storage, the class named by IMPORT_EXPORT_TMP_STORAGE_CLASS (by default UploadStorage below).

UploadStorage keeps it in the `imports` cache (settings.CACHES), by default Django's database
cache: every server process and host sees the same database, so a preview served by one gunicorn
worker can be confirmed on another, and nothing is kept on a server's own disk. A Redis cache
works as well. The file expires after REGISTRY_IMPORT_UPLOAD_SECONDS (default one hour);
confirming an expired or unknown upload gets a message asking to upload again, not an error page.
"""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.utils.module_loading import import_string
from import_export.tmp_storages import CacheStorage

PREFIX = "registry-import-"


class UploadStorage(CacheStorage):
    """CacheStorage in the `imports` cache for REGISTRY_IMPORT_UPLOAD_SECONDS. Subclassed because
    CacheStorage always writes to the default cache (a per-process memory cache here, which
    another worker cannot read) and keeps every file for a day. It stores any picklable value: the
    upload with its parsed rows, so the file is parsed once."""

    CACHE_PREFIX = PREFIX

    name: str | None

    def save(self, data):
        if not self.name:
            self.name = uuid.uuid4().hex
        caches["imports"].set(self._key(), data, settings.REGISTRY_IMPORT_UPLOAD_SECONDS)

    def read(self):
        return caches["imports"].get(self._key())

    def remove(self):
        caches["imports"].delete(self._key())

    def _key(self):
        return f"{self.CACHE_PREFIX}{self.name}"


def _storage(token=None):
    return import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)(name=token)


def save(*, kind, filename, data, create_places, user_id):
    """Keep an upload; returns its token."""
    storage = _storage()
    storage.save(
        {
            "kind": kind,
            "filename": filename,
            "data": data,
            "create_places": create_places,
            "user_id": user_id,
        }
    )
    return storage.name


def keep_table(token, payload, table):
    """Keep the parsed rows with the upload, so the file is parsed only once."""
    _storage(token).save({**payload, "table": table})


def load(token, *, kind, user_id):
    """The upload, or None if it expired, never existed, or belongs to someone else or another
    kind of record."""
    if not token or not token.isalnum():
        return None
    payload = _storage(token).read()
    if not payload or payload["kind"] != kind or payload["user_id"] != user_id:
        return None
    return payload


def discard(token):
    _storage(token).remove()


# What a background task (registry.tasks.imports) keeps beside an upload under its own key, so that
# loading the upload does not load it too: the parsed rows ("table") and the checked preview.
def keep_extra(token, name, value):
    _storage(f"{token}{name}").save(value)


def load_extra(token, name):
    return _storage(f"{token}{name}").read() if token and token.isalnum() else None


def discard_extras(token, names=("table", "preview")):
    for name in names:
        _storage(f"{token}{name}").remove()
