"""Choosing among overlapping matches in a text."""

from typing import TypeVar

M = TypeVar("M")  # any match with .start and .end


def non_overlapping(found: list[M]) -> list[M]:
    """Matches in text order, the longest first where two start together, dropping any that
    overlaps one already kept."""
    found = sorted(found, key=lambda m: (m.start, -m.end))
    result, last_end = [], -1
    for match in found:
        if match.start >= last_end:
            result.append(match)
            last_end = match.end
    return result
