"""The admin action that merges duplicate places: staff select the copies of one place, choose
the one to keep and say why; registry/places/merging.py does the rest, all or nothing. Only
roles that may both change and delete places (administrators) are offered it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registry.models import Jurisdiction

from .merging import merge_places


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Place to keep"),
        queryset=Jurisdiction.objects.none(),
        widget=forms.RadioSelect,
        help_text=_("The others are merged into it and deleted; their addresses lead to it."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_("Why these are one place, e.g. the source that names its state. Kept in the history."),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = places
        self.fields["keep"].label_from_instance = lambda place: (
            _("%(place)s — %(slug)s, %(pairs)d pairs")
            % {"place": place, "slug": place.slug, "pairs": place.pair_count}
        )


class MergeAdminMixin:
    """Offers the merge to those who may both change and delete places. (An action's own
    `permissions=["change", "delete"]` would let either one do.)"""

    def has_merge_permission(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)


@admin.action(description=_("Merge selected duplicate places into one"), permissions=["merge"])
def merge_duplicates(modeladmin, request, queryset):
    places = queryset.select_related("parent", "parent__parent").annotate(
        pair_count=Count("pairings_as_a", distinct=True) + Count("pairings_as_b", distinct=True)
    )
    if len(places) < 2:
        modeladmin.message_user(
            request, _("Select the two or more copies of one place to merge."), messages.ERROR
        )
        return None
    form = MergeForm(request.POST if "merge" in request.POST else None, places=places)
    if form.is_valid():
        keep = form.cleaned_data["keep"]
        duplicates = [place for place in places if place.pk != keep.pk]
        try:
            with transaction.atomic():
                for duplicate in duplicates:
                    merge_places(
                        keep=keep, duplicate=duplicate, user=request.user, reason=form.cleaned_data["reason"]
                    )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            modeladmin.message_user(
                request,
                ngettext(
                    "Merged %(count)d place into %(keep)s; its address now leads there.",
                    "Merged %(count)d places into %(keep)s; their addresses now lead there.",
                    len(duplicates),
                )
                % {"count": len(duplicates), "keep": keep},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:registry_jurisdiction_change", args=[keep.pk]))
    return TemplateResponse(
        request,
        "admin/registry/merge_places.html",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": _("Merge duplicate places"),
            "form": form,
            "places": places,
        },
    )
