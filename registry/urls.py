from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pairs/", views.PairingListView.as_view(), name="pairing-list"),
    path("pairs/<slug:slug>/", views.PairingDetailView.as_view(), name="pairing-detail"),
    path("places/<slug:slug>/", views.JurisdictionDetailView.as_view(), name="jurisdiction-detail"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("map/", views.MapView.as_view(), name="map"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("open-data/", views.OpenDataView.as_view(), name="open-data"),
    path("open-data/sister-pairs.geojson", views.geojson_download, name="geojson"),
]
