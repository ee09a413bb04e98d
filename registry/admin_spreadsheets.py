"""Spreadsheet import and export in the admin: template download, upload → preview → confirm
(all rows or none), and export, on the changelist of each sheet's model (registry.resources).
The views only handle the request: reading, checking and writing are the import service's.

The views are not django-import-export's ImportMixin's, which cannot serve two needs: its preview
page renders every row of the result at once (this one shows the counts, the errors and
one page of rows, whatever the file's size), and it imports in the request (here a large file is
checked and written by the worker). The rows are checked and written by the same engine: the import
service runs the sheet's Resource's import_data, at preview as a dry run and at confirm again on
the stored rows, in one transaction. Uploads wait in import-export's temporary storage
(IMPORT_EXPORT_TMP_STORAGE_CLASS) and permissions follow its permission settings.

A large file (REGISTRY_IMPORT_BACKGROUND_ROWS) and every XLSX is checked and written by a task on
the worker instead (registry.tasks.imports): upload and confirm then lead to the task's progress
page, which opens the preview, or the import, when the task is done.
"""

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exports import FORMATS
from .i18n import is_chinese
from .imports import limits, uploads
from .imports.errors import FileError
from .imports.plan import STATUS_LABELS
from .imports.service import import_sheet
from .tasks import imports as import_tasks
from .tasks.compat import TaskResultStatus

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


def template_workbook(resource):
    """The XLSX template: the header row on the first sheet, what each column means on the second."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append([column.name for column in resource.columns])
    notes = workbook.create_sheet(_("columns"))
    notes.append([_("column"), _("Chinese header"), _("required"), _("meaning")])
    for column in resource.columns:
        notes.append([column.name, column.zh, _("yes") if column.required else "", str(column.meaning)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class SpreadsheetAdminMixin:
    """Adds import, template and export pages to a ModelAdmin; set `resource_classes` (as
    django-import-export's admin mixins name it) to the sheet's Resource."""

    resource_classes: list = []
    change_list_template = "admin/registry/spreadsheet_change_list.html"

    @property
    def sheet(self):
        return self.resource_classes[0]

    def _name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name=self._name("import")),
            path("import/<str:token>/", wrap(self.preview_view), name=self._name("import_preview")),
            path("import/<str:token>/confirm/", wrap(self.confirm_view), name=self._name("import_confirm")),
            path("import/<str:token>/cancel/", wrap(self.cancel_view), name=self._name("import_cancel")),
            path("template.xlsx", wrap(self.template_view), name=self._name("import_template")),
            path("export/<str:fmt>/", wrap(self.export_view), name=self._name("export")),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return self._has_sheet_permission(request, settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE)

    def has_export_permission(self, request):
        return self._has_sheet_permission(request, settings.IMPORT_EXPORT_EXPORT_PERMISSION_CODE)

    def _has_sheet_permission(self, request, action):
        """django-import-export's permission settings: `registry.<action>_<model>`."""
        return request.user.has_perm(f"{self.opts.app_label}.{get_permission_codename(action, self.opts)}")

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
            "kind": self.sheet.kind,
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
                data = upload.read()
                background = import_tasks.runs_in_background(upload.name, data)
                if background and data[:4] == b"PK\x03\x04":
                    try:  # a zip bomb is refused at once, not by the worker
                        limits.check_zip(data)
                        limits.check_xlsx_rows(data)
                    except FileError as error:
                        messages.error(request, f"{upload.name}: {error}")
                        return redirect(f"admin:{self._name('import')}")
                token = uploads.save(
                    kind=self.sheet.kind,
                    filename=upload.name,
                    data=data,
                    create_places=form.cleaned_data["create_places"],
                    user_id=request.user.pk,
                )
                if background:
                    result = import_tasks.enqueue(
                        import_tasks.preview_import, user=request.user, token=token, kind=self.sheet.kind
                    )
                    return redirect(task_page(result.id))
                return redirect(f"admin:{self._name('import_preview')}", token=token)
        context = self._context(request, form=form, columns=self.sheet.columns)
        return TemplateResponse(request, "admin/registry/import_form.html", context)

    def _load(self, request, token):
        payload = uploads.load(token, kind=self.sheet.kind, user_id=request.user.pk)
        if payload is None:
            messages.error(
                request,
                _(
                    "The uploaded file is no longer available (uploads are kept for an hour). "
                    "Upload it again."
                ),
            )
        return payload

    def _plan(self, token, payload, *, dry_run=True, user=None, publish=False):
        """Check (or with `dry_run=False` write) the upload. The file is parsed once and its rows
        kept with the upload, so further preview pages and the confirm check every row again
        without parsing the file again."""
        table = payload.get("table")
        if table is None:
            table = self.sheet.read(payload["filename"], payload["data"])
            uploads.keep_table(token, payload, table)
        return import_sheet(
            sheet=self.sheet.kind,
            data=table,
            filename=payload["filename"],
            user=user,
            dry_run=dry_run,
            create_places=payload["create_places"],
            publish=publish,
        )

    def preview_view(self, request, token):
        self._check_import(request)
        payload = self._load(request, token)
        if payload is None:
            return redirect(f"admin:{self._name('import')}")
        task = import_tasks.preview_task(token)
        if task is not None:  # checked by a task: shown once it has finished
            if task.status != TaskResultStatus.SUCCESSFUL:
                return redirect(task_page(task.id))
            plan = uploads.load_extra(token, "preview")
            if plan is None or plan.task_id != str(task.id):
                return redirect(f"admin:{self._name('import')}")
        else:
            try:
                plan = self._plan(token, payload)
            except FileError as error:
                uploads.discard(token)
                messages.error(request, f"{payload['filename']}: {error}")
                return redirect(f"admin:{self._name('import')}")
        page = Paginator(plan.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        headers = self.sheet.headers()
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
            errors_hidden=max(0, getattr(plan, "error_count", len(errors)) - ERRORS_SHOWN),
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
        if import_tasks.preview_task(token) is not None:  # previewed by a task: written by one
            result = import_tasks.enqueue(
                import_tasks.confirm_import,
                user=request.user,
                token=token,
                kind=self.sheet.kind,
                publish=publish,
            )
            return redirect(task_page(result.id))
        try:
            # Checked again as it is written: the registry may have changed since the preview.
            plan = self._plan(token, payload, dry_run=False, user=request.user, publish=publish)
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
        record = plan.record
        counts = plan.counts()
        summary = _(
            "%(filename)s imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(skipped)s blank rows skipped, %(new_places)s places created."
        ) % {"filename": filename, **counts}
        if record is None:
            # Every row was unchanged: nothing was written, so there is no import to link to.
            messages.success(request, summary)
            return redirect(f"admin:{self._name('changelist')}")
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

    def cancel_view(self, request, token):
        """Cancel an upload before it is written: a preview still waiting for the worker is taken
        out of the queue, and the upload is dropped."""
        self._check_import(request)
        if request.method != "POST":
            return redirect(f"admin:{self._name('import_preview')}", token=token)
        payload = self._load(request, token)
        if payload is None:
            return redirect(f"admin:{self._name('import')}")
        import_tasks.cancel(token)
        messages.success(
            request,
            _("Import of %(filename)s cancelled: nothing was written.") % {"filename": payload["filename"]},
        )
        return redirect(f"admin:{self._name('changelist')}")

    def may_publish(self, request):
        """Publishing on confirm needs what the publish action needs: the right to change records."""
        return self.sheet.publishable and self.has_change_permission(request)

    def template_view(self, request):
        self._check_import(request)
        response = HttpResponse(template_workbook(self.sheet), content_type=FORMATS["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="{self.sheet.kind}-template.xlsx"'
        return response

    def export_view(self, request, fmt):
        if not self.has_export_permission(request) or fmt not in FORMATS:
            raise PermissionDenied
        # The changelist's own filters and search (passed on in the query string) choose the rows.
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            # Said, not only redirected: otherwise the export silently turns into the changelist.
            messages.error(request, _("The filters in the address are not valid; nothing was exported."))
            return redirect(f"admin:{self._name('changelist')}")
        body, content_type, filename = self.sheet.export_file(queryset, fmt, chinese=is_chinese())
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def task_page(task_id):
    """The progress page of a task (registry.tasks.admin)."""
    return reverse("admin:django_tasks_database_dbtaskresult_change", args=[task_id])
