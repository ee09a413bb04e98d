from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from . import feeds, finder, map_views, views
from .seeking import feeds as seeking_feeds
from .seeking import views as seeking_views
from .suggestions import views as suggestion_views


class ExportFormatConverter:
    """csv, xlsx or json: any other extension is not a URL of the site (404)."""

    regex = "csv|xlsx|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExportFormatConverter, "fmt")

app_name = "registry"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("find/", finder.PlaceFinderView.as_view(), name="place-finder"),
    path("find/places.json", finder.place_suggestions, name="place-suggestions-json"),
    path("pairs/", views.PairingListView.as_view(), name="pairing-list"),
    path("pairs/download.<fmt:fmt>", views.pairing_list_download, name="pairing-list-download"),
    path("pairs/<slug:slug>/", views.PairingDetailView.as_view(), name="pairing-detail"),
    path("places/regions.json", views.region_suggestions, name="region-suggestions"),
    path("places/<slug:slug>/", views.JurisdictionDetailView.as_view(), name="jurisdiction-detail"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/flows.json", map_views.flows_json, name="map-flows"),
    path("map/arcs/<int:zoom>/<int:x>/<int:y>.json", map_views.tile_json, name="map-tile"),
    path("map/places.json", map_views.finder_json, name="map-finder"),
    path("anniversaries/", views.AnniversariesView.as_view(), name="anniversaries"),
    # Feed views answer any method: read-only like every public URL.
    path("anniversaries/feed.atom", require_safe(feeds.AnniversaryFeed()), name="anniversary-feed"),
    path("pairs/changes.atom", require_safe(feeds.PairChangesFeed()), name="pair-changes-feed"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("open-data/", views.OpenDataView.as_view(), name="open-data"),
    path("open-data/sister-pairs.geojson", views.geojson_download, name="geojson"),
    path("open-data/datapackage.json", views.datapackage_json, name="datapackage"),
    path("open-data/data-dictionary/", views.DataDictionaryView.as_view(), name="data-dictionary"),
    path("open-data/<slug:what>.<fmt:fmt>", views.registry_download, name="registry-download"),
    # The one public form: suggestions go to the staff's review queue (registry/suggestions/).
    path("suggest/", suggestion_views.suggest, name="suggest"),
    # Partner seeking (registry/seeking/).
    path("seeking/", seeking_views.SeekingListView.as_view(), name="seeking-list"),
    # Read-only like every public URL: a Feed answers any method by itself.
    path("seeking/feed/", require_safe(seeking_feeds.NewProfilesFeed()), name="seeking-feed"),
    path("seeking/<int:pk>/", seeking_views.SeekingDetailView.as_view(), name="seeking-detail"),
    path(
        "places/<slug:slug>/partners/",
        seeking_views.PlaceSuggestionsView.as_view(),
        name="place-suggestions",
    ),
]
