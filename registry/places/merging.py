"""Merging a duplicate place into the place staff keep: the two "Wilmington" pages become one.

Everything that points at the duplicate moves to the kept place: its pairs (with their milestones,
activities and sources, which hang on the pairs), the milestones it acted in, the activities it
hosted, its partner-seeking profiles, its child places, its gazetteer match and search keys, its old
addresses, and the public's suggestions naming it. Its names become aliases of the kept place, so
that spreadsheets naming it still match. Then the duplicate is deleted, its address redirects (301)
to the kept place, and both histories say why. All or nothing: a pair that would become a duplicate
(the kept place is already paired with the same partner) or a self pair refuses the whole merge."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry.models import (
    ExchangeActivity,
    Jurisdiction,
    Milestone,
    Pairing,
    RetiredSlug,
    SeekingProfile,
    Suggestion,
    Versioned,
)

from .models import PlaceKey, PlaceMatch


def _refusals(keep, duplicate, pairings):
    errors = []
    if keep.pk == duplicate.pk:
        errors.append(_("Choose two different places: a place cannot be merged into itself."))
    elif keep.country != duplicate.country:
        errors.append(
            _("%(duplicate)s and %(keep)s are in different countries: they are not the same place.")
            % {"duplicate": duplicate.name_en, "keep": keep.name_en}
        )
    if errors:
        return errors
    if duplicate.pk == keep.parent_id:
        errors.append(
            _("%(keep)s lies in %(duplicate)s: keep the larger place instead.")
            % {
                "keep": keep.name_en,
                "duplicate": duplicate.name_en,
            }
        )
    partners_of_keep = {
        pairing.other_side(keep).pk: pairing
        for pairing in Pairing.objects.involving(keep).select_related("side_a", "side_b")
    }
    for pairing in pairings:
        partner = pairing.other_side(duplicate)
        if partner.pk == keep.pk:
            errors.append(
                _("The pair %(pair)s joins the two places: merged, it would pair a place with itself.")
                % {"pair": pairing.slug}
            )
        elif partner.pk in partners_of_keep:
            errors.append(
                _(
                    "%(partner)s is paired with both (%(pair)s and %(other)s): merged, these would be "
                    "one pair twice. Merge or delete one of those pairs first."
                )
                % {
                    "partner": partner.name_en,
                    "pair": pairing.slug,
                    "other": partners_of_keep[partner.pk].slug,
                }
            )
    return errors


def _save(record, user, reason):
    if isinstance(record, Versioned):
        record.version += 1  # a change form opened before the merge is refused, not saved over it
    record._history_user = user  # read by simple-history
    record._change_reason = reason[:100]
    record.save()


@transaction.atomic
def merge_places(*, keep, duplicate, user=None, reason=""):
    """Merge `duplicate` into `keep`; raises ValidationError (nothing written) when the merge
    would make a duplicate or self pair. Returns what moved, by kind."""
    if not reason.strip():
        raise ValidationError(_("Say why the two places are one (the reason is kept in the history)."))
    # Locked: an import or another merge must not pair the duplicate while it is being merged.
    locked = {
        p.pk: p for p in Jurisdiction.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
    }
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    pairings = list(Pairing.objects.involving(duplicate).select_related("side_a", "side_b"))
    errors = _refusals(keep, duplicate, pairings)
    if errors:
        raise ValidationError(errors)
    note = _("merged %(duplicate)s (%(slug)s) into %(keep)s: %(reason)s") % {
        "duplicate": duplicate.name_en,
        "slug": duplicate.slug,
        "keep": keep.slug,
        "reason": reason.strip(),
    }
    moved = {"pairings": len(pairings)}
    for pairing in pairings:
        side = "side_a" if pairing.side_a_id == duplicate.pk else "side_b"
        setattr(pairing, side, keep)
        _save(pairing, user, note)
    moved["milestones"] = _move(
        Milestone.objects.filter(acting_side=duplicate), "acting_side", keep, user, note
    )
    moved["activities"] = _move(ExchangeActivity.objects.filter(host=duplicate), "host", keep, user, note)
    moved["seeking profiles"] = _move(
        SeekingProfile.objects.filter(place=duplicate), "place", keep, user, note
    )
    moved["child places"] = _move(Jurisdiction.objects.filter(parent=duplicate), "parent", keep, user, note)
    _move_gazetteer_match(keep, duplicate)
    RetiredSlug.objects.filter(place=duplicate).update(place=keep)
    # Suggestions from the public naming the duplicate name the kept place instead of nothing (as
    # deleting the duplicate would leave them); a queue record, moved without a history row.
    Suggestion.objects.filter(side_a=duplicate).update(side_a=keep)
    Suggestion.objects.filter(side_b=duplicate).update(side_b=keep)
    aliases = keep.alias_list()
    for name in (duplicate.name_en, duplicate.name_zh, duplicate.name_local, *duplicate.alias_list()):
        if name and name not in aliases and name not in (keep.name_en, keep.name_zh, keep.name_local):
            aliases.append(name)
    keep.aliases = "\n".join(aliases)
    for field in ("name_zh", "wikidata_qid", "geonames_id", "gbt2260_code"):
        if getattr(keep, field) in ("", None) and getattr(duplicate, field) not in ("", None):
            setattr(keep, field, getattr(duplicate, field))  # a blank filled, never a value replaced
    if keep.latitude is None and duplicate.latitude is not None:
        keep.latitude, keep.longitude = duplicate.latitude, duplicate.longitude
        keep.coordinates_source = duplicate.coordinates_source
    old_slug = duplicate.slug
    duplicate._history_user = user
    duplicate._change_reason = note[:100]
    duplicate.delete()
    _save(keep, user, note)
    RetiredSlug.retire(keep, old_slug, reason=note)
    return moved


def _move(queryset, field, keep, user, note):
    """Point `field` of each row at `keep`, one save each so that each row's history says why."""
    rows = list(queryset)
    for row in rows:
        setattr(row, field, keep)
        _save(row, user, note)
    return len(rows)


def _move_gazetteer_match(keep, duplicate):
    """The kept place keeps its own match; it takes the duplicate's when it has none (or only an
    unsettled one). Search keys of both stay, on the kept place."""
    theirs = PlaceMatch.objects.filter(jurisdiction=duplicate).first()
    ours = PlaceMatch.objects.filter(jurisdiction=keep).first()
    if theirs is not None and (ours is None or (ours.entry_id is None and theirs.entry_id is not None)):
        if ours is not None:
            ours.delete()
        theirs.jurisdiction = keep
        theirs.save()
    have = set(PlaceKey.objects.filter(jurisdiction=keep).values_list("key", flat=True))
    PlaceKey.objects.filter(jurisdiction=duplicate).exclude(key__in=have).update(jurisdiction=keep)
