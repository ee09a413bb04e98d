"""The import log in the admin: every confirmed import (who, when, file, counts), and a list
filter showing the records one import wrote."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import ImportRecord
from .resources import SHEETS


class ImportFilter(admin.SimpleListFilter):
    """Records an import created or changed: those with a history row carrying its number."""

    title = _("import")
    parameter_name = "import"

    def lookups(self, request, model_admin):
        latest = ImportRecord.objects.filter(kind=model_admin.sheet.kind)[:20]
        return [(str(record.pk), str(record)) for record in latest]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        record = ImportRecord.objects.filter(pk=self.value()).first() if self.value().isdigit() else None
        if record is None:
            return queryset.none()
        written = queryset.model.history.model.objects.filter(
            history_change_reason__startswith=record.reason_prefix
        ).values("id")
        return queryset.filter(pk__in=written)


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Read-only: the log is written by imports, never by hand."""

    list_display = [
        "imported_at",
        "kind",
        "filename",
        "user",
        "new",
        "updated",
        "unchanged",
        "new_places",
        "published",
        "records",
    ]
    list_filter = ["kind", "published"]
    list_select_related = ["user"]
    search_fields = ["filename", "user__username"]
    date_hierarchy = "imported_at"

    @admin.display(description=_("records"))
    def records(self, obj):
        changelist = reverse(f"admin:registry_{SHEETS[obj.kind].model()._meta.model_name}_changelist")
        return format_html('<a href="{}?import={}">{}</a>', changelist, obj.pk, _("show"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
