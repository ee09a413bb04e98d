"""History rows written in bulk keep the many-to-many links too.

django-simple-history records a record's links (a pairing's sources, an activity's pairings) in
tables of their own beside each history row, but only on a single save: its bulk writers
(`bulk_create_with_history`, `bulk_update_with_history`, `populate_history`) leave them empty. The
next edit in the admin then shows a change that never happened ("Sources: [] → […]"). Every
write path that uses them calls `record_links` afterwards.
"""

from django.db.models import Max


def record_links(model, pks):
    """Copy the current links of the records `pks` of `model` into their latest history rows."""
    historical = model.history.model
    fields = getattr(historical, "_history_m2m_fields", [])
    pks = list(pks)
    if not fields or not pks:
        return
    latest = model.history.filter(id__in=pks).values("id").annotate(latest=Max("history_id"))
    history_of = {row["id"]: row["latest"] for row in latest}
    for field in fields:
        link_history = _link_history_model(historical, field)
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = field.remote_field.through.objects.filter(**{f"{own}_id__in": history_of})
        link_history.objects.filter(history_id__in=history_of.values()).delete()  # written once
        link_history.objects.bulk_create(
            [
                link_history(id=pk, history_id=history_of[mine], **{f"{own}_id": mine, f"{other}_id": theirs})
                for pk, mine, theirs in links.values_list("pk", f"{own}_id", f"{other}_id")
            ],
            batch_size=1000,
        )


def _link_history_model(historical, field):
    """The table django-simple-history keeps `field`'s links in (e.g. HistoricalPairing_sources)."""
    name = f"{historical.__name__}_{field.name}"
    return next(
        rel.related_model for rel in historical._meta.related_objects if rel.related_model.__name__ == name
    )
