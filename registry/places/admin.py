"""Staff views of the gazetteer: the places reconcile_places could not settle, with their
candidates, and the entries themselves (read-only: reloaded, never edited)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import GazetteerEntry, PlaceMatch


class LikelyDuplicateFilter(admin.SimpleListFilter):
    """Places linked to the same gazetteer entry as another place: likely one place twice."""

    title = _("likely duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", _("same gazetteer entry as another place"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        shared = (
            PlaceMatch.objects.filter(entry__isnull=False)
            .values("entry")
            .annotate(places=Count("pk"))
            .filter(places__gt=1)
            .values("entry")
        )
        return queryset.filter(entry__in=shared)


@admin.register(PlaceMatch)
class PlaceMatchAdmin(admin.ModelAdmin):
    list_display = ["jurisdiction", "outcome", "entry", "candidate_list", "message"]
    list_filter = ["outcome", LikelyDuplicateFilter, "jurisdiction__country"]
    list_select_related = ["jurisdiction", "jurisdiction__parent", "entry"]
    search_fields = ["jurisdiction__name_en", "jurisdiction__name_zh"]
    readonly_fields = ["jurisdiction", "outcome", "entry", "message", "filled", "conflicts", "reconciled_at"]
    autocomplete_fields = ["candidates"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("candidates")

    @admin.display(description=_("candidates"))
    def candidate_list(self, match):
        return format_html_join(", ", "{}", ((str(entry),) for entry in match.candidates.all()))

    def has_add_permission(self, request):
        return False


@admin.register(GazetteerEntry)
class GazetteerEntryAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "country", "level", "admin1", "source", "code", "population"]
    list_filter = ["country", "level", "source"]
    search_fields = ["name_en", "name_zh", "code"]
    list_select_related = ["parent"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
