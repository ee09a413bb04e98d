"""The open data described for people (the data dictionary page) and for machines (a Frictionless
Data Package, datapackage.json): each download's columns, what they mean, the licence, and the
date of the data's last change as its version."""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from .imports.columns import TEMPLATES
from .models import ExchangeActivity, Jurisdiction, Pairing
from .opendata_columns import NUMBER_COLUMNS as IDENTITY_NUMBER_COLUMNS
from .opendata_columns import OPEN_DATA_COLUMNS

RESOURCES = [
    ("pairings", "pairings", "Published sister pairs, one row per pair."),
    ("places", "jurisdictions", "Places that are a side of a published pair or contain one."),
    ("activities", "activities", "Published exchange activities, one row per activity and pair."),
]
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
        for model in (Pairing, Jurisdiction, ExchangeActivity)
    ]
    latest = [moment for moment in latest if moment]
    return max(latest).date() if latest else timezone.now().date()


def columns(kind):
    """A download's columns: the import template's, then its ids, names, positions and codes."""
    template = [column.name for column in TEMPLATES[kind]]
    return [*TEMPLATES[kind], *(column for column in OPEN_DATA_COLUMNS[kind] if column.name not in template)]


def resources():
    """(download name, [Column]) for each download, in the page's language."""
    return [(name, columns(kind)) for name, kind, _description in RESOURCES]


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
                "description": description,
                "schema": {
                    "fields": [
                        {
                            "name": column.name,
                            "type": "number" if column.name in NUMBER_COLUMNS else "string",
                            "title": column.zh,
                            "description": str(column.meaning),
                            "constraints": {"required": column.required},
                        }
                        for column in columns(kind)
                    ]
                },
            }
            for name, kind, description in RESOURCES
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
