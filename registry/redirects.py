"""Old addresses keep working: a page, API record or download addressed by a slug that a place or
pair no longer has answers with a permanent redirect (301) to the same address with the slug it
has now (same language prefix, same query), when that record is public."""

from django.http import Http404, HttpResponsePermanentRedirect

from .models import Jurisdiction, Pairing, RetiredSlug


def redirect_retired_slug(request, model, slug):
    """The 301 to where `slug` (of a place or pair) leads now; raises Http404 when it leads
    nowhere a visitor may go. Costs queries only on the way to a 404."""
    target = RetiredSlug.objects.target(model, slug)
    if target is None or not model.objects.public().filter(pk=target.pk).exists():
        raise Http404
    segments = request.path.split("/")
    last = max(i for i, segment in enumerate(segments) if segment == slug)
    segments[last] = target.slug
    url = "/".join(segments)
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(url)


class FollowRetiredSlugMixin:
    """For a view whose URL takes `slug` of `slug_model`: an unknown slug that a record had
    before redirects to the record's page."""

    slug_model: type[Jurisdiction] | type[Pairing]

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return redirect_retired_slug(request, self.slug_model, kwargs["slug"])


class RetireChangedSlugAdminMixin:
    """In the admin: a slug staff change keeps its old address (a published slug never breaks)."""

    def save_model(self, request, obj, form, change):
        old = form.initial.get("slug") if change and "slug" in form.changed_data else None
        super().save_model(request, obj, form, change)
        if old:
            RetiredSlug.retire(obj, old, reason="slug changed in the admin")
