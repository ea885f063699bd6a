"""PP2xx: frontmatter checked against the JSON Schema of its kind (built-in or custom).

One validation pass per document feeds every PP2xx rule. jsonschema is imported lazily, only
for documents whose kind has a schema, and validators are built once per process.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Iterator

from planproof.findings import Severity, Span, Violation, replace
from planproof.frontmatter_model import child_path
from planproof.rules import rule

CODES = ("PP201", "PP202", "PP203", "PP204", "PP205")
TYPE_WORDS = {"string": "a string", "integer": "a whole number", "number": "a number",
              "boolean": "true or false", "array": "a list", "object": "a mapping (key: value lines)",
              "null": "empty"}
# Off-enum values real teams write on purpose in these places: a warning, not an error.
SOFT_ENUMS = {("VERIFICATION", re.compile(r"gaps\[\d+\]\.status$")), ("UAT", re.compile(r"status$"))}
NUMBERED_KINDS = {"PLAN", "SUMMARY", "VERIFICATION", "UAT"}

_last: tuple[Any, dict[str, list[Violation]]] = (None, {})


def results(doc, ctx) -> dict[str, list[Violation]]:
    """Every PP2xx violation of `doc`, computed once per document."""
    global _last
    if _last[0] is not doc:
        _last = (doc, _compute(doc, ctx))
    return _last[1]


class _RecoveredDoc:
    """A document seen through its frontmatter recovered around YAML syntax errors."""

    def __init__(self, doc, frontmatter) -> None:
        self._doc = doc
        self.frontmatter = frontmatter

    def __getattr__(self, name):
        return getattr(self._doc, name)


def _compute(doc, ctx) -> dict[str, list[Violation]]:
    out: dict[str, list[Violation]] = {code: [] for code in CODES}
    if doc.frontmatter.present and doc.frontmatter.data is None and named_kind(doc):
        return _compute_recovered(doc, ctx, out)
    data = doc.frontmatter.data
    if not doc.frontmatter.present or not isinstance(data, dict) or not named_kind(doc):
        return out
    from planproof import schema

    # A built-in schema's compiled check answers valid documents without importing jsonschema;
    # invalid ones, and custom schemas, get jsonschema's errors (worded below).
    builtin = None if schema.custom_path(doc.kind, ctx.settings.schemas) else \
        schema.builtin(doc.kind.lower())
    errors: Any = ()
    if builtin is None or not schema.compiled_valid(doc.kind, data):
        validator = schema.validator(doc.kind, ctx.settings.schemas)
        if validator is None:
            return out
        errors = validator.iter_errors(data)
    walk = (builtin, schema.LocalResolver(builtin)) if builtin is not None else \
        (validator.schema, schema.resolver_for(validator))
    seen = set()
    quick = is_quick_task(doc)
    for error in errors:
        for code, violation in _translate(error, doc):
            key = (code, violation.message, violation.span)
            if quick and code == "PP202" and _top_level(violation.evidence.get("key", "")):
                continue  # a quick task has its own shape: no phase, wave or depends_on
            if key not in seen:
                seen.add(key)
                out[code].append(violation)
    for code, violation in _key_names(doc, *walk):
        out[code].append(violation)
    if doc.kind in NUMBERED_KINDS:
        out["PP205"].extend(_numbers(doc))
    return out


QUICK_FOLDER = re.compile(r"^quick(?:[-_][\w-]*)?$", re.I)  # quick/, quick-archive/, quick_tasks/
QUICK_KEYS = ("quick_id", "task_id")


def is_quick_task(doc) -> bool:
    """A quick task (`quick/NNN-slug/NNN-PLAN.md`, `quick-archive/DATE-slug/PLAN.md`, or
    frontmatter `type: quick`, `quick_id`, `task_id`): one ad-hoc plan outside any phase."""
    folders = doc.path.replace("\\", "/").split("/")[:-1]
    if any(QUICK_FOLDER.match(folder) for folder in folders):
        return True
    meta = doc.frontmatter.data if isinstance(doc.frontmatter.data, dict) else {}
    kind = meta.get("type")
    return (isinstance(kind, str) and kind.strip().lower() in ("quick", "quick-plan")) or \
        any(key in meta for key in QUICK_KEYS)


def _top_level(key: str) -> bool:
    return bool(key) and "." not in key and "[" not in key


def _compute_recovered(doc, ctx, out) -> dict[str, list[Violation]]:
    """Values of a frontmatter that does not parse, validated as far as it was recovered (PP110
    reports the lines that were skipped). Missing keys are not reported: they may be on the
    skipped lines."""
    from planproof.claims.extract import frontmatter_of

    recovered = frontmatter_of(doc)
    if not recovered.skipped:
        return out
    lines = ", ".join(str(n) for n in recovered.skipped)
    lines = f"lines {lines}, which do" if len(recovered.skipped) > 1 else f"line {lines}, which does"
    found = _compute(_RecoveredDoc(doc, recovered.frontmatter), ctx)
    for code, violations in found.items():
        for violation in violations:
            if code == "PP202" or violation.message.startswith("missing"):
                continue
            violation.message += f" (frontmatter read without {lines} not parse)"
            violation.evidence = {**violation.evidence, "frontmatter_read_without_lines":
                                  recovered.skipped}
            out[code].append(violation)
    return out


def named_kind(doc) -> bool:
    """True when the file name says the kind; kinds guessed from keys alone are not validated
    (a milestone audit with `score` and `status` is not a VERIFICATION)."""
    from planproof.document import kind_from_name

    return kind_from_name(doc.path) == doc.kind


# --- wording --------------------------------------------------------------------------------

def _name(path: str) -> str:
    return path or "the frontmatter"


def describe(value: Any) -> str:
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
    path = ""
    for part in parts:
        path = child_path(path, part)
    return path


MAX_SUGGEST_CHOICES = 1_000  # a mapping with more keys than this is not hand-written: no fuzzy guess


def _suggest(word: Any, choices) -> str | None:
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


_SEPARATORS = re.compile(r"[-_\s]+")


def _norm(word: str) -> str:
    return _SEPARATORS.sub("_", str(word).strip().lower())


# --- jsonschema errors -> violations --------------------------------------------------------

def _translate(error, doc) -> Iterator[tuple[str, Violation]]:
    kind = error.validator
    path = _path(error.absolute_path)
    instance = error.instance
    span = doc.frontmatter.span(path)
    if kind in ("anyOf", "oneOf"):
        branch = _compatible_branch(error)
        if branch:
            for sub in branch:
                yield from _translate(sub, doc)
            return
        expected = [t for sub in error.context if sub.validator == "type"
                    and list(sub.absolute_path) == list(error.absolute_path)
                    for t in _types(sub.validator_value)]
        words = [TYPE_WORDS.get(t, t) for t in expected if t != "null"] or ["something else"]
        yield "PP201", Violation(f"{_name(path)} must be {_either(words)}; got {describe(instance)}",
                                 span, evidence={"key": path, "got": _jsonable(instance)})
    elif kind == "type":
        if _is_split_truth(doc, path, instance):
            return  # PP312 explains this one precisely
        words = [TYPE_WORDS.get(t, t) for t in _types(error.validator_value) if t != "null"]
        yield "PP201", Violation(f"{_name(path)} must be {_either(words)}; got {describe(instance)}",
                                 span, evidence={"key": path, "got": _jsonable(instance)})
    elif kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        guess = _suggest(instance, allowed)
        severity = Severity.WARNING if any(
            doc.kind == k and rx.search(path) for k, rx in SOFT_ENUMS) else None
        yield "PP201", Violation(
            f"{_name(path)} must be one of {', '.join(allowed)}; got {describe(instance)}", span,
            hint=f"did you mean '{guess}'?" if guess else None, severity=severity,
            evidence={"key": path, "got": _jsonable(instance), "allowed": allowed})
    elif kind == "pattern":
        examples = error.schema.get("examples") or []
        shape = f"written like '{examples[0]}'" if examples else f"match /{error.validator_value}/"
        yield "PP201", Violation(f"{_name(path)} must be {shape}; got {describe(instance)}", span,
                                 evidence={"key": path, "got": _jsonable(instance),
                                           "pattern": error.validator_value})
    elif kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most",
                 "exclusiveMaximum": "less than"}[kind]
        yield "PP201", Violation(f"{_name(path)} must be {bound} {error.validator_value}; "
                                 f"got {describe(instance)}", span, evidence={"key": path})
    elif kind == "required":
        yield from _missing(error, doc, path)
    elif kind == "additionalProperties" and isinstance(instance, dict):
        yield from _closed_extras(error, doc, path)
    else:
        yield "PP201", Violation(f"{_name(path)}: {error.message}", span,
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
        guess = _suggest(key, written)
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
        guess = _suggest(key, properties)
        key_path = child_path(path, key)
        yield "PP201", Violation(
            f"unknown key '{key}' in {_name(path)}; the schema allows no other keys",
            doc.frontmatter.span(key_path, value=False),
            hint=f"did you mean '{guess}'?" if guess else None, evidence={"key": key_path})


def _is_split_truth(doc, path: str, instance) -> bool:
    return (doc.kind == "PLAN" and isinstance(instance, dict)
            and re.fullmatch(r"must_haves\.truths\[\d+\]", path) is not None)


def _jsonable(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else describe(value)


# --- key names: typos and accepted variants ---------------------------------------------------

def _key_names(doc, contents, resolver) -> Iterator[tuple[str, Violation]]:
    from planproof.schema import mappings

    fm = doc.frontmatter
    for path, mapping, properties, closed in mappings(doc.frontmatter.data, contents, resolver):
        canonical_keys = [k for k, sub in properties.items()
                          if not (isinstance(sub, dict) and "x-canonical" in sub)]
        for key in mapping:
            key_path = child_path(path, key)
            sub = properties.get(key)
            if isinstance(sub, dict) and "x-canonical" in sub:
                canonical = sub["x-canonical"]
                span = fm.span(key_path, value=False)
                fix = None if canonical in mapping or span.line != span.last_line else \
                    replace(span, canonical, f"rename '{key}' to '{canonical}'")
                yield "PP204", Violation(
                    f"'{key}' is accepted, but the canonical spelling is '{canonical}'",
                    span, hint=f"rename '{key}' to '{canonical}'",
                    evidence={"key": key_path, "canonical": canonical}, fix=fix)
            elif (sub is None and isinstance(key, str) and not closed
                  and len(mapping) <= MAX_SUGGEST_CHOICES):  # typos are in hand-written mappings
                guess = _suggest(key, canonical_keys)
                if guess and guess not in mapping:
                    yield "PP203", Violation(
                        f"unknown key '{key}' in {_name(path)}; did you mean '{guess}'?",
                        fm.span(key_path, value=False),
                        hint=f"rename it to '{guess}'; tools ignore keys they do not know, "
                             "so its value is not checked",
                        evidence={"key": key_path, "suggestion": guess})


# --- numbers where the canonical form is a string -----------------------------------------------

def _numbers(doc) -> Iterator[Violation]:
    fm = doc.frontmatter
    for key in ("phase", "plan"):
        value = fm.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or key not in fm.positions:
            continue
        span = fm.positions[key].value
        written = doc.lines[span.line - 1][span.column - 1:(span.end_column or 0) - 1] \
            if span.line == span.end_line else str(value)
        octal = written.startswith("0") and written != str(value)
        why = (f"YAML reads the unquoted {written} as the number {value} (and 08, 09 as text)"
               if octal else f"it is read as the number {value}")
        fix = None
        if span.line == span.end_line and written.isdigit() and int(written) == value:
            # not 010 (the number 8): which of "010" and "08" was meant is not for a fix to guess
            fix = replace(span, f'"{written}"', f'write {key}: "{written}"')
        yield Violation(
            f"{key} is written as a number: {why}; the canonical form is a string",
            span, hint=f'write {key}: "{written}"',
            evidence={"key": key, "written": written, "read_as": value}, fix=fix)


# --- rules ----------------------------------------------------------------------------------

def _from(code: str):
    def check(doc, ctx):
        return results(doc, ctx)[code]

    check.__qualname__ = f"schema_{code}"
    return check


rule("PP201", "invalid-value", "error",
     summary="A frontmatter value has the wrong type, is not an allowed value, or is malformed.",
     what="""
        Validates the frontmatter of PLAN, SUMMARY, VERIFICATION, UAT and STATE documents
        against their JSON Schema (see `planproof schema KIND`; custom schemas from
        `--schema KIND=PATH` or `[tool.planproof.schemas]` replace the built-in one). Each
        problem is reported at the line and column of the offending value, in words:
        "status must be one of passed, gaps_found, human_needed; got 'verified'". Off-enum
        gap statuses (VERIFICATION) and UAT statuses are warnings; everything else is an error.
     """,
     why="""
        The workflow's tools read these values: an unknown status, a score that is not N/M or
        a wave that is not a number silently changes what they decide.
     """,
     bad="""
        ---
        phase: "12"
        verified: 2026-03-30T17:00:00Z
        status: verified
        score: 5/5 must-haves verified
        ---
        # Phase 12 verification
     """,
     good="""
        ---
        phase: "12"
        verified: 2026-03-30T17:00:00Z
        status: passed
        score: 5/5 must-haves verified
        ---
        # Phase 12 verification
     """,
     example_path="12-VERIFICATION.md")(_from("PP201"))

rule("PP202", "missing-required-key", "error",
     summary="A key the document kind requires is missing from the frontmatter.",
     what="""
        Reports each required key that is absent, at the opening `---` (or at the parent key
        for nested entries such as an artifact without `path`). Documents without any
        frontmatter are not checked. A PLAN requires phase, plan, type, wave, depends_on,
        files_modified and autonomous; a VERIFICATION phase and status; a UAT phase and
        status; a SUMMARY phase. Quick tasks (`quick/`, `quick-archive/`, or frontmatter
        `type: quick`, `quick_id`, `task_id`) have their own shape and are not asked for the
        top-level keys of a phase plan.
     """,
     why="""
        Without `wave` or `depends_on` a plan cannot be scheduled; an artifact without `path`
        gives verification nothing to check, and an empty check must never read as a pass.
     """,
     bad="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        ---
        # Plan
     """,
     good="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        ---
        # Plan
     """)(_from("PP202"))

rule("PP203", "unknown-key", "warning",
     summary="An unknown frontmatter key that looks like a misspelt known key (did you mean).",
     what="""
        Extra keys are allowed: real teams add their own (`decisions`, `metrics`, ...). A key
        is reported only when it is close to a key the schema knows at the same place
        (`must_have` -> `must_haves`, `depends-on` -> `depends_on`, `min_line` -> `min_lines`)
        and that known key is not also present.
     """,
     why="Tools ignore keys they do not know: a misspelt `must_have` means nothing is verified.",
     bad="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_have:
          truths: ["The app starts"]
        ---
        # Plan
     """,
     good="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        must_haves:
          truths: ["The app starts"]
          artifacts: [{path: src/app.py}]
        ---
        # Plan
     """)(_from("PP203"))

rule("PP204", "key-spelling-variant", "info",
     summary="An accepted variant spelling of a key (`key_files`); the canonical one is advised.",
     what="""
        SUMMARY frontmatter is written with `key-files`, `tech-stack`, `key-decisions`,
        `patterns-established`, `requirements-completed` by the workflow's template; many
        teams write the underscore forms. Both are accepted and validated; this advises the
        canonical spelling.
     """,
     why="Tools that read only the canonical key will not see the variant's value.",
     bad="""
        ---
        phase: "03"
        plan: "01"
        key_files:
          created: [src/app.py]
        ---
        # Summary
     """,
     good="""
        ---
        phase: "03"
        plan: "01"
        key-files:
          created: [src/app.py]
        ---
        # Summary
     """,
     example_path="03-01-SUMMARY.md", default=False)(_from("PP204"))

rule("PP205", "number-not-string", "info",
     summary="`phase` or `plan` is written as a number; the canonical form is a quoted string.",
     what="""
        `plan: 01` is read by YAML as the number 1, `plan: 08` as the text "08" and
        `plan: 010` as the number 8. Numbers are accepted; this advises quoting.
     """,
     why="""
        Plan ids are compared as text ("05-04"); unquoted numbers with leading zeros change
        value depending on their digits.
     """,
     bad="""
        ---
        phase: "01"
        plan: 01
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        ---
        # Plan
     """,
     good="""
        ---
        phase: "01"
        plan: "01"
        type: execute
        wave: 1
        depends_on: []
        files_modified: [src/app.py]
        autonomous: true
        ---
        # Plan
     """, default=False)(_from("PP205"))
