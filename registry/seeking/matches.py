"""Mutual matches between open profiles (for staff), and turning one into a pairing in one step."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..i18n import enumeration
from ..lifecycle import refresh_lifecycle
from ..models import ActivityCategory, Level, Milestone, MilestoneKind, Pairing, PairingKind
from ..partial_dates import Precision
from ..services import unique_pairing_slug
from .models import SeekingProfile, SeekingStatus


@dataclass
class Match:
    first: SeekingProfile
    second: SeekingProfile
    shared: list
    kind: str

    def shared_labels(self):
        labels = dict(ActivityCategory.choices)
        return enumeration(labels[value] for value in self.shared)


def pairing_kind(a, b):
    """The kind of pair two places can form, or None (a city and a state cannot pair)."""
    if a.level == Level.PROVINCE and b.level == Level.PROVINCE:
        return PairingKind.PROVINCE_STATE
    if a.takes_city_pairs and b.takes_city_pairs:
        return PairingKind.CITY
    return None


def find_matches():
    """Every two open profiles (published or not) of places in different countries that each want
    a partner in the other's country, share a field of interest, can form a pair, and are not
    paired yet. Two queries."""
    profiles = list(SeekingProfile.objects.open().select_related("place", "place__parent").order_by("pk"))
    place_ids = {profile.place_id for profile in profiles}
    paired = {
        frozenset(pair)
        for pair in Pairing.objects.filter(side_a__in=place_ids, side_b__in=place_ids).values_list(
            "side_a", "side_b"
        )
    }
    matches = []
    for index, first in enumerate(profiles):
        for second in profiles[index + 1 :]:
            a, b = first.place, second.place
            if a.country == b.country or frozenset((a.pk, b.pk)) in paired:
                continue
            if str(b.country) not in map(str, first.wanted_countries):
                continue
            if str(a.country) not in map(str, second.wanted_countries):
                continue
            shared = [value for value in first.interests if value in set(second.interests)]
            kind = pairing_kind(a, b)
            if shared and kind:
                matches.append(Match(first=first, second=second, shared=shared, kind=kind))
    return matches


def pair_match(*, first, second, signed_on=None):
    """Turn a match into a pairing in one step: a new, unpublished pairing of the two places, its
    first milestone "letter of intent signed" (dated if `signed_on` is given), and both profiles
    marked matched with a link to it. All or nothing; a profile no longer open, or two places
    already paired, is refused with a ValidationError."""
    with transaction.atomic():
        locked = list(
            SeekingProfile.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
        )
        if len(locked) != 2 or any(profile.status != SeekingStatus.OPEN for profile in locked):
            raise ValidationError(_("One of the two profiles is no longer open; reload the matches."))
        a, b = (SeekingProfile.objects.select_related("place").get(pk=p.pk).place for p in (first, second))
        kind = pairing_kind(a, b)
        if kind is None:
            raise ValidationError(_("A province or state can only pair with a province or state."))
        if Pairing.objects.filter(Q(side_a=a, side_b=b) | Q(side_a=b, side_b=a)).exists():
            raise ValidationError(_("These two places are already paired (in one order or the other)."))
        pairing = Pairing(side_a=a, side_b=b, kind=kind, slug=unique_pairing_slug(a, b))
        pairing.full_clean()
        pairing.save()
        Milestone.objects.create(
            pairing=pairing,
            kind=MilestoneKind.INTENT_SIGNED,
            occurred_on=signed_on,
            occurred_precision=Precision.DAY if signed_on else "",
        )
        refresh_lifecycle([pairing], reason="paired from a match")
        for profile in locked:
            profile.status = SeekingStatus.MATCHED
            profile.matched_pairing = pairing
            profile.save(update_fields=["status", "matched_pairing", "modified_at"])
    return pairing
