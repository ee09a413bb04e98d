"""Round anniversaries of pairs: every five years after the establishment date ("45 years on
31 October 2024"), at the precision the date is known; Chinese practice celebrates every tenth."""

import datetime

from .models import Pairing, Status
from .partial_dates import PartialDate, Precision

ROUND = 5


def _anniversary(established: PartialDate, years: int) -> PartialDate:
    value = established.value
    try:
        day = value.replace(year=value.year + years)
    except ValueError:  # 29 February in a year without one: celebrated on the 28th
        day = value.replace(year=value.year + years, day=28)
    return PartialDate(day, established.precision)


def _not_before(anniversary: PartialDate, today: datetime.date) -> bool:
    """Whether the anniversary is today or later, compared at its own precision (an anniversary
    known only to its year is still to come all through that year)."""
    value = anniversary.value
    if anniversary.precision == Precision.YEAR:
        return value.year >= today.year
    if anniversary.precision == Precision.MONTH:
        return (value.year, value.month) >= (today.year, today.month)
    return value >= today


def next_round_anniversary(established: PartialDate | None, today: datetime.date):
    """(years, date) of the next round anniversary from `today` on, or None without a date."""
    if established is None:
        return None
    years = max(ROUND, (today.year - established.year) // ROUND * ROUND)
    while not _not_before(_anniversary(established, years), today):
        years += ROUND
    return years, _anniversary(established, years)


def round_anniversaries(years, queryset=None):
    """Published pairs, not ended, with a round anniversary in one of `years`, as
    (anniversary date, years, pairing), soonest first."""
    queryset = queryset if queryset is not None else Pairing.objects.public().for_listing()
    established_years = [
        year for year in range(1800, max(years)) if any((y - year) % ROUND == 0 for y in years)
    ]
    rows = []
    for pairing in queryset.filter(established_on__year__in=established_years, ended_on__isnull=True).exclude(
        status=Status.ENDED
    ):
        established = pairing.established
        for year in years:
            count = year - established.year
            if count > 0 and count % ROUND == 0:
                rows.append((_anniversary(established, count), count, pairing))
    rows.sort(key=lambda row: (row[0].value, row[2].slug))
    return rows
