"""The registry's nouns: places, the pairs they form, the history of each pair, what partners do
together, and where each fact comes from. README.md, "The model", describes each of them.

One module per noun; everything is importable from `registry.models`."""

from .activities import ExchangeActivity, ExchangeActivityQuerySet
from .base import BilingualNameMixin, Versioned, choices_constraint
from .choices import (
    CITY_PAIR_PROVINCE_DESIGNATIONS,
    ActivityCategory,
    DateBasis,
    Designation,
    Evidence,
    Level,
    MilestoneKind,
    PairingKind,
    Status,
    Tier,
)
from .data_state import DataState, PairCategory, PairPlace, Summary
from .imports import ImportKind, ImportRecord
from .official_counts import CountScope, OfficialCount
from .pairings import TABLE_FIELDS, Milestone, Pairing, PairingManager, PairingQuerySet
from .places import Jurisdiction, JurisdictionManager, JurisdictionQuerySet
from .retired_slugs import RetiredSlug
from .sources import Source, SourceManager
from .suggestions import Suggestion, SuggestionKind, SuggestionStatus

# isort: split
# Partner seeking (registry/seeking/), the gazetteer (registry/places/) and the task queue's own
# records (registry/tasks/) keep their models beside the rest of their code; they belong to this
# app and its migrations, and import the nouns above.
from ..places.models import GazetteerEntry, GazetteerSource, MatchOutcome, PlaceKey, PlaceMatch
from ..seeking.models import SeekingProfile, SeekingStatus
from ..tasks.models import TaskProgress, WorkerHeartbeat

__all__ = [
    "CITY_PAIR_PROVINCE_DESIGNATIONS",
    "TABLE_FIELDS",
    "ActivityCategory",
    "BilingualNameMixin",
    "CountScope",
    "DataState",
    "DateBasis",
    "Designation",
    "Evidence",
    "ExchangeActivity",
    "ExchangeActivityQuerySet",
    "GazetteerEntry",
    "GazetteerSource",
    "ImportKind",
    "ImportRecord",
    "Jurisdiction",
    "JurisdictionManager",
    "JurisdictionQuerySet",
    "Level",
    "MatchOutcome",
    "Milestone",
    "MilestoneKind",
    "OfficialCount",
    "PairCategory",
    "PairPlace",
    "Pairing",
    "PairingKind",
    "PairingManager",
    "PairingQuerySet",
    "PlaceKey",
    "PlaceMatch",
    "RetiredSlug",
    "SeekingProfile",
    "SeekingStatus",
    "Source",
    "SourceManager",
    "Status",
    "Suggestion",
    "SuggestionKind",
    "SuggestionStatus",
    "Summary",
    "TaskProgress",
    "Tier",
    "Versioned",
    "WorkerHeartbeat",
    "choices_constraint",
]
