"""A pair's standing follows from what happened to it: its status, tier and end date are derived
from its milestones here, and nowhere else.

The rules, applied to the milestones in date order (a step needs a date to be placed):

- status: the latest suspension, resumption or end decides. Suspended and ended are only ever
  set this way, so that each carries its evidence (the milestone, with its date, basis and
  sources). After a resumption the pair is active, unless staff have since assessed it active or
  dormant from other evidence (its activities). Without any of these steps the status is the
  one staff assessed (active, dormant or unknown); a suspended or ended status whose milestone is
  gone falls back to unknown.
- tier: the latest reclassification's new tier; without one, the tier staff set.
- end date: the date of the end that decides the status; none when the pair is not ended.

Renewals and the other steps are history: they do not change the status by themselves.

`refresh_lifecycle(pairings)` applies the rules in bulk (one query for the milestones, one bulk
update with history for the pairs that change) and is called by every write path: the admin
(pair form with its milestone inline, the milestone admin, bulk edit, revert), the services, the
demo loader and the spreadsheet import.
"""

from dataclasses import dataclass

from django.db import router, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .history import record_links
from .models import Milestone, MilestoneKind, Pairing, Status
from .page_cache import invalidate_public_pages_on_commit
from .partial_dates import PartialDate
from .services import sync_established_milestones

STATUS_STEPS = {
    MilestoneKind.SUSPENDED: Status.SUSPENDED,
    MilestoneKind.RESUMED: Status.ACTIVE,
    MilestoneKind.ENDED: Status.ENDED,
}
# Statuses only a milestone can give.
MILESTONE_STATUSES = (Status.SUSPENDED, Status.ENDED)
# Statuses staff assess from other evidence, which a resumption does not overrule.
ASSESSED_AFTER_RESUMPTION = (Status.ACTIVE, Status.DORMANT)
# Two steps on the same date: the later in this list is taken as the later step.
SAME_DAY_ORDER = list(MilestoneKind.values)

DERIVED_FIELDS = ["status", "tier", "ended_on", "ended_precision", "ended_approximate"]


@dataclass(frozen=True)
class Lifecycle:
    """What a pair's milestones make of it, and the milestones that say so (its evidence)."""

    status: str
    tier: str
    ended: PartialDate | None
    status_milestone: Milestone | None
    tier_milestone: Milestone | None


def in_date_order(milestones):
    """The dated milestones, oldest first (undated ones cannot be placed and are left out)."""
    dated = [m for m in milestones if m.occurred_on is not None]
    return sorted(dated, key=lambda m: (m.occurred_on, SAME_DAY_ORDER.index(m.kind), m.pk or 0))


def derive_lifecycle(pairing, milestones):
    """The status, tier and end date `pairing` has given `milestones` (saved or not)."""
    ordered = in_date_order(milestones)
    status_step = next((m for m in reversed(ordered) if m.kind in STATUS_STEPS), None)
    tier_step = next((m for m in reversed(ordered) if m.kind == MilestoneKind.RECLASSIFIED and m.tier), None)
    if status_step is None:
        status = Status.UNKNOWN if pairing.status in MILESTONE_STATUSES else pairing.status
    elif status_step.kind == MilestoneKind.RESUMED:
        status = pairing.status if pairing.status in ASSESSED_AFTER_RESUMPTION else Status.ACTIVE
    else:
        status = STATUS_STEPS[status_step.kind]
    return Lifecycle(
        status=status,
        tier=tier_step.tier if tier_step else pairing.tier,
        ended=status_step.occurred if status == Status.ENDED else None,
        status_milestone=status_step,
        tier_milestone=tier_step,
    )


def apply_lifecycle(pairing, lifecycle):
    """Set the derived fields on `pairing`; True if any changed."""
    before = [getattr(pairing, name) for name in DERIVED_FIELDS]
    pairing.status = lifecycle.status
    pairing.tier = lifecycle.tier
    pairing.ended = lifecycle.ended
    return before != [getattr(pairing, name) for name in DERIVED_FIELDS]


def record_typed_ends(pairings, *, user=None, reason="", created=frozenset()):
    """For writers that set a pair's status and end date directly (a spreadsheet's `status` and
    `ended` columns): an ended pair with an end date and no "ended" milestone gets one, dated as
    typed, so that the derivation keeps the end (with its evidence) instead of dropping it.
    Returns the milestones created. `created`: see refresh_lifecycle."""
    typed = {p.pk: p for p in pairings if p.pk and p.status == Status.ENDED and p.ended_on}
    if not typed:
        return []
    asked = [pk for pk in typed if pk not in created]
    have_end = set(
        Milestone.objects.filter(pairing_id__in=asked, kind=MilestoneKind.ENDED).values_list(
            "pairing_id", flat=True
        )
    )
    created = []
    for pk, pairing in typed.items():
        if pk in have_end:
            continue
        milestone = Milestone(pairing=pairing, kind=MilestoneKind.ENDED)
        milestone.occurred = pairing.ended
        created.append(milestone)
    if created:
        bulk_create_with_history(created, Milestone, default_user=user, default_change_reason=reason[:100])
    return created


def because(reason, lifecycle):
    """A change reason naming the deciding steps, e.g. "lifecycle: reclassified 2025"."""
    steps = dict.fromkeys(
        f"{m.kind} {m.occurred.isoformat()}"
        for m in (lifecycle.status_milestone, lifecycle.tier_milestone)
        if m
    )
    return f"{reason}: {'; '.join(steps)}" if steps else reason


def _milestones_by_pair(pks, written_here, created):
    """Pair pk → its milestones: a pair this transaction created has only those just written for
    it (`written_here`); the others' are read."""
    milestones: dict[int, list] = {pk: [] for pk in pks}
    for milestone in written_here:
        if milestone.pairing_id in created:
            milestones[milestone.pairing_id].append(milestone)
    asked = [pk for pk in pks if pk not in created]
    for milestone in Milestone.objects.filter(pairing_id__in=asked).only(
        "pk", "pairing_id", "kind", "tier", "occurred_on", "occurred_precision", "occurred_approximate"
    ):
        milestones[milestone.pairing_id].append(milestone)
    return milestones


def refresh_lifecycle(
    pairings,
    *,
    user=None,
    reason="lifecycle",
    record_history=True,
    typed_ends=False,
    written=False,
    created=frozenset(),
):
    """Derive status, tier and end date for each of `pairings` (saved Pairing objects or pks) from
    their milestones, and save those that change, in bulk: one history row each (by `user`, with
    `reason`) and a higher version, so a form opened before is refused rather than undoing it.
    Also keeps each dated pair's "established" milestone on its date (services). With
    `typed_ends` (the spreadsheet import), an end typed on the pair becomes its "ended" milestone
    first (`record_typed_ends`). With `written` (the import), `pairings` are the objects this
    transaction has just inserted or updated: they are used as they are, not read again under a
    lock (the rows it inserted are seen by no one else, the rows it updated are locked by that
    UPDATE until it commits). `created` (the import) are the pks of pairs this transaction has
    just inserted: they have no milestones but those written here, so none is asked for (an import
    of 10,000 new pairs would ask twice about 10,000 pairs). Returns the pairs that changed."""
    pks = [p.pk if isinstance(p, Pairing) else p for p in pairings]
    pks = [pk for pk in dict.fromkeys(pks) if pk is not None]
    if not pks:
        return []
    with transaction.atomic(using=router.db_for_write(Pairing)):
        if written:
            rows = sorted(dict((p.pk, p) for p in pairings if p.pk is not None).values(), key=lambda p: p.pk)
        else:
            rows = list(Pairing.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
        written_here = []
        if typed_ends:
            written_here += record_typed_ends(rows, user=user, reason=reason, created=created)
        if record_history:
            written_here += sync_established_milestones(rows, user=user, reason=reason, created=created)
        milestones = _milestones_by_pair(pks, written_here, created)
        changed = []
        for pairing in rows:
            lifecycle = derive_lifecycle(pairing, milestones[pairing.pk])
            if apply_lifecycle(pairing, lifecycle):
                pairing.version += 1
                # The history says why: the milestones that gave the new status and tier.
                pairing._change_reason = because(reason, lifecycle)[:100]
                changed.append(pairing)
        if changed and record_history:
            bulk_update_with_history(
                changed,
                Pairing,
                [*DERIVED_FIELDS, "version"],
                default_user=user,
                default_change_reason=reason[:100],
            )
            record_links(Pairing, [p.pk for p in changed])
        elif changed:
            Pairing.objects.bulk_update(changed, [*DERIVED_FIELDS, "version"])
        if changed:
            invalidate_public_pages_on_commit()  # bulk updates send no signals
    return changed
