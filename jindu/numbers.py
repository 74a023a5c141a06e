"""Whole numbers from people's input: only ASCII or full-width digits, only within a range.

`str.isdigit()` is true for ² and ፩, which `int()` then refuses or misreads, and `int()` accepts any length; both
reach the database as errors. Every number read from a form, a query string or a file goes through `parse_int`.
"""

import re

FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)
# The largest id a database integer column holds (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def parse_int(text, low, high):
    """The whole number `text` writes, if it lies in [low, high]; otherwise None. Surrounding spaces are allowed."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if low <= text <= high else None
    if not isinstance(text, str):
        return None
    text = text.strip().translate(FULL_WIDTH_DIGITS)
    if not DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def parse_id(text):
    """A database id (1 and up) from text, or None."""
    return parse_int(text, 1, MAX_ID)
