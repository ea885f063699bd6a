"""Every PP2xx finding of one document, from one pass against the JSON Schema of its kind.

The values are validated (PP201, PP202, worded by `planproof.schema.wording`), the key names
compared with the keys the schema knows (PP203 typos, PP204 variant spellings) and `phase` and
`plan` checked for numbers (PP205). The result is kept in `doc.memo`: each PP2xx rule reports
its own code from it. A frontmatter that does not parse is validated as far as it was
recovered around its YAML errors.
"""

from __future__ import annotations

from typing import Iterator

from planproof.findings import Violation, replace
from planproof.frontmatter_model import child_path
from planproof.planning.layout import is_quick_task
from planproof.schema import validators
from planproof.schema.mappings import LocalResolver, mappings
from planproof.schema.wording import MAX_SUGGEST_CHOICES, named, suggest, translate

CODES = ("PP201", "PP202", "PP203", "PP204", "PP205")
NUMBERED_KINDS = {"PLAN", "SUMMARY", "VERIFICATION", "UAT"}


def schema_findings(doc, ctx) -> dict[str, list[Violation]]:
    """Every PP2xx violation of `doc` by code, computed once per document."""
    return doc.memo.get("schema_findings", lambda: _compute(doc, ctx))


class _RecoveredDoc:
    """A document seen through its frontmatter recovered around YAML syntax errors."""

    def __init__(self, doc, frontmatter) -> None:
        self._doc = doc
        self.frontmatter = frontmatter

    def __getattr__(self, name):
        return getattr(self._doc, name)


def _compute(doc, ctx) -> dict[str, list[Violation]]:
    out: dict[str, list[Violation]] = {code: [] for code in CODES}
    fm = doc.frontmatter
    if not fm.present or not named_kind(doc):
        return out
    if fm.data is None:
        return _compute_recovered(doc, ctx, out)
    applied = _apply_schema(doc.kind, fm.data, ctx.settings.schemas) \
        if isinstance(fm.data, dict) else None
    if applied is None:
        return out
    errors, contents, resolver = applied
    for code, violation in _worded(errors, doc):
        out[code].append(violation)
    for code, violation in _key_names(doc, contents, resolver):
        out[code].append(violation)
    if doc.kind in NUMBERED_KINDS:
        out["PP205"].extend(_numbers(doc))
    return out


def _apply_schema(kind: str, data: dict, schemas: dict[str, str]):
    """jsonschema's errors in `data`, the schema and the resolver of its references; None when
    the kind has no schema. A built-in schema's compiled check answers valid data without
    importing jsonschema; invalid data, and custom schemas, get jsonschema's errors."""
    builtin = None if validators.custom_path(kind, schemas) else validators.builtin(kind.lower())
    if builtin is not None and validators.compiled_valid(kind, data):
        return (), builtin, LocalResolver(builtin)
    validator = validators.validator(kind, schemas)
    if validator is None:
        return None
    if builtin is not None:
        return validator.iter_errors(data), builtin, LocalResolver(builtin)
    return validator.iter_errors(data), validator.schema, validators.custom_resolver(kind, schemas)


def _worded(errors, doc) -> Iterator[tuple[str, Violation]]:
    """Each error in words, once; a quick task is not asked for a phase plan's top-level keys."""
    seen = set()
    quick = is_quick_task(doc)
    for error in errors:
        for code, violation in translate(error, doc):
            key = (code, violation.message, violation.span)
            if quick and code == "PP202" and _top_level(violation.evidence.get("key", "")):
                continue  # a quick task has its own shape: no phase, wave or depends_on
            if key not in seen:
                seen.add(key)
                yield code, violation


def _top_level(key: str) -> bool:
    return bool(key) and "." not in key and "[" not in key


def _compute_recovered(doc, ctx, out) -> dict[str, list[Violation]]:
    """Values of a frontmatter that does not parse, validated as far as it was recovered (PP110
    reports the lines that were skipped). Missing keys are not reported: they may be on the
    skipped lines."""
    from planproof.claims.recovered_frontmatter import frontmatter_of

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


def _key_names(doc, contents, resolver) -> Iterator[tuple[str, Violation]]:
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
                guess = suggest(key, canonical_keys)
                if guess and guess not in mapping:
                    yield "PP203", Violation(
                        f"unknown key '{key}' in {named(path)}; did you mean '{guess}'?",
                        fm.span(key_path, value=False),
                        hint=f"rename it to '{guess}'; tools ignore keys they do not know, "
                             "so its value is not checked",
                        evidence={"key": key_path, "suggestion": guess})


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
