"""Spreadsheet import and export in the admin: template download, upload → preview → confirm
(all rows or none), and export, on the changelist of jurisdictions, pairings and activities.

Built on registry.imports rather than django-import-export's ImportMixin: its confirm step writes
row by row and commits the valid rows of a file with errors, and its preview page lists every row.
Here the preview is bounded (summary, errors, one page of rows) and confirm re-plans the stored
file and writes it in one transaction.
"""

import io

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from .exports import FORMATS, export_rows
from .imports import limits, uploads
from .imports.columns import TEMPLATES
from .imports.errors import FileError
from .imports.locking import lock_imports
from .imports.plan import STATUS_LABELS, apply
from .imports.reading import read_table
from .imports.run import plan_table
from .models import ImportRecord

ROWS_PER_PAGE = 100
ERRORS_SHOWN = 500


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV, tab-separated text or XLSX, in the template's columns."),
    )
    create_places = forms.BooleanField(
        label=gettext_lazy("Create missing places"),
        required=False,
        help_text=gettext_lazy(
            "Create unknown cities under a known province/state instead of reporting them."
        ),
    )


def template_workbook(kind):
    """The XLSX template: the header row on the first sheet, what each column means on the second."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append([column.name for column in TEMPLATES[kind]])
    notes = workbook.create_sheet(_("columns"))
    notes.append([_("column"), _("Chinese header"), _("required"), _("meaning")])
    for column in TEMPLATES[kind]:
        notes.append([column.name, column.zh, _("yes") if column.required else "", str(column.meaning)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def column_headers(kind):
    """Template column → its header in the page's language (结好日期 in the Chinese admin)."""
    chinese = (get_language() or "").startswith("zh")
    return {column.name: column.zh if chinese else column.name for column in TEMPLATES[kind]}


def record_import(plan, *, user, filename, publish=False):
    """Write a checked plan as one recorded import: the ImportRecord (who, when, file, counts)
    first, so that every history row the import writes names it; with `publish`, the new records
    are published at once."""
    counts = plan.counts()
    record = ImportRecord.objects.create(
        kind=plan.kind,
        filename=filename,
        user=user,
        published=publish,
        **{name: counts[name] for name in ("new", "updated", "unchanged", "skipped", "new_places")},
    )
    apply(plan, user=user, reason=record.change_reason)
    if publish and plan.creates:
        created = [obj for obj in plan.creates if hasattr(obj, "is_published")]
        for obj in created:
            obj.is_published = True
        bulk_update_with_history(
            created,
            plan.model,
            ["is_published"],
            default_user=user,
            default_change_reason=record.change_reason,
        )
    return record


class SpreadsheetAdminMixin:
    """Adds import, template and export pages to a ModelAdmin; set `spreadsheet_kind`."""

    spreadsheet_kind = None
    change_list_template = "admin/registry/spreadsheet_change_list.html"

    def _name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=self._name("import")),
            path("import/<str:token>/", wrap(self.preview_view), name=self._name("import_preview")),
            path("import/<str:token>/confirm/", wrap(self.confirm_view), name=self._name("import_confirm")),
            path("template.xlsx", wrap(self.template_view), name=self._name("import_template")),
            path("export/<str:fmt>/", wrap(self.export_view), name=self._name("export")),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.import_{self.opts.model_name}")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "export_formats": list(FORMATS),
        }
        return super().changelist_view(request, extra_context)

    def _context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "kind": self.spreadsheet_kind,
            "title": _("Import %(records)s") % {"records": self.opts.verbose_name_plural},
            **context,
        }

    def _check_import(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied

    def import_view(self, request):
        self._check_import(request)
        # Bound on every POST, even an empty one: `request.POST or None` left a POST without a file
        # unbound, so it showed the blank form again with no message.
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if form.is_bound and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                limits.check_size(upload.size)
            except FileError as error:
                form.add_error("file", str(error))
            else:
                token = uploads.save(
                    kind=self.spreadsheet_kind,
                    filename=upload.name,
                    data=upload.read(),
                    create_places=form.cleaned_data["create_places"],
                    user_id=request.user.pk,
                )
                return redirect(f"admin:{self._name('import_preview')}", token=token)
        context = self._context(request, form=form, columns=TEMPLATES[self.spreadsheet_kind])
        return TemplateResponse(request, "admin/registry/import_form.html", context)

    def _load(self, request, token):
        payload = uploads.load(token, kind=self.spreadsheet_kind, user_id=request.user.pk)
        if payload is None:
            messages.error(
                request,
                _(
                    "The uploaded file is no longer available (uploads are kept for an hour). "
                    "Upload it again."
                ),
            )
        return payload

    def _plan(self, token, payload):
        """Plan the upload. The file is parsed once and its rows kept with the upload, so further
        preview pages and the confirm check every row again without parsing the file again."""
        table = payload.get("table")
        if table is None:
            table = read_table(payload["filename"], payload["data"], TEMPLATES[self.spreadsheet_kind])
            uploads.keep_table(token, payload, table)
        return plan_table(
            self.spreadsheet_kind, table, filename=payload["filename"], create_places=payload["create_places"]
        )

    def preview_view(self, request, token):
        self._check_import(request)
        payload = self._load(request, token)
        if payload is None:
            return redirect(f"admin:{self._name('import')}")
        try:
            plan = self._plan(token, payload)
        except FileError as error:
            uploads.discard(token)
            messages.error(request, f"{payload['filename']}: {error}")
            return redirect(f"admin:{self._name('import')}")
        page = Paginator(plan.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        headers = column_headers(self.spreadsheet_kind)
        for row in page:
            row.changed_labels = [headers.get(name, name) for name in row.changed]
            described = {change.column for change in row.changes}
            row.change_lines = [
                (headers.get(change.column, change.column), change.old, change.new, change.less_precise)
                for change in row.changes
            ]
            # Columns without an old → new (sources added): named only.
            row.other_changes = [headers.get(name, name) for name in row.changed if name not in described]
        errors = plan.errors
        context = self._context(
            request,
            plan=plan,
            counts=plan.counts(),
            page=page,
            errors=errors[:ERRORS_SHOWN],
            errors_hidden=max(0, len(errors) - ERRORS_SHOWN),
            status_labels=STATUS_LABELS,
            token=token,
            filename=payload["filename"],
            create_places=payload["create_places"],
            may_publish=self.may_publish(request),
        )
        return TemplateResponse(request, "admin/registry/import_preview.html", context)

    def confirm_view(self, request, token):
        self._check_import(request)
        if request.method != "POST":
            return redirect(f"admin:{self._name('import_preview')}", token=token)
        payload = self._load(request, token)
        if payload is None:
            return redirect(f"admin:{self._name('import')}")
        filename = payload["filename"]
        publish = bool(request.POST.get("publish")) and self.may_publish(request)
        try:
            with transaction.atomic():
                # Planned again inside the transaction: the registry may have changed since the preview.
                lock_imports()
                plan = self._plan(token, payload)
                if not plan.has_errors:
                    record = record_import(plan, user=request.user, filename=filename, publish=publish)
        except FileError as error:
            messages.error(request, f"{filename}: {error}")
            return redirect(f"admin:{self._name('import')}")
        except IntegrityError:
            messages.error(
                request, _("The registry changed while importing; nothing was written. Preview again.")
            )
            return redirect(f"admin:{self._name('import_preview')}", token=token)
        if plan.has_errors:
            messages.error(
                request, _("The file has errors; nothing was written. Correct them and upload it again.")
            )
            return redirect(f"admin:{self._name('import_preview')}", token=token)
        uploads.discard(token)
        counts = plan.counts()
        summary = _(
            "%(filename)s imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(skipped)s blank rows skipped, %(new_places)s places created."
        ) % {"filename": filename, **counts}
        records_url = reverse(f"admin:{self._name('changelist')}") + f"?import={record.pk}"
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a> · <a href="{}">{}</a>',
                summary,
                records_url,
                _("Show its records"),
                reverse("admin:registry_importrecord_change", args=[record.pk]),
                _("Import #%(number)s") % {"number": record.pk},
            ),
        )
        return redirect(f"admin:{self._name('changelist')}")

    def may_publish(self, request):
        """Publishing on confirm needs what the publish action needs: the right to change records."""
        return self.spreadsheet_kind != "jurisdictions" and self.has_change_permission(request)

    def template_view(self, request):
        self._check_import(request)
        response = HttpResponse(template_workbook(self.spreadsheet_kind), content_type=FORMATS["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{self.spreadsheet_kind}-template.xlsx"'
        return response

    def export_view(self, request, fmt):
        if not self.has_view_permission(request) or fmt not in FORMATS:
            raise PermissionDenied
        # The changelist's own filters and search (passed on in the query string) choose the rows.
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            # Said, not only redirected: otherwise the export silently turns into the changelist.
            messages.error(request, _("The filters in the address are not valid; nothing was exported."))
            return redirect(f"admin:{self._name('changelist')}")
        chinese = (get_language() or "").startswith("zh")
        body, content_type, filename = export_rows(self.spreadsheet_kind, queryset, fmt, chinese=chinese)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
