"""Staff roles as groups, each with exactly the permissions its name promises.

- viewer: reads everything in the registry's admin, changes nothing;
- editor: adds and changes records, cannot delete or import;
- importer: an editor who may also import spreadsheets;
- administrator: everything in the registry, plus staff accounts and groups.

A staff member also needs "staff status" to enter the admin. The groups are created (and kept in
step) by migrations calling `sync_roles`.
"""

REGISTRY_MODELS = ["jurisdiction", "pairing", "milestone", "exchangeactivity", "source", "officialcount"]
IMPORTABLE_MODELS = ["jurisdiction", "pairing", "exchangeactivity"]
ACCOUNT_MODELS = ["user", "group"]


def role_permissions():
    """{group name: set of (app_label, codename)}."""
    view = {("registry", f"view_{m}") for m in REGISTRY_MODELS}
    edit = view | {("registry", f"{a}_{m}") for a in ("add", "change") for m in REGISTRY_MODELS}
    imports = edit | {("registry", f"import_{m}") for m in IMPORTABLE_MODELS}
    everything = imports | {("registry", f"delete_{m}") for m in REGISTRY_MODELS}
    accounts = {("auth", f"{a}_{m}") for a in ("view", "add", "change", "delete") for m in ACCOUNT_MODELS}
    return {
        "viewer": view,
        "editor": edit,
        "importer": imports,
        "administrator": everything | accounts,
    }


def sync_roles(apps):
    """Create the role groups and set exactly their permissions (for migrations: takes `apps`)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # A migration before the one that creates a model cannot give its permissions yet: they are
    # left out there, and the model's own migration calls sync_roles again.
    existing = {model._meta.model_name for model in apps.get_app_config("registry").get_models()}
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in sorted(wanted)
            if app_label != "registry" or codename.split("_", 1)[1] in existing
        ]
        group.permissions.set(permissions)
