"""The suggestion form page. A visitor may send SUGGESTION_RATE suggestions (django-ratelimit,
counted per address in the default cache: Redis when CACHE_URL is set, shared by every host)."""

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from ..cache_backend import CacheUnavailable
from ..models import Jurisdiction, Pairing
from .forms import SuggestionForm

logger = logging.getLogger(__name__)


def client_ip(request):
    """The visitor's address: behind DJANGO_PROXY_COUNT trusted proxies, the address the first of
    them saw (X-Forwarded-For, counted from the right), else the connection's."""
    proxies = settings.RATELIMIT_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def suggestion_rate(_group, _request):
    return settings.SUGGESTION_RATE


def too_many(request):
    """Whether this visitor has used up SUGGESTION_RATE (this POST counted). With the cache away
    the form stays open: a suggestion publishes nothing, and staff review each one."""
    try:
        return is_ratelimited(
            request,
            group="suggestions",
            key=lambda _group, request: client_ip(request),
            rate=suggestion_rate,
            method="POST",
            increment=True,
        )
    except CacheUnavailable:
        logger.warning("Suggestion rate limit not checked: the cache is unreachable.")
        return False


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request):
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if too_many(request):
            form.is_valid()  # shows what was typed, with the refusal above it
            form.add_error(
                None, _("You have sent several suggestions in a short time. Please try again in an hour.")
            )
            return render(request, "registry/suggest.html", {"form": form, "pairing": None}, status=429)
        if form.is_valid():
            if not form.is_from_a_robot():
                form.save(language=get_language())
            return redirect(reverse("registry:suggest") + "?sent=1")
        return render(request, "registry/suggest.html", {"form": form, "pairing": None}, status=400)
    pairing = (
        Pairing.objects.public()
        .select_related("side_a", "side_b")
        .filter(slug=request.GET.get("pair", ""))
        .first()
    )
    place = Jurisdiction.objects.public().filter(slug=request.GET.get("place", "")).first()
    if pairing:
        initial = {"kind": "correction", "pair": pairing.slug}
    elif place:
        initial = {"place_a": place.local_name()}
    else:
        initial = {}
    form = SuggestionForm(initial=initial)
    context = {"form": form, "pairing": pairing, "sent": request.GET.get("sent") == "1"}
    return render(request, "registry/suggest.html", context)
