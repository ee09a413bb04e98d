"""Pagination that stays cheap at any size: the count stops at MAX_PAGES pages.

Counting every matching row and serving page 1000 both make the database read everything before
the page; a list of a million activities is searched or filtered, not paged through. So the count
reads at most one row past the cap (`capped` then says there are more), and pages past the cap
do not exist (404, like any page past the end).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

MAX_PAGES = 200


class CappedPaginator(Paginator):
    max_pages = MAX_PAGES
    capped = False

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        # rows: what a page shows of its slice of object_list (e.g. values for a table); the count
        # and the slice stay on object_list, which joins nothing it doesn't filter on.
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    @cached_property
    def count(self):
        limit = self.per_page * self.max_pages
        counted = self.object_list.order_by()[: limit + 1].count()
        self.capped = counted > limit
        return min(counted, limit)

    def page(self, number):
        page = super().page(number)
        if self.rows is not None:
            page.object_list = self.rows(page.object_list)
        return page
