"""Where an uploaded file waits between preview and confirm.

It is kept in the `imports` cache (settings.CACHES), by default Django's database cache: every
server process and host sees the same database, so a preview served by one gunicorn worker can be
confirmed on another, and nothing is kept on a server's own disk. A Redis cache works as well. The
file expires after REGISTRY_IMPORT_UPLOAD_SECONDS (default one hour); confirming an expired or
unknown upload gets a message asking to upload again, not an error page.
"""

import uuid

from django.conf import settings
from django.core.cache import caches

PREFIX = "registry-import-"


def _cache():
    return caches["imports"]


def _seconds():
    return settings.REGISTRY_IMPORT_UPLOAD_SECONDS


def save(*, kind, filename, data, create_places, user_id):
    token = uuid.uuid4().hex
    payload = {
        "kind": kind,
        "filename": filename,
        "data": data,
        "create_places": create_places,
        "user_id": user_id,
    }
    _cache().set(PREFIX + token, payload, _seconds())
    return token


def keep_table(token, payload, table):
    """Keep the parsed rows with the upload, so the file is parsed only once."""
    _cache().set(PREFIX + token, {**payload, "table": table}, _seconds())


def load(token, *, kind, user_id):
    """The upload, or None if it expired, never existed, or belongs to someone else or another
    kind of record."""
    if not token or not token.isalnum():
        return None
    payload = _cache().get(PREFIX + token)
    if not payload or payload["kind"] != kind or payload["user_id"] != user_id:
        return None
    return payload


def discard(token):
    _cache().delete(PREFIX + token)
