from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pairs/<slug:slug>/", views.PairingDetailView.as_view(), name="pairing-detail"),
    path("places/<slug:slug>/", views.JurisdictionDetailView.as_view(), name="jurisdiction-detail"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
]
