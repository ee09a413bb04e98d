"""Where each fact comes from."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SourceManager(models.Manager):
    def get_by_natural_key(self, url):
        return self.get(url=url)


class Source(models.Model):
    """A public document a fact comes from: a web page, an article, an official list."""

    url = models.URLField(
        _("URL"),
        max_length=2000,
        unique=True,
        help_text=_("The address of the page actually read."),
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    publisher = models.CharField(
        _("publisher"), max_length=300, blank=True, help_text=_("Who published it, e.g. Xinhua.")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    accessed_on = models.DateField(
        _("accessed on"), null=True, blank=True, help_text=_("When the page was last read.")
    )

    objects = SourceManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["url"]

    def __str__(self):
        return self.title or self.url

    def natural_key(self):
        return (self.url,)
