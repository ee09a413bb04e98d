"""Public, read-only pages. Only published records are ever shown."""

from django.db.models import Count, Q
from django.views.generic import DetailView, TemplateView

from .models import ExchangeActivity, Jurisdiction, Pairing, PairingKind


class HomeView(TemplateView):
    template_name = "registry/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = Pairing.objects.public().aggregate(
            total=Count("pk"),
            province_state=Count("pk", filter=Q(kind=PairingKind.PROVINCE_STATE)),
            city=Count("pk", filter=Q(kind=PairingKind.CITY)),
        )
        context["first_pairs"] = (
            Pairing.objects.public()
            .for_listing()
            .filter(established_on__isnull=False)
            .order_by("established_on", "slug")[:5]
        )
        return context


class PairingDetailView(DetailView):
    context_object_name = "pairing"

    def get_queryset(self):
        return Pairing.objects.public().for_listing().prefetch_related("sources")


class JurisdictionDetailView(DetailView):
    context_object_name = "place"

    def get_queryset(self):
        return Jurisdiction.objects.with_parents()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pairings"] = Pairing.objects.public().for_listing().involving(self.object).order_by("slug")
        return context


class ActivityDetailView(DetailView):
    context_object_name = "activity"

    def get_queryset(self):
        return ExchangeActivity.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pairings"] = self.object.pairings.public().for_listing()
        return context
