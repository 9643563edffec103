"""Measurement checks: range ends, marginal band, equals, regex, one-of, wrong types."""

from __future__ import annotations

import math

import pytest

from station.testkit import Check, equals, in_range, matches, one_of


@pytest.mark.parametrize(
    ("check", "value", "passed"),
    [
        (in_range(1.0, 2.0), 1.0, True),
        (in_range(1.0, 2.0), 2.0, True),
        (in_range(1.0, 2.0), 0.999, False),
        (in_range(1.0, 2.0), 2.001, False),
        (in_range(1.0, 2.0, low_inclusive=False), 1.0, False),
        (in_range(1.0, 2.0, high_inclusive=False), 2.0, False),
        (in_range(1.0, 2.0, low_inclusive=False, high_inclusive=False), 1.5, True),
        (in_range(low=0), -1, False),
        (in_range(high=0), -1, True),
    ],
)
def test_range_ends(check: Check, value: float, passed: bool) -> None:
    assert check.judge(value).passed is passed


def test_marginal_band_passes_but_flags() -> None:
    check = in_range(3.2, 3.4, marginal_low=3.25, marginal_high=3.35)
    assert check.judge(3.30) == check.judge(3.30)
    assert not check.judge(3.30).marginal
    low_edge = check.judge(3.21)
    assert low_edge.passed and low_edge.marginal
    high_edge = check.judge(3.39)
    assert high_edge.passed and high_edge.marginal
    assert not check.judge(3.41).passed


def test_range_reasons_say_what_and_where() -> None:
    assert check_reason(in_range(3.2, 3.4), 2.9) == "2.9 is below 3.2"
    assert check_reason(in_range(3.2, 3.4, high_inclusive=False), 3.4) == "3.4 is above or at 3.4"
    assert check_reason(in_range(0, 1), "abc") == "'abc' is not a number"
    assert check_reason(in_range(0, 1), True) == "True is not a number"
    assert check_reason(in_range(0, 1), math.nan) == "value is NaN"


def check_reason(check: Check, value: object) -> str:
    verdict = check.judge(value)
    assert not verdict.passed
    return verdict.reason


def test_equals_regex_one_of() -> None:
    assert equals("PASS").judge("PASS").passed
    assert not equals("PASS").judge("pass").passed
    assert matches(r"\d{3}").judge("123").passed
    assert not matches(r"\d{3}").judge("1234").passed, "regex must match the whole value"
    assert not matches(r"\d+").judge(123).passed, "a regex check wants text"
    assert one_of("A", "B").judge("B").passed
    assert check_reason(one_of("A", "B"), "C") == "'C' is not one of ['A', 'B']"


def test_empty_check_records_anything_and_says_so() -> None:
    assert Check().judge("whatever").passed
    assert Check().is_empty
    assert Check().describe() == "no limit: any value passes"


def test_check_round_trips_as_data() -> None:
    check = Check(low=1, high=2, high_inclusive=False, marginal_low=1.1, regex=None, one_of=None)
    assert Check(**check.to_dict()) == check
    assert in_range(1, 2, low_inclusive=False).describe() == "1 < x ≤ 2"


def test_inverted_range_is_refused() -> None:
    with pytest.raises(ValueError, match="above high"):
        in_range(2, 1)
