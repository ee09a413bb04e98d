"""An Atom feed of new partner-seeking profiles (newest first)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import SeekingProfile

FEED_SIZE = 30


class NewProfilesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Places seeking a partner")
    subtitle = _("New partner-seeking profiles in the sister-pairs registry.")

    def link(self):
        return reverse("registry:seeking-list")

    def items(self):
        return SeekingProfile.objects.public().open().for_listing().order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return str(item.place)

    def item_description(self, item):
        return item.local_profile()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.modified_at
