"""Helpers shared by the test modules (test modules import from here, never from each other)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client

from registry.roles import sync_roles


def registry_models():
    """Every table of the registry app: models, their history and their many-to-many links."""
    return list(apps.get_app_config("registry").get_models(include_auto_created=True))


def delete_registry_rows():
    """Empty every registry table (history and link tables included) in one transaction.

    Foreign keys are checked at commit (Django declares them deferrable), so the order of the
    deletes does not matter and no protected row needs a cascade collector: a few statements instead
    of one query per row and relation."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in registry_models():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


# The rows `load_demo` wrote, per model, taken the first time a test process loads the demo data.
_demo_rows = []


def load_demo_data():
    """Load exactly what `manage.py load_demo` loads. The first call in a test process runs the
    command and keeps a copy of every row it wrote (history included); later calls insert that copy
    in bulk, a few statements instead of the command's ~3,800 queries."""
    if not _demo_rows:
        # Rows already there (a gazetteer loaded by a module fixture first) are not the demo's.
        models = registry_models()
        present = {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}
        call_command("load_demo", verbosity=0)
        for model in models:
            rows = model._base_manager.order_by("pk")
            if present[model]:
                rows = rows.exclude(pk__in=present[model])
            _demo_rows.append((model, list(rows)))
        return
    with transaction.atomic():
        for model, rows in _demo_rows:
            model._base_manager.bulk_create(rows, batch_size=1000)
        # Rows were inserted with their primary keys: move the id sequences past them (PostgreSQL).
        statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in _demo_rows])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def change_form_data(client, url):
    """The change form as a browser would post it back, unchanged."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].initial
        data[name] = "" if value is None else getattr(value, "pk", value)
    # The history "revert" page has no inlines (its context is a ContextList: no .get()).
    inlines = context["inline_admin_formsets"] if "inline_admin_formsets" in context else []  # noqa: SIM401
    for formset in inlines:
        management = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.initial_forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if isinstance(value, list):
                    data[inline_form.add_prefix(name)] = [getattr(v, "pk", v) for v in value]
                elif value is not None:
                    data[inline_form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def role_client(role):
    """A client logged in as a new staff member with one role (a group of registry/roles.py)."""
    sync_roles(apps)  # a transactional test before this one may have emptied the groups
    user = get_user_model().objects.create_user(
        f"{role}-reverter", password="a-long-enough-password-42", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client
