"""Stated arithmetic in one text: `3 sprints × 2 weeks = 6 weeks`, `51 + 75 = 126`."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.claims.found import Add, Found
from planproof.claims.model import ArithmeticClaim
from planproof.claims.numbers import parse_number
from planproof.claims.text_patterns import LEFT, NOT_GLUED_AFTER, NUM, WORD

_OPERAND = rf"{LEFT}(?:{NUM})(?:\s?%)?(?:\s+{WORD}){{0,2}}?"
_OPERATOR = r"(?:\s*(?:×|Ã—|\*|✕)\s*|\s+(?:x|\+|-|−)\s+)"
ARITHMETIC = lazyre.compile(
    rf"(?P<expr>{_OPERAND}(?:{_OPERATOR}{_OPERAND})+)\s*(?P<eq>=|≈)\s*"
    rf"(?P<result>{NUM})(?P<result_pct>\s?%)?(?P<result_unit>(?:\s+{WORD})?){NOT_GLUED_AFTER}")
PARTIAL_SUM_BEFORE = lazyre.compile(r"[^\W\d_][\w'’)\]]*\s*(?:\+|×|\*|✕)\s*$")
OPERAND_PARTS = lazyre.compile(rf"(?P<num>{NUM})(?P<pct>\s?%)?(?P<unit>(?:\s+{WORD}){{0,2}})")
OPERATOR_PARTS = lazyre.compile(r"×|Ã—|\*|✕|\s(?:x|\+|-|−)\s")
TIMES = str.maketrans({"*": "×", "✕": "×", "x": "×", "−": "-"})


def _operators(expr: str) -> list[str]:
    """The operators between the operands, each written as ×, + or -."""
    return [op.strip().replace("Ã—", "×").translate(TIMES) for op in OPERATOR_PARTS.findall(expr)]


def _arithmetic_found(match: re.Match) -> Found | None:
    if PARTIAL_SUM_BEFORE.search(match.string, 0, match.start()):
        return None  # `chassis + 7 + 2 = ~16`: a term without a number, the sum is partial
    expr = match.group("expr")
    operators = _operators(expr)
    pieces = OPERATOR_PARTS.split(expr)
    if len(pieces) != len(operators) + 1 or len(pieces) < 2:
        return None
    operands, units = [], []
    for piece in pieces:
        part = OPERAND_PARTS.fullmatch(piece.strip())
        value = parse_number(part.group("num"), bool(part.group("pct"))) if part else None
        if value is None:
            return None
        operands.append(value)
        units.append(part.group("unit").strip())
    result = parse_number(match.group("result"), bool(match.group("result_pct")))
    if result is None:
        return None
    if any(op == "×" for op in operators) and any(o.percent for o in operands):
        return None  # `20% × 3` mixes a rate and a count: not read
    units.append(match.group("result_unit").strip())
    return Found(ArithmeticClaim, match.start(), match.end(),
                 {"operands": operands, "operators": operators, "result": result,
                  "units": units})


def find_arithmetic(text: str, add: Add) -> None:
    if "=" in text or "≈" in text:
        for match in ARITHMETIC.finditer(text):
            add(_arithmetic_found(match))
