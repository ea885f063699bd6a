"""jsonschema's validation errors in words: each error of a document's frontmatter as a PP201
(invalid value) or PP202 (missing key) finding at the place it is about, with a "did you mean"
when a close spelling is at hand."""

from __future__ import annotations

import functools
import re
from typing import Any, Iterator

from planproof import lazyre
from planproof.findings import Severity, Span, Violation
from planproof.frontmatter_model import child_path

TYPE_WORDS = {"string": "a string", "integer": "a whole number", "number": "a number",
              "boolean": "true or false", "array": "a list", "object": "a mapping (key: value lines)",
              "null": "empty"}
# Off-enum values real teams write on purpose in these places: a warning, not an error.
SOFT_ENUMS = {("VERIFICATION", re.compile(r"gaps\[\d+\]\.status$")), ("UAT", re.compile(r"status$"))}
SPLIT_TRUTH = lazyre.compile(r"must_haves\.truths\[\d+\]")
MAX_SUGGEST_CHOICES = 1_000  # a mapping with more keys than this is not hand-written: no fuzzy guess


def named(path: str) -> str:
    """A key path as a finding names it."""
    return path or "the frontmatter"


def describe(value: Any) -> str:
    """A value as a finding quotes it: short, and in words for lists and mappings."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _types(expected: Any) -> list[str]:
    return [expected] if isinstance(expected, str) else list(expected)


def _either(words: list[str]) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _path(parts) -> str:
    """jsonschema's path of an error as a key path (`must_haves.artifacts[0]`)."""
    path = ""
    for part in parts:
        path = child_path(path, part)
    return path


def suggest(word: Any, choices) -> str | None:
    """The choice `word` was likely meant to be (same spelling but for case and separators, a
    close match, or one edit away), or None."""
    if not isinstance(word, str):
        return None
    choices = tuple(choices)
    norm = _normalised(choices)
    if _norm(word) in norm:
        return norm[_norm(word)]
    if len(choices) > MAX_SUGGEST_CHOICES:
        return None
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.85)
    if close:
        return close[0]
    if len(word) < 4:
        return None
    return next((c for key, c in norm.items() if _one_edit(_norm(word), key)), None)


@functools.lru_cache(maxsize=256)
def _normalised(choices: tuple) -> dict[str, Any]:
    """Choices by normalised spelling, made once per set of choices (not once per word)."""
    return {_norm(c): c for c in choices}


def _one_edit(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours turns `a` into `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:
        return True  # one substitution
    return a[i + 2:] == b[i + 2:] and a[i] == b[i + 1] and a[i + 1] == b[i]  # one swap


_SEPARATORS = lazyre.compile(r"[-_\s]+")


def _norm(word: str) -> str:
    return _SEPARATORS.sub("_", str(word).strip().lower())


def translate(error, doc) -> Iterator[tuple[str, Violation]]:
    """The findings (code, violation) of one jsonschema error in `doc`'s frontmatter."""
    path = _path(error.absolute_path)
    if error.validator in ("anyOf", "oneOf"):
        branch = _compatible_branch(error)
        if branch:
            for sub in branch:
                yield from translate(sub, doc)
            return
        expected = [t for sub in error.context if sub.validator == "type"
                    and list(sub.absolute_path) == list(error.absolute_path)
                    for t in _types(sub.validator_value)]
        yield "PP201", _wrong_type(path, expected, error.instance, doc)
    elif error.validator == "required":
        yield from _missing(error, doc, path)
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        yield from _closed_extras(error, doc, path)
    elif error.validator == "type":
        if not _is_split_truth(doc, path, error.instance):  # PP312 explains that one precisely
            yield "PP201", _wrong_type(path, _types(error.validator_value), error.instance, doc)
    else:
        yield "PP201", _invalid_value(error, doc, path)


def _wrong_type(path: str, types: list[str], instance: Any, doc) -> Violation:
    words = [TYPE_WORDS.get(t, t) for t in types if t != "null"] or ["something else"]
    return Violation(f"{named(path)} must be {_either(words)}; got {describe(instance)}",
                     doc.frontmatter.span(path), evidence={"key": path, "got": _jsonable(instance)})


BOUNDS = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most",
          "exclusiveMaximum": "less than"}


def _invalid_value(error, doc, path: str) -> Violation:
    """A value of the right type that the schema still rejects (enum, pattern, bounds, ...)."""
    kind, instance, span = error.validator, error.instance, doc.frontmatter.span(path)
    if kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        guess = suggest(instance, allowed)
        soft = any(doc.kind == k and rx.search(path) for k, rx in SOFT_ENUMS)
        return Violation(
            f"{named(path)} must be one of {', '.join(allowed)}; got {describe(instance)}", span,
            hint=f"did you mean '{guess}'?" if guess else None,
            severity=Severity.WARNING if soft else None,
            evidence={"key": path, "got": _jsonable(instance), "allowed": allowed})
    if kind == "pattern":
        examples = error.schema.get("examples") or []
        shape = f"written like '{examples[0]}'" if examples else f"match /{error.validator_value}/"
        return Violation(f"{named(path)} must be {shape}; got {describe(instance)}", span,
                         evidence={"key": path, "got": _jsonable(instance),
                                   "pattern": error.validator_value})
    if kind in BOUNDS:
        return Violation(f"{named(path)} must be {BOUNDS[kind]} {error.validator_value}; "
                         f"got {describe(instance)}", span, evidence={"key": path})
    return Violation(f"{named(path)}: {error.message}", span,
                     evidence={"key": path, "schema_keyword": kind})


def _compatible_branch(error) -> list | None:
    """The sub-errors of the anyOf/oneOf branch whose type fits the value, if one does."""
    here = list(error.absolute_path)
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [errs for errs in branches.values()
               if not any(e.validator == "type" and list(e.absolute_path) == here for e in errs)]
    return min(fitting, key=len) if fitting else None


def _missing(error, doc, path) -> Iterator[tuple[str, Violation]]:
    instance = error.instance
    fm = doc.frontmatter
    written = [k for k in instance if isinstance(k, str)] if len(instance) <= MAX_SUGGEST_CHOICES else []
    for key in error.validator_value:
        if key in instance:
            continue
        guess = suggest(key, written)
        if path:
            span = fm.span(path, value=False)
            where = f"{path} has no '{key}'"
        else:
            span = Span(fm.start_line, 1, fm.start_line, 4)
            where = f"{doc.kind} frontmatter has no '{key}' key"
        hint = (f"'{guess}' is written instead; rename it to '{key}'" if guess
                else f"add '{key}:' (required by the {doc.kind.lower()} schema)")
        yield "PP202", Violation(where, span, hint=hint, evidence={"key": child_path(path, key)})


def _closed_extras(error, doc, path) -> Iterator[tuple[str, Violation]]:
    properties = error.schema.get("properties", {})
    patterns = error.schema.get("patternProperties", {})
    for key in error.instance:
        if key in properties or any(re.search(p, str(key)) for p in patterns):
            continue
        guess = suggest(key, properties)
        key_path = child_path(path, key)
        yield "PP201", Violation(
            f"unknown key '{key}' in {named(path)}; the schema allows no other keys",
            doc.frontmatter.span(key_path, value=False),
            hint=f"did you mean '{guess}'?" if guess else None, evidence={"key": key_path})


def _is_split_truth(doc, path: str, instance) -> bool:
    return (doc.kind == "PLAN" and isinstance(instance, dict)
            and SPLIT_TRUTH.fullmatch(path) is not None)


def _jsonable(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else describe(value)
