"""Numbers as they are printed in planning documents: `6,615`, `~6,900`, `+11.10`, `97.39%`, `85%+`.

Every parsed number keeps what was written (text, decimals, sign, approximation) because the
consistency rules judge a claim at the precision it was printed with.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from planproof import lazyre
from planproof.claims.model import Num
from planproof.claims.text_patterns import DIGITS

# A number as written: optional approximation mark, optional sign, digits with optional
# thousands separators, optional decimals. Not preceded by a word character, '.', '/' or '-'
# glued to a digit (dates, versions, identifiers), not followed by more digits or a letter.
APPROX = r"(?:~|≈|approx\.?\s|about\s|around\s|roughly\s)"
SIGN = r"[+\-−±]"
NUMBER = lazyre.compile(
    rf"(?P<approx>{APPROX}\s*)?(?P<sign>{SIGN})?\s?(?P<digits>{DIGITS})", re.I)
_MINUS = "−"


def parse_number(text: str | None, percent: bool = False, at_least: bool = False) -> Num | None:
    """Parse one printed number (`~6,900`, `+11.10`, `−3`); None when `text` is none or not one
    (so an optional regex group can be passed as it is)."""
    if text is None:
        return None
    match = NUMBER.fullmatch(text.strip())
    if not match:
        return None
    digits = match.group("digits").replace(",", "")
    try:
        Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        return None
    sign = match.group("sign") or ""
    if sign == _MINUS:
        sign = "-"
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    value = float(digits)
    if sign == "-":
        value = -value
    return Num(value=value, text=text.strip(), decimals=decimals,
               approximate=bool(match.group("approx")), sign=sign, at_least=at_least,
               percent=percent)


def exact(num: Num) -> Fraction:
    """The exact value as printed (no binary floating point error)."""
    match = NUMBER.fullmatch(num.text.rstrip("%+ ").strip())
    digits = match.group("digits").replace(",", "") if match else repr(abs(num.value))
    value = Fraction(Decimal(digits))
    return -value if num.value < 0 else value


def unit_of_last_digit(num: Num) -> Fraction:
    """The value of one unit in the last printed decimal place: 0.01 for `97.39`."""
    return Fraction(1, 10 ** num.decimals)


def approximation_step(num: Num) -> Fraction:
    """How coarse an approximate number is: `~6,900` is written to the hundred (step 100)."""
    if num.decimals:
        return unit_of_last_digit(num)
    whole = int(abs(exact(num)))
    step = 1
    while whole and whole % 10 == 0:
        whole //= 10
        step *= 10
    return Fraction(step)


def round_half_up(value: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    scaled = value * scale
    floor = scaled.numerator // scaled.denominator
    rounded = floor + 1 if scaled - floor >= Fraction(1, 2) else floor
    return Fraction(rounded, scale)


def round_half_even(value: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    return Fraction(round(value * scale), scale)  # Fraction.__round__ is half-even


def truncate(value: Fraction, decimals: int) -> Fraction:
    scale = 10 ** decimals
    scaled = value * scale
    return Fraction(scaled.numerator // scaled.denominator, scale)


def roundings(value: Fraction, decimals: int) -> dict[str, Fraction]:
    """Every way a tool or a person plausibly printed `value` with `decimals` decimals."""
    return {
        "half_up": round_half_up(value, decimals),
        "half_even": round_half_even(value, decimals),
        "truncated": truncate(value, decimals),
    }


def fmt(value: Fraction | float, decimals: int = 2) -> str:
    """A short human rendering of an exact value for messages and evidence."""
    number = float(value)
    text = f"{number:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text

