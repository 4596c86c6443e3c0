"""Dates with a precision: "28 January 2022", "Q3–Q4 2024", "late 2024", "2025".

An event stores ``date``, the FIRST day of its period, and ``precision``; the
period's last day is derived with :func:`period_end`. Every function here
accepts any day inside the period and works on the period containing it.

Periods are aligned to the calendar: months, quarters (Q1 = January–March),
two quarters (a quarter and the next one, possibly crossing into the next
year), thirds of a year (early = January–April, mid = May–August,
late = September–December), halves and years.

Ordering rule (the timeline orders events by it):

1. Earlier start first.
2. Same start: the shorter period (earlier end) first. So "January 2022"
   precedes "Q1 2022", which precedes "first half of 2022", which precedes
   "2022"; a day precedes its month only if it is the first of the month
   (a later day starts later, so it sorts after the month). A month sorts
   before a quarter that starts later, and "Q3 2024" (starts in July) sorts
   after "mid-2024" (starts in May).
3. That is all the date decides; callers break remaining ties (e.g. by title).

:func:`sort_key` returns ``(start, end)``, so a database ordering by
``date, date_end`` (``date_end`` being a stored copy of :func:`period_end`)
gives the same order as ``sorted(events, key=...)``.

Years are limited to 1–9999 like :class:`datetime.date`. A period that would
end after 31 December 9999 (only "Q4 9999 – Q1 10000" can) raises
``ValueError`` instead of ``OverflowError``; so does an unknown precision.
"""

import calendar
from datetime import date

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    TWO_QUARTERS = "two_quarters", "Two quarters (e.g. Q3–Q4)"
    PART_OF_YEAR = "part_of_year", "Early, mid or late in a year"
    HALF = "half", "Half-year"
    YEAR = "year", "Year"


PRECISION_HELP = (
    "Give any day inside the period; it is stored as the period's first day. "
    "E.g. precision 'Two quarters' with 2024-08-01 means Q3–Q4 2024."
)

# precision -> (alignment, length), both in months; DAY is handled apart.
_MONTHS = {
    DatePrecision.MONTH: (1, 1),
    DatePrecision.QUARTER: (3, 3),
    DatePrecision.TWO_QUARTERS: (3, 6),
    DatePrecision.PART_OF_YEAR: (4, 4),
    DatePrecision.HALF: (6, 6),
    DatePrecision.YEAR: (12, 12),
}

# Fixed English names: strftime("%B") would follow the process locale.
_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def _precision(precision: str) -> DatePrecision:
    try:
        return DatePrecision(precision)
    except ValueError:
        raise ValueError(f"Unknown date precision: {precision!r}") from None


def period_start(day: date, precision: str) -> date:
    """The first day of the period containing ``day``."""
    precision = _precision(precision)
    if precision == DatePrecision.DAY:
        return date(day.year, day.month, day.day)
    align, _ = _MONTHS[precision]
    return date(day.year, (day.month - 1) // align * align + 1, 1)


def period_end(day: date, precision: str) -> date:
    """The last day (inclusive) of the period containing ``day``.

    Raises ``ValueError`` if that day would fall after 31 December 9999.
    """
    precision = _precision(precision)
    start = period_start(day, precision)
    if precision == DatePrecision.DAY:
        return start
    _, length = _MONTHS[precision]
    last_month = start.month - 1 + length - 1  # zero-based, may exceed 11
    year, month = start.year + last_month // 12, last_month % 12 + 1
    if year > 9999:
        raise ValueError(
            f"A {precision.value!r} period starting {start} would end after"
            " 31 December 9999, the last representable date."
        )
    return date(year, month, calendar.monthrange(year, month)[1])


def describe(day: date, precision: str) -> str:
    """The period containing ``day`` in words, e.g. "Q3–Q4 2024"."""
    precision = _precision(precision)
    start, end = period_start(day, precision), period_end(day, precision)
    year = start.year
    match precision:
        case DatePrecision.DAY:
            return f"{start.day} {_MONTH_NAMES[start.month - 1]} {year}"
        case DatePrecision.MONTH:
            return f"{_MONTH_NAMES[start.month - 1]} {year}"
        case DatePrecision.QUARTER:
            return f"Q{_quarter(start)} {year}"
        case DatePrecision.TWO_QUARTERS:
            if end.year == year:
                return f"Q{_quarter(start)}–Q{_quarter(end)} {year}"
            return f"Q{_quarter(start)} {year} – Q{_quarter(end)} {end.year}"
        case DatePrecision.PART_OF_YEAR:
            return ("early ", "mid-", "late ")[(start.month - 1) // 4] + str(year)
        case DatePrecision.HALF:
            return ("first", "second")[(start.month - 1) // 6] + f" half of {year}"
        case DatePrecision.YEAR:
            return str(year)


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def sort_key(start: date, precision: str) -> tuple[date, date]:
    """``(start, end)``: earlier start first, then the shorter period first.

    ``start`` is the stored first day; it is used as given, not normalised.
    """
    return (start, period_end(start, precision))
