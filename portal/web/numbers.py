"""Numbers a client sends in a query string or a form, read strictly: ASCII digits, bounded.

`int()` and `str.isdigit()` accept "²", "①" and "٣", and `int()` refuses strings of more than
4,300 digits: read with them, a reader's odd address became a 500. Here anything but a few
plain digits within the bounds is not a number.
"""

from __future__ import annotations

from portal.errors import PlainhelpError

MAX_DIGITS = 9  # every number the portal takes is far smaller; int() never sees a long number


class NumberError(PlainhelpError, ValueError):
    """A number in the request is not a plain whole number within its bounds (a 400)."""


def whole_number(raw: str, low: int, high: int) -> int | None:
    """`raw` as a whole number from `low` to `high`, or None: never an exception.

    Leading zeros are fine ("007" is 7); more than MAX_DIGITS other digits are too many.
    """
    if not (raw.isascii() and raw.isdigit()) or len(raw.lstrip("0")) > MAX_DIGITS:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def required_number(name: str, raw: str, low: int, high: int) -> int:
    """`raw` as a whole number from `low` to `high`, or a plain 400 that names `name`."""
    value = whole_number(raw, low, high)
    if value is None:
        raise NumberError(f"{name} must be a whole number from {low} to {high}.")
    return value
