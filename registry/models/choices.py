"""The registry's vocabularies: the fixed lists of values its records choose from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("province level")
    CITY = "city", _("city level")
    COUNTY = "county", _("county level")


class Designation(models.TextChoices):
    """What a place is called in words; the level says where it sits."""

    PROVINCE = "province", _("Province")
    AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region")
    MUNICIPALITY = "municipality", _("Municipality")
    SAR = "sar", _("Special administrative region")
    STATE = "state", _("State")
    FEDERAL_DISTRICT = "federal_district", _("Federal district")
    TERRITORY = "territory", _("Territory")
    PREFECTURE_CITY = "prefecture_city", _("Prefecture-level city")
    CITY = "city", _("City")
    COUNTY_CITY = "county_city", _("County-level city")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    BOROUGH = "borough", _("Borough")
    ZONE = "zone", _("Special zone")
    OTHER = "other", _("Other")


# Province-level places that also take part in city pairs (Beijing, Shanghai, Tianjin, Chongqing,
# Washington, D.C.): they govern a city directly.
CITY_PAIR_PROVINCE_DESIGNATIONS = (Designation.MUNICIPALITY, Designation.FEDERAL_DISTRICT)


class PairingKind(models.TextChoices):
    PROVINCE_STATE = "province_state", _("province–state")
    CITY = "city", _("city")

    @classmethod
    def for_sides(cls, side_a, side_b):
        """The kind two places make: province–state when both are province level, except two
        municipalities/federal districts (Beijing–Washington, D.C.), which pair as cities."""
        if side_a.level != Level.PROVINCE or side_b.level != Level.PROVINCE:
            return cls.CITY
        if all(side.designation in CITY_PAIR_PROVINCE_DESIGNATIONS for side in (side_a, side_b)):
            return cls.CITY
        return cls.PROVINCE_STATE


class Tier(models.TextChoices):
    SISTER = "sister", _("sister")
    FRIENDSHIP = "friendship", _("friendship exchange")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")
    # No source confirms the current state: the registry never claims "active" without evidence.
    UNKNOWN = "unknown", _("unknown")


class Evidence(models.TextChoices):
    """How strongly the pair's existence is evidenced, by the best of its sources (the rule is in
    data/source/README.md)."""

    OFFICIAL = "official", _("Confirmed by an official source")
    NEWS = "news", _("Reported in the news")
    LIST = "list", _("Only on a list")


class MilestoneKind(models.TextChoices):
    INTENT_SIGNED = "intent_signed", _("letter of intent signed")
    APPROVED = "approved", _("approved")
    ESTABLISHED = "established", _("established")
    RENEWED = "renewed", _("renewed")
    # The partners, or a law, changed the tier (sister → friendship tie): the milestone's `tier`
    # is the new one.
    RECLASSIFIED = "reclassified", _("reclassified")
    SUSPENDED = "suspended", _("suspended")
    RESUMED = "resumed", _("resumed")
    ENDED = "ended", _("ended")


class DateBasis(models.TextChoices):
    """What a date refers to: what happened on it, as its source says."""

    SIGNED = "signed", _("agreement signed")
    COUNCIL_RESOLUTION = "council_resolution", _("council or legislature resolution")
    APPROVED = "approved", _("approved by a government body")
    CEREMONY = "ceremony", _("ceremony or announcement reported")
    # The source gives the date without saying what happened on it.
    REPORTED = "reported", _("date reported, event not stated")


class ActivityCategory(models.TextChoices):
    TRADE = "trade", _("trade")
    INVESTMENT = "investment", _("investment")
    AGRICULTURE = "agriculture", _("agriculture")
    TOURISM = "tourism", _("tourism")
    SPORTS = "sports", _("sports")
    CULTURE = "culture", _("culture and arts")
    EDUCATION = "education", _("education and youth")
    SCIENCE = "science", _("science and technology")
    SMART_CITY = "smart_city", _("smart city and urban construction")
    ENVIRONMENT = "environment", _("environment and climate")
    HEALTH = "health", _("health")
    GOVERNMENT = "government", _("government delegation")
    PEOPLE = "people", _("people-to-people")
    OTHER = "other", _("other")
