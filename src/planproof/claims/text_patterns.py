"""The regular-expression pieces every claim reader shares: a printed number (whole, signed,
approximate, as a percentage), a word, an arrow, percentage points, the emphasis markup
around table cells and the status marks of a Status column. Each piece is written here once; the
readers compile what they need."""

from __future__ import annotations

from planproof import lazyre

LEFT = r"(?<![\w.,/:#@\-−+~≈])"  # not glued to an identifier, a date, a version, a path
INT = r"(?:\d{1,3}(?:,\d{3})+|\d+)"  # digits, with or without thousands separators
DIGITS = rf"{INT}(?:\.\d+)?"
UNSIGNED = rf"(?:(?:~|≈)\s?)?{DIGITS}"
NUM = rf"(?:(?:~|≈)\s?)?(?:[+\-−±])?{DIGITS}"
NOT_GLUED_AFTER = r"(?![\w/]|[.,]\d)"  # no more digits, letters or a path after the number
WORD = r"[A-Za-z][\w'’-]*"
ANY_WORD = r"[^\W\d_][\w'’-]*"  # a word in any script: `73/93 通过 (78.4%)`
ARROW = r"\s*(?:→|->|⟶|=>|⇒|➜|➡️?|â†’)\s*"
POINTS = r"(?:percentage[ -]points?|percent(?:age)?[ -]pts?|pp|p\.p\.|points?|pts?)"
DELTA = (rf"(?P<delta>[+\-−±]?\s?{UNSIGNED})(?P<delta_pct>\s?%)?(?P<delta_plus>\+)?"
         rf"(?:\s*(?P<points>{POINTS}))?")

HAS_DIGIT = lazyre.compile(r"\d")
CELL_MARKUP = lazyre.compile(r"\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])")

# The status words and symbols of a table's Status column, as a verification report's truth table
# writes them; a reader that accepts more (summary tables: WIRED, DONE, ...) adds its own.
PASS_WORDS, PASS_SYMBOLS = r"VERIFIED|PASS(?:ED)?|SATISFIED|MET", r"✓|✅|✔"
FAIL_WORDS, FAIL_SYMBOLS = r"FAIL(?:ED|ING)?", r"✗|❌|✘"
PARTIAL_WORDS, PARTIAL_SYMBOLS = r"PARTIAL(?:LY)?", r"⚠"
OTHER_WORDS = r"UNCERTAIN|HUMAN|NEEDS|PENDING|SKIPPED|BLOCKED|DEFERRED|UNKNOWN|N/A|NOT"
OTHER_SYMBOLS = r"\?"


def percent(name: str) -> str:
    """A percentage in group `name` (`97.39%`, `~50 %`), a trailing `+` in `name_plus`."""
    return rf"{LEFT}(?P<{name}>{NUM})\s?%(?P<{name}_plus>\+)?"


def quantity(name: str) -> str:
    """A percentage, a percentage range (`18-27%`) or a plain number in group `name`."""
    return (rf"{LEFT}(?P<{name}>(?:{NUM})(?:\s?%?\s?[-–]\s?{UNSIGNED})?)"
            rf"(?P<{name}_pct>\s?%)?(?P<{name}_plus>\+)?")


def marks(words: str, symbols: str) -> str:
    """Any of the whole `words` (alternatives) or any of the `symbols`."""
    return rf"\b(?:{words})\b|{symbols}"
