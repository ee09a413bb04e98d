"""Addresses that no longer name a record but must keep working: a published slug never breaks."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .pairings import Pairing
from .places import Jurisdiction


class RetiredSlugQuerySet(models.QuerySet):
    def target(self, model, slug):
        """The place or pair (of `model`) an old slug now leads to, or None."""
        field = "place" if model is Jurisdiction else "pairing"
        retired = self.filter(**{f"{field}__isnull": False, "slug": slug}).select_related(field).first()
        return getattr(retired, field) if retired else None


class RetiredSlug(models.Model):
    """A slug a place or pair was published under before it was renamed, or a merged place's
    slug: its address answers with a permanent redirect (301) to the record it leads to now. The
    link is to the record, not to its slug, so a record renamed twice redirects in one step."""

    slug = models.SlugField(_("old slug"), max_length=250)
    # Each goes with its record: an address of a deleted record has nowhere to lead.
    place = models.ForeignKey(
        Jurisdiction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retired_slugs",
        verbose_name=_("place"),
    )
    pairing = models.ForeignKey(
        Pairing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retired_slugs",
        verbose_name=_("pairing"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    retired_at = models.DateTimeField(_("retired at"), auto_now_add=True)

    objects = RetiredSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False, pairing__isnull=True)
                | Q(place__isnull=True, pairing__isnull=False),
                name="%(app_label)s_%(class)s_one_target",
                violation_error_message=_("An old address leads to a place or to a pair, not both."),
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(place__isnull=False),
                name="%(app_label)s_%(class)s_place_slug_unique",
                violation_error_message=_("This old place address already leads somewhere."),
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(pairing__isnull=False),
                name="%(app_label)s_%(class)s_pairing_slug_unique",
                violation_error_message=_("This old pair address already leads somewhere."),
            ),
        ]

    def __str__(self):
        return f"{self.slug} → {self.place or self.pairing}"

    @classmethod
    def taken(cls, model, *, among):
        """The slugs of `among` that are old slugs of places (`model` Jurisdiction) or of pairs:
        no new record takes one."""
        field = "place" if model is Jurisdiction else "pairing"
        old = cls.objects.filter(**{f"{field}__isnull": False}, slug__in=among)
        return set(old.values_list("slug", flat=True))

    @classmethod
    def retire(cls, obj, old_slug, *, reason=""):
        """Record that `obj` (a place or a pair) was known as `old_slug`; the slug it now has and
        an address already recorded are left alone."""
        field = "place" if isinstance(obj, Jurisdiction) else "pairing"
        if not old_slug or old_slug == obj.slug:
            return
        cls.objects.update_or_create(
            slug=old_slug, **{f"{field}__isnull": False}, defaults={field: obj, "reason": reason[:200]}
        )
