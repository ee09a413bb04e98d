"""Multi-step writes and derived values used by the admin, commands and imports."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .history import record_links
from .models import Milestone, MilestoneKind, Pairing, RetiredSlug, Source
from .slugs import free_slug, pairing_slug_candidates


def unique_pairing_slug(side_a, side_b, *, exclude_pk=None):
    """A readable slug for a pair from both sides (`nanjing-st-louis`; with the provinces/states
    when two pairs share both names; `-2` only after that) that no pair has or had: an old
    address keeps leading to its own pair."""
    candidates = pairing_slug_candidates(side_a, side_b, side_a.parent, side_b.parent)
    prefix = Q()
    for candidate in candidates:
        prefix |= Q(slug__startswith=candidate)
    taken = set(Pairing.objects.filter(prefix).exclude(pk=exclude_pk).values_list("slug", flat=True))
    taken |= set(RetiredSlug.objects.filter(prefix, pairing__isnull=False).values_list("slug", flat=True))
    return free_slug(candidates, taken)


def sync_established_milestones(pairings, *, user=None, reason="", created=frozenset()):
    """Keep each pairing's "established" milestone on the pairing's own establishment date.

    The pairing's `established_on` is the authority (it is what lists, filters and statistics
    read); its milestone is the same fact in the pair's history. A pairing without a date keeps
    whatever milestones it has. Writes in bulk, with history; returns the milestones created or
    moved. `created`: pks of pairs inserted by this transaction, which have no milestone yet (none
    is asked for)."""
    dated = {p.pk: p for p in pairings if p.pk and p.established_on}
    if not dated:
        return []
    asked = [pk for pk in dated if pk not in created]
    existing = {
        m.pairing_id: m
        for m in Milestone.objects.filter(pairing_id__in=asked, kind=MilestoneKind.ESTABLISHED).order_by(
            "-pk"
        )
    }
    moved, new = [], []
    for pk, pairing in dated.items():
        milestone = existing.get(pk)
        if milestone is None:
            new.append(
                Milestone(
                    pairing=pairing,
                    kind=MilestoneKind.ESTABLISHED,
                    occurred_on=pairing.established_on,
                    occurred_precision=pairing.established_precision,
                    occurred_approximate=pairing.established_approximate,
                )
            )
        elif milestone.occurred != pairing.established:
            milestone.occurred = pairing.established
            moved.append(milestone)
    history = {"default_user": user, "default_change_reason": reason[:100]}
    if new:
        bulk_create_with_history(new, Milestone, **history)
    if moved:
        fields = ["occurred_on", "occurred_precision", "occurred_approximate"]
        bulk_update_with_history(moved, Milestone, fields, **history)
        record_links(Milestone, [milestone.pk for milestone in moved])
    return new + moved


def source_urls_from_text(text):
    """The web addresses in pasted text, one per line (https assumed when no scheme is given);
    raises ValidationError naming the first line that is not one."""
    validate = URLValidator(schemes=["http", "https"])
    urls = []
    for line in (text or "").splitlines():
        url = line.strip()
        if not url:
            continue
        if "://" not in url:
            url = f"https://{url}"
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                _("%(line)s is not a web address.") % {"line": line.strip()}, code="invalid"
            ) from None
        if url not in urls:
            urls.append(url)
    return urls


def attach_sources(obj, urls, *, user=None):
    """Cite each address on `obj` (a pairing, activity or milestone): a source already in the
    registry is reused, a new one is created with the site's host as its publisher."""
    with transaction.atomic():
        for url in urls:
            source = Source.objects.filter(url=url).first()
            if source is None:
                source = Source(url=url, publisher=urlsplit(url).hostname or "")
                source._history_user = user  # type: ignore[attr-defined]  # read by simple-history
                source.save()
            obj.sources.add(source)
