from datetime import date, timedelta

import pytest

from timeline.dates import (
    PRECISION_HELP,
    DatePrecision,
    describe,
    period_end,
    period_start,
    sort_key,
)

P = DatePrecision


# precision -> [(any day in the period, its first day, its last day, words)]
PERIODS = {
    P.DAY: [
        ("2022-01-28", "2022-01-28", "2022-01-28", "28 January 2022"),
        ("2024-02-29", "2024-02-29", "2024-02-29", "29 February 2024"),
        ("2025-12-01", "2025-12-01", "2025-12-01", "1 December 2025"),
    ],
    P.MONTH: [
        ("2022-01-01", "2022-01-01", "2022-01-31", "January 2022"),
        ("2022-01-31", "2022-01-01", "2022-01-31", "January 2022"),
        ("2024-02-15", "2024-02-01", "2024-02-29", "February 2024"),
        ("2023-02-15", "2023-02-01", "2023-02-28", "February 2023"),
        ("1900-02-01", "1900-02-01", "1900-02-28", "February 1900"),
        ("2000-02-01", "2000-02-01", "2000-02-29", "February 2000"),
        ("2024-04-30", "2024-04-01", "2024-04-30", "April 2024"),
        ("2024-12-31", "2024-12-01", "2024-12-31", "December 2024"),
    ],
    P.QUARTER: [
        ("2024-01-01", "2024-01-01", "2024-03-31", "Q1 2024"),
        ("2024-03-31", "2024-01-01", "2024-03-31", "Q1 2024"),
        ("2024-04-01", "2024-04-01", "2024-06-30", "Q2 2024"),
        ("2024-08-15", "2024-07-01", "2024-09-30", "Q3 2024"),
        ("2024-12-31", "2024-10-01", "2024-12-31", "Q4 2024"),
    ],
    P.TWO_QUARTERS: [
        ("2024-01-01", "2024-01-01", "2024-06-30", "Q1–Q2 2024"),
        ("2024-05-31", "2024-04-01", "2024-09-30", "Q2–Q3 2024"),
        ("2024-08-01", "2024-07-01", "2024-12-31", "Q3–Q4 2024"),
        ("2024-10-01", "2024-10-01", "2025-03-31", "Q4 2024 – Q1 2025"),
        ("2024-12-31", "2024-10-01", "2025-03-31", "Q4 2024 – Q1 2025"),
        ("2023-11-05", "2023-10-01", "2024-03-31", "Q4 2023 – Q1 2024"),
        ("9999-07-01", "9999-07-01", "9999-12-31", "Q3–Q4 9999"),
    ],
    P.PART_OF_YEAR: [
        ("2024-01-01", "2024-01-01", "2024-04-30", "early 2024"),
        ("2024-04-30", "2024-01-01", "2024-04-30", "early 2024"),
        ("2024-05-01", "2024-05-01", "2024-08-31", "mid-2024"),
        ("2024-08-31", "2024-05-01", "2024-08-31", "mid-2024"),
        ("2024-09-01", "2024-09-01", "2024-12-31", "late 2024"),
        ("2024-12-31", "2024-09-01", "2024-12-31", "late 2024"),
    ],
    P.HALF: [
        ("2025-01-01", "2025-01-01", "2025-06-30", "first half of 2025"),
        ("2025-06-30", "2025-01-01", "2025-06-30", "first half of 2025"),
        ("2025-07-01", "2025-07-01", "2025-12-31", "second half of 2025"),
        ("2025-12-31", "2025-07-01", "2025-12-31", "second half of 2025"),
    ],
    P.YEAR: [
        ("2025-01-01", "2025-01-01", "2025-12-31", "2025"),
        ("2024-02-29", "2024-01-01", "2024-12-31", "2024"),
        ("2025-12-31", "2025-01-01", "2025-12-31", "2025"),
        ("9999-12-31", "9999-01-01", "9999-12-31", "9999"),
        ("0001-01-01", "0001-01-01", "0001-12-31", "1"),
    ],
}


@pytest.mark.parametrize(
    ("precision", "day", "start", "end", "words"),
    [
        pytest.param(precision, *case, id=f"{precision.value}-{case[0]}")
        for precision, cases in PERIODS.items()
        for case in cases
    ],
)
def test_each_precision_gives_the_period_containing_the_day(
    precision, day, start, end, words
):
    day = date.fromisoformat(day)

    assert period_start(day, precision) == date.fromisoformat(start)
    assert period_end(day, precision) == date.fromisoformat(end)
    assert describe(day, precision) == words


def test_every_precision_has_cases():
    assert set(PERIODS) == set(P)


@pytest.mark.parametrize("precision", list(P))
def test_plain_strings_work_as_well_as_choices(precision):
    day = date(2024, 8, 1)

    assert describe(day, str(precision.value)) == describe(day, precision)
    assert period_end(day, str(precision.value)) == period_end(day, precision)


@pytest.mark.parametrize("function", [period_start, period_end, describe, sort_key])
@pytest.mark.parametrize("precision", ["week", "", "DAY", None])
def test_an_unknown_precision_raises_value_error(function, precision):
    with pytest.raises(ValueError, match="Unknown date precision"):
        function(date(2024, 1, 1), precision)


@pytest.mark.parametrize("function", [period_end, describe, sort_key])
@pytest.mark.parametrize("day", [date(9999, 10, 1), date(9999, 12, 31)])
def test_two_quarters_from_q4_9999_raise_value_error_not_overflow(function, day):
    with pytest.raises(ValueError, match="after 31 December 9999"):
        function(day, P.TWO_QUARTERS)


@pytest.mark.parametrize("precision", [p for p in P if p != P.TWO_QUARTERS])
def test_periods_containing_31_december_9999_end_on_it(precision):
    assert period_end(date(9999, 12, 31), precision) == date(9999, 12, 31)


def test_timeline_order_is_start_then_shorter_period():
    events = [
        (date(2022, 1, 1), P.YEAR, "2022"),
        (date(2022, 1, 1), P.HALF, "first half of 2022"),
        (date(2022, 1, 28), P.DAY, "28 January 2022"),
        (date(2022, 1, 1), P.QUARTER, "Q1 2022"),
        (date(2022, 1, 1), P.MONTH, "January 2022"),
        (date(2022, 1, 1), P.DAY, "1 January 2022"),
        (date(2022, 2, 1), P.MONTH, "February 2022"),
        (date(2024, 9, 1), P.PART_OF_YEAR, "late 2024"),
        (date(2024, 7, 1), P.TWO_QUARTERS, "Q3–Q4 2024"),
        (date(2024, 7, 1), P.QUARTER, "Q3 2024"),
        (date(2024, 5, 1), P.PART_OF_YEAR, "mid-2024"),
        (date(2024, 6, 1), P.MONTH, "June 2024"),
        (date(2025, 1, 1), P.YEAR, "2025"),
        (date(2025, 7, 1), P.HALF, "second half of 2025"),
        (date(2024, 10, 1), P.TWO_QUARTERS, "Q4 2024 – Q1 2025"),
        (date(2024, 12, 31), P.DAY, "31 December 2024"),
    ]

    ordered = sorted(events, key=lambda e: sort_key(e[0], e[1]))

    assert [words for _, _, words in ordered] == [
        "1 January 2022",
        "January 2022",
        "Q1 2022",
        "first half of 2022",
        "2022",
        "28 January 2022",
        "February 2022",
        "mid-2024",
        "June 2024",
        "Q3 2024",
        "Q3–Q4 2024",
        "late 2024",
        "Q4 2024 – Q1 2025",
        "31 December 2024",
        "2025",
        "second half of 2025",
    ]
    assert all(describe(start, p) == words for start, p, words in events)


def test_sort_key_is_the_start_and_the_derived_end():
    assert sort_key(date(2024, 7, 1), P.TWO_QUARTERS) == (
        date(2024, 7, 1),
        date(2024, 12, 31),
    )


@pytest.mark.parametrize("precision", list(P))
def test_describe_is_the_same_for_every_day_of_the_period(precision):
    day = date(2024, 1, 1)
    while day.year == 2024:
        start = period_start(day, precision)
        assert describe(start, precision) == describe(day, precision)
        assert start <= day <= period_end(day, precision)
        assert period_end(start, precision) == period_end(day, precision)
        day += timedelta(days=1)


# Two-quarter periods overlap by design (Q1–Q2, Q2–Q3, …).
@pytest.mark.parametrize("precision", [p for p in P if p != P.TWO_QUARTERS])
def test_periods_tile_the_calendar_without_gaps_or_overlaps(precision):
    day = date(2023, 1, 1)
    while day.year < 2026:
        end = period_end(day, precision)
        next_start = end + timedelta(days=1)
        assert period_start(next_start, precision) == next_start
        day = next_start


def test_precision_help_explains_the_stored_first_day():
    assert "first day" in PRECISION_HELP
    assert describe(date(2024, 8, 1), P.TWO_QUARTERS) in PRECISION_HELP
