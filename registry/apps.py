from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Tables no public page shows, so a write to them must not empty the page cache: the public's
# suggestions (and their history), which wait for staff, the task queue's bookkeeping, and the
# data state and summary, which are derived from the registry (a summary written must not make
# itself stale).
PRIVATE_MODELS = {
    "suggestion",
    "historicalsuggestion",
    "taskprogress",
    "workerheartbeat",
    "datastate",
    "summary",
    "paircategory",
    "pairplace",
}


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Sister-pairs registry")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import operations  # noqa: F401  (its receiver logs admin writes)
        from .admin_i18n import name_generated_models
        from .page_cache import invalidate_public_pages_on_commit

        name_generated_models()

        # Any write to the registry (its history tables included) makes cached public pages
        # stale, now and when it commits. Bulk writes, which send no signals, call
        # invalidate_public_pages_on_commit() themselves.
        for model in self.get_models():
            if model._meta.model_name in PRIVATE_MODELS:
                continue
            post_save.connect(
                invalidate_public_pages_on_commit, sender=model, dispatch_uid=f"page-cache-{model}"
            )
            post_delete.connect(
                invalidate_public_pages_on_commit, sender=model, dispatch_uid=f"page-cache-d-{model}"
            )
        m2m_changed.connect(invalidate_public_pages_on_commit, dispatch_uid="page-cache-m2m")
