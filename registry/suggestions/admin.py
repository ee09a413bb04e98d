"""The staff review queue of the public's suggestions.

Viewers read it; editors review: "Create the pair" makes an unpublished pair of the two places
the editor picked (citing the suggestion's source) and opens it; "Open the pair to correct" opens
the pair a correction is about; "Reject" closes the suggestion. Each marks the suggestion
accepted or rejected, with who reviewed it (and its history)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Pairing, PairingKind, Suggestion, SuggestionKind, SuggestionStatus
from ..services import attach_sources, unique_pairing_slug

CREATE_PAIR = "_create_pair"
OPEN_PAIR = "_open_pair"
REJECT = "_reject"


def pair_of(side_a, side_b):
    """The unsaved, unpublished pair of two places; its kind follows from their levels."""
    return Pairing(
        side_a=side_a,
        side_b=side_b,
        kind=PairingKind.for_sides(side_a, side_b),
        slug=unique_pairing_slug(side_a, side_b),
        is_published=False,
    )


class SuggestionReviewForm(forms.ModelForm):
    request = None  # set per request by SuggestionAdmin.get_form

    class Meta:
        model = Suggestion
        fields = ["status", "side_a", "side_b", "review_note"]

    def clean(self):
        data = super().clean()
        if not self.data.keys() & {CREATE_PAIR, OPEN_PAIR, REJECT}:
            return data
        if self.instance.status != SuggestionStatus.NEW:
            raise ValidationError(_("This suggestion has already been reviewed."))
        if CREATE_PAIR in self.data:
            self.pair = self._new_pair(data)
        if OPEN_PAIR in self.data and not self.instance.pairing_id:
            raise ValidationError(
                _("This suggestion names no pair of the registry: create the pair instead.")
            )
        return data

    def _new_pair(self, data):
        if not self.request.user.has_perm("registry.add_pairing"):
            raise ValidationError(_("You may not add pairings."))
        if not (data.get("side_a") and data.get("side_b")):
            raise ValidationError(
                _("Pick both places in the registry (side A and side B) to create the pair.")
            )
        pair = pair_of(data["side_a"], data["side_b"])
        try:
            pair.full_clean()
        except ValidationError as error:
            raise ValidationError(
                [message for messages_ in error.message_dict.values() for message in messages_]
            ) from None
        return pair


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    form = SuggestionReviewForm
    change_form_template = "admin/registry/suggestion/change_form.html"
    list_display = ["__str__", "kind", "status", "received_at", "source_link"]
    list_filter = ["status", "kind"]
    list_select_related = ["pairing__side_a", "pairing__side_b"]  # each row names its pair
    search_fields = ["place_a", "place_b", "message", "source_url"]
    autocomplete_fields = ["side_a", "side_b"]
    readonly_fields = [
        "kind",
        "place_a",
        "place_b",
        "pairing",
        "message",
        "source_link",
        "contact_email",
        "language",
        "received_at",
        "reviewed_by",
    ]
    fieldsets = [
        (
            _("Sent by the public"),
            {
                "fields": [
                    "kind",
                    "place_a",
                    "place_b",
                    "pairing",
                    "message",
                    "source_link",
                    "contact_email",
                    "language",
                    "received_at",
                ]
            },
        ),
        (_("Review"), {"fields": ["status", "side_a", "side_b", "review_note", "reviewed_by"]}),
    ]

    def has_add_permission(self, request):
        return False  # suggestions come from the public form only

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request  # a new form class per request (modelform_factory)
        return form

    @admin.display(description=_("source"))
    def source_link(self, obj):
        # rel=noreferrer: the visitor's page must not learn the admin's address.
        return format_html(
            '<a href="{}" rel="noreferrer noopener" target="_blank">{}</a>', obj.source_url, obj.source_url
        )

    def save_model(self, request, obj, form, change):
        if CREATE_PAIR in request.POST:
            pair = form.pair
            pair._history_user = request.user
            pair.save()
            attach_sources(pair, [obj.source_url], user=request.user)
            obj.pairing = pair
            obj.status = SuggestionStatus.ACCEPTED
        elif OPEN_PAIR in request.POST:
            obj.status = SuggestionStatus.ACCEPTED
        elif REJECT in request.POST:
            obj.status = SuggestionStatus.REJECTED
        reviewed = obj.status != SuggestionStatus.NEW and obj.reviewed_by_id is None
        if reviewed or "status" in form.changed_data:
            obj.reviewed_by = request.user
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if CREATE_PAIR in request.POST or OPEN_PAIR in request.POST:
            if CREATE_PAIR in request.POST:
                text = gettext(
                    "The pair %(pair)s was created from the suggestion, unpublished, citing its "
                    "source: check it, add its date and publish it."
                )
            else:
                text = gettext(
                    "Correct the pair %(pair)s as the suggestion says: “%(message)s” (source: %(source)s)."
                )
            self.message_user(
                request,
                text % {"pair": obj.pairing, "message": obj.message, "source": obj.source_url},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:registry_pairing_change", args=[obj.pairing_id]))
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            may_review=obj is not None
            and obj.status == SuggestionStatus.NEW
            and self.has_change_permission(request, obj),
            is_correction=obj is not None and obj.kind == SuggestionKind.CORRECTION and obj.pairing_id,
            create_pair=CREATE_PAIR,
            open_pair=OPEN_PAIR,
            reject=REJECT,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)
