"""The open data described for people (the data dictionary page) and for machines (a Frictionless
Data Package, datapackage.json): each download's columns, what they mean, the licence, and the
date of the data's last change as its version."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from .opendata_columns import NUMBER_COLUMNS as IDENTITY_NUMBER_COLUMNS
from .resources import DOWNLOADS

NUMBER_COLUMNS = {
    "latitude",
    "longitude",
    "geonames_id",
    "participants",
    "value_amount",
    *IDENTITY_NUMBER_COLUMNS,
}
LICENSE = {
    "name": "CC-BY-SA-4.0",
    "path": "https://creativecommons.org/licenses/by-sa/4.0/",
    "title": "Creative Commons Attribution Share-Alike 4.0",
}


def version_date():
    """The date of the last change to any place, pair or activity (from their change history)."""
    latest = [
        model.history.aggregate(latest=Max("history_date"))["latest"]
        for model in (sheet.model() for sheet in DOWNLOADS.values())
    ]
    latest = [moment for moment in latest if moment]
    return max(latest).date() if latest else timezone.now().date()


def resources():
    """(download name, [Column]) for each download, in the page's language."""
    return [(name, sheet.download_columns()) for name, sheet in DOWNLOADS.items()]


def datapackage(request):
    """The Data Package (https://specs.frictionlessdata.io/data-package/) of the CSV downloads."""
    version = version_date()
    with translation.override("en"):
        package_resources = [
            {
                "name": name,
                "path": request.build_absolute_uri(
                    reverse("registry:registry-download", kwargs={"what": name, "fmt": "csv"})
                ),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "description": sheet.description,
                "schema": {
                    "fields": [
                        {
                            "name": column.name,
                            "type": "number" if column.name in NUMBER_COLUMNS else "string",
                            "title": column.zh,
                            "description": str(column.meaning),
                            "constraints": {"required": column.required},
                        }
                        for column in sheet.download_columns()
                    ]
                },
            }
            for name, sheet in DOWNLOADS.items()
        ]
    return {
        "profile": "data-package",
        "name": "china-us-sister-pairs",
        "title": "China–US sister pairs registry",
        "description": "Published sister relationships between Chinese and US provinces, states and cities.",
        "homepage": request.build_absolute_uri(reverse("registry:open-data")),
        "version": version.isoformat(),
        "created": version.isoformat(),
        "licenses": [LICENSE],
        "resources": package_resources,
    }
