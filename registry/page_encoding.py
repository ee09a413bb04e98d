"""A public page as the page cache keeps it: its body once as it is and once compressed with each
encoding (gzip, and Brotli), made when the page is stored, so that serving it compresses nothing;
its ETag; and the response each visitor gets, in the encoding their browser accepts.

The ETag names the data generation the page was rendered from and a hash of its body, and each
encoding has its own (a gzip body is another representation of the page than the plain one). A
browser that sends it back in If-None-Match gets 304 Not Modified and no body; after any write to
the registry the page is rendered again, with a new ETag."""

import gzip
import hashlib
import re

import brotli
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

# Types worth compressing (XLSX is a zip already; images are compressed by their format).
COMPRESSIBLE = re.compile(r"^(text/|application/(json|geo\+json|xml|atom\+xml|javascript|schema\+json))")
MIN_BYTES = 200
# Preferred first: Brotli is smaller for the same page (README, "Speed over the wire").
ENCODINGS = ("br", "gzip")


def _compress(encoding, body):
    # Middle levels: a page is compressed on the first request after each write, and that request
    # waits. On a 170 KB page Brotli's top quality (11) took 200 ms of CPU for 12% fewer bytes;
    # quality 5 and gzip's 6 take about 5 and 8 ms.
    if encoding == "br":
        return brotli.compress(body, quality=5)
    return gzip.compress(body, compresslevel=6, mtime=0)  # mtime=0: the same page, the same bytes


def accepted_encodings(request):
    """The encodings the request accepts (q=0 refuses one), e.g. {"gzip", "br"}."""
    accepted = set()
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        if name and not re.fullmatch(r"\s*q=0(\.0*)?\s*", params):
            accepted.add(name.strip().lower())
    return accepted


class StoredPage:
    """What the cache keeps of a rendered public page (plain data, no response object)."""

    def __init__(self, response, generation):
        self.status = response.status_code
        self.headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("content-length", "etag", "x-page-cache")
        ]
        self.bodies = {"identity": response.content}
        body = response.content
        if len(body) >= MIN_BYTES and COMPRESSIBLE.match(response.get("Content-Type", "")):
            for encoding in ENCODINGS:
                self.bodies[encoding] = _compress(encoding, body)
        digest = hashlib.sha256(body).hexdigest()[:20]
        self.etag = f"g{generation}-{digest}"

    def response_for(self, request):
        """The page in the best encoding the request accepts, or 304 if it has this version."""
        accepted = accepted_encodings(request)
        encoding = next((e for e in ENCODINGS if e in accepted and e in self.bodies), "identity")
        response = HttpResponse(self.bodies[encoding], status=self.status)
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = len(self.bodies[encoding])
        if encoding != "identity":
            response["Content-Encoding"] = encoding
        if len(self.bodies) > 1:
            patch_vary_headers(response, ["Accept-Encoding"])
        response["ETag"] = f'"{self.etag}"' if encoding == "identity" else f'"{self.etag}-{encoding}"'
        patch_cache_control(response, **settings.PAGE_CACHE_CONTROL)
        return get_conditional_response(request, etag=response["ETag"], response=response)
