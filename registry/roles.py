"""Staff roles as groups, each with exactly the permissions its name promises.

- viewer: reads everything in the registry's admin, changes nothing;
- editor: adds and changes records, cannot delete or import;
- importer: an editor who may also import spreadsheets;
- administrator: everything in the registry, plus staff accounts: adding staff and giving them a
  role, but not superuser status, permissions one by one, or changes to what a role may do
  (registry/admin_accounts.py). Groups are read-only to them; superusers manage administrators.

A staff member also needs "staff status" to enter the admin. The groups are created (and kept in
step) by migrations calling `sync_roles`.
"""

REGISTRY_MODELS = [
    "jurisdiction",
    "pairing",
    "milestone",
    "exchangeactivity",
    "source",
    "seekingprofile",
    "officialcount",
    "suggestion",
]
IMPORTABLE_MODELS = ["jurisdiction", "pairing", "exchangeactivity", "seekingprofile"]


def role_permissions():
    """{group name: set of (app_label, codename)}."""
    # The import log is read by every role; imports write it, nobody edits it.
    view = {("registry", f"view_{m}") for m in [*REGISTRY_MODELS, "importrecord"]}
    edit = view | {("registry", f"{a}_{m}") for a in ("add", "change") for m in REGISTRY_MODELS}
    imports = edit | {("registry", f"import_{m}") for m in IMPORTABLE_MODELS}
    everything = imports | {("registry", f"delete_{m}") for m in REGISTRY_MODELS}
    accounts = {("auth", f"{a}_user") for a in ("view", "add", "change", "delete")} | {("auth", "view_group")}
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
        # create_permissions skips an app whose models_module is unset, as it is in a migration's
        # app registry; the project's own registry (tests) must keep its value.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        # A model added by a later migration has no permissions yet at an earlier one: that
        # migration calls sync_roles again.
        permissions = [
            permission
            for app_label, codename in sorted(wanted)
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        ]
        group.permissions.set(permissions)
