"""Atom feeds (django.contrib.syndication): the round anniversaries of this year and next, and the
newest or changed published pairs."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Max, Min
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .anniversaries import round_anniversaries
from .models import Pairing

FEED_SIZE = 50


def pair_name(pairing):
    return f"{pairing.side_a.local_name()} – {pairing.side_b.local_name()}"


class AnniversaryFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Round anniversaries of sister pairs")

    def subtitle(self):
        return _("Pairs that reach 5, 10, 15 … years this year or next.")

    def link(self):
        return reverse("registry:anniversaries")

    def items(self):
        year = datetime.date.today().year
        return round_anniversaries([year, year + 1])

    def item_title(self, item):
        date, years, pairing = item
        return _("%(pair)s: %(years)s years on %(date)s") % {
            "pair": pair_name(pairing),
            "years": years,
            "date": date,
        }

    def item_description(self, item):
        _date, _years, pairing = item
        return _("Established %(date)s.") % {"date": pairing.established}

    def item_link(self, item):
        return item[2].get_absolute_url()

    def item_guid(self, item):
        date, _years, pairing = item
        return f"{pairing.get_absolute_url()}#anniversary-{date.isoformat()}"

    item_guid_is_permalink = False


class PairChangesFeed(Feed):
    """Published pairs, the most recently added or changed first (from their change history)."""

    feed_type = Atom1Feed

    def title(self):
        return _("New and changed sister pairs")

    def subtitle(self):
        return _("Published pairs, the most recently added or changed first.")

    def link(self):
        return reverse("registry:pairing-list")

    def items(self):
        changes = (
            Pairing.history.filter(id__in=Pairing.objects.public().values("pk"))
            .values("id")
            .annotate(changed=Max("history_date"), created=Min("history_date"))
            .order_by("-changed", "id")[:FEED_SIZE]
        )
        changes = list(changes)
        pairings = Pairing.objects.public().for_listing().in_bulk([row["id"] for row in changes])
        return [(row["changed"], row["created"], pairings[row["id"]]) for row in changes]

    def item_title(self, item):
        return pair_name(item[2])

    def item_description(self, item):
        changed, created, _pairing = item
        if changed == created:
            return _("Added to the registry.")
        return _("Changed in the registry.")

    def item_link(self, item):
        return item[2].get_absolute_url()

    def item_guid(self, item):
        changed, _created, pairing = item
        return f"{pairing.get_absolute_url()}#changed-{changed.isoformat()}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item[0]

    def item_pubdate(self, item):
        return item[1]
