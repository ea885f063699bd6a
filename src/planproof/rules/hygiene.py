"""PP8xx: hygiene. Text damage that is not about any one claim."""

from __future__ import annotations


from planproof import lazyre
from planproof import fences
from planproof.findings import Span, Violation
from planproof.rules import rule

# A UTF-8 lead byte read as Windows-1252/Latin-1 (Â..ô) followed by continuation bytes read the
# same way: the shape `→` takes as `â†’` and `✅` as `âœ…` when UTF-8 is decoded with the wrong codec.
SUSPECT = lazyre.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}")


def repaired(text: str) -> str | None:
    """`text` decoded the way it was meant, or None when it is not mojibake."""
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != text:
            return fixed
    return None


# Mojibake quoted on purpose (a bug report showing what users saw): inline code and quotations.
QUOTED = lazyre.compile(r"(`+)[^`]+?\1|\"[^\"]+\"|“[^”]+”|«[^»]+»|「[^」]+」|(?<!\w)'[^']+'(?!\w)")


def _quoted_spans(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in QUOTED.finditer(line)]


def _hits(doc) -> tuple[list[tuple[int, int, str, str]], int]:
    """(line, column, sequence, repaired) outside code and quotations, and how many were quoted."""
    hits, quoted = [], 0
    body_start = doc.body_start_line
    states = {number: state for number, _, state in fences.body_states(doc)}
    for number, line in enumerate(doc.lines, start=1):
        state = states.get(number, fences.TEXT)
        if state == fences.FENCE_LINE:
            continue
        spans = _quoted_spans(line) if number >= body_start else []
        for match in SUSPECT.finditer(line):
            broken, fixed = _longest_repair(match.group(0))
            if not fixed:
                continue
            if state == fences.CODE or any(a <= match.start() < b for a, b in spans):
                quoted += 1
            else:
                hits.append((number, match.start() + 1, broken, fixed))
    return hits, quoted


def _longest_repair(sequence: str) -> tuple[str, str | None]:
    """The longest start of `sequence` that decodes back (`â€”»` is `—` then a real `»`)."""
    for end in range(len(sequence), 1, -1):
        fixed = repaired(sequence[:end])
        if fixed:
            return sequence[:end], fixed
    return sequence, None


@rule("PP801", "mojibake", "warning",
      summary="UTF-8 text that was decoded with the wrong encoding and saved again (â†’ for →).",
      what="""
         Finds sequences such as `â†’`, `âœ…`, `Ã—` and `â€”`: UTF-8 bytes read as Windows-1252
         or Latin-1. Each is reported only when it decodes back to real UTF-8 text, and the
         finding names the first one, what it stands for, and every line that holds one.
         Sequences in code (fenced or inline) or in quotation marks are quoted on purpose (a bug
         report showing what users saw) and are left alone; the hint then never suggests
         re-decoding the whole file, which would corrupt the quote.
      """,
      why="""
         Arrows, check marks and multiplication signs carry meaning in plans (`9% → 20%`, `✅`,
         `3 × 2`); garbled, they stop reading as claims for people and for planproof alike. The
         damage spreads each time the file is edited in a tool that guesses the encoding.
      """,
      bad="""
         # Sprint plan

         Coverage: 9.17% â†’ 20.27% âœ…
      """,
      at=(3, 17),
      good="""
         # Sprint plan

         Coverage: 9.17% → 20.27% ✅ — Ångström, café and naïve are fine.
      """,
      example_path="sprint-plan.md")
def mojibake(doc, ctx):
    if not SUSPECT.search(doc.text):
        return
    hits, quoted = _hits(doc)
    if not hits:
        return
    line, column, broken, fixed = hits[0]
    lines = sorted({hit[0] for hit in hits})
    if quoted:  # re-decoding the whole file would also change the quoted sequences
        hint = (f"replace each sequence with what it stands for on lines "
                f"{', '.join(map(str, lines[:10]))}; {quoted} more in code or quotation marks "
                "look quoted on purpose and were left alone, so do not re-decode the whole file")
    else:
        hint = ("re-decode the file: the bytes were UTF-8 but were read as Windows-1252 and "
                "saved again (Python: text.encode('cp1252').decode('utf-8'))")
    yield Violation(
        f"text was decoded with the wrong encoding (mojibake): '{broken}' stands for '{fixed}'"
        + (f"; {len(hits)} such sequences on {len(lines)} lines" if len(hits) > 1 else ""),
        Span(line, column, line, column + len(broken)), hint=hint,
        evidence={"sequences": len(hits), "lines": lines[:50], "quoted_left_alone": quoted,
                  "examples": sorted({f"{b} -> {f}" for _, _, b, f in hits})[:10]})
