from django.db import migrations

from registry.roles import sync_roles


def update_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    """Administrators no longer change groups (the roles' permissions): registry/roles.py."""

    dependencies = [("registry", "0002_staff_roles")]

    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
