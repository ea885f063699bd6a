"""Suppressions written in the document itself, applied to a run's findings after the rules ran.

Markdown body (HTML comments, invisible when rendered; one comment per line)::

    <!-- planproof-disable PP401 -->            from here ... (codes optional: all rules)
    <!-- planproof-enable PP401 -->             ... to here (no codes: ends every open disable)
    <!-- planproof-disable-next-line PP503 -->  the next non-blank line
    text <!-- planproof-disable-line PP401 -->  this line
    <!-- planproof-disable-file PP7 -->         the whole file

Frontmatter (YAML or TOML comments)::

    # planproof-disable-next-line PP201
    key: value  # planproof-disable-line PP201

Codes are rule codes or prefixes (`PP4` = every PP4xx rule), separated by spaces or commas;
`-- reason` after the codes is a free-text reason. Comments inside fenced or indented code and
inside inline code are not suppressions. A suppression that suppresses nothing is reported as
PP890 (unused-suppression).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from planproof import lazyre
from planproof.body import blank_inline_code
from planproof.findings import Finding, Span, Violation
from planproof.planning.scope import ReadScope

UNUSED_CODE = "PP890"
UNSUPPRESSIBLE = {"PP000", UNUSED_CODE}
KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")

HTML_DIRECTIVE = lazyre.compile(r"<!--\s*planproof-(?P<kind>[A-Za-z-]+)(?P<args>.*?)-->")
YAML_DIRECTIVE = lazyre.compile(r"(?:^|(?<=\s))#\s*planproof(?:-|:\s*)(?P<kind>[A-Za-z-]+)(?P<args>.*)$")
CODE_SHAPE = lazyre.compile(r"^PP\d{0,3}$", re.I)
MARKER = "planproof"
NEAR_MISSES = ("dis", "en", "ignore", "noqa", "skip", "suppress", "off")


@dataclass
class Directive:
    """One suppression comment as written."""

    kind: str
    selectors: list[str]  # rule codes or prefixes; empty: every rule
    line: int
    column: int
    end_column: int
    text: str
    reason: str | None = None
    problems: list[str] = field(default_factory=list)  # malformed parts, reported as PP890

    @property
    def span(self) -> Span:
        return Span(self.line, self.column, self.line, self.end_column)


@dataclass
class Suppression:
    """One selector of a directive over a range of lines (inclusive)."""

    directive: Directive
    selector: str | None  # None: every rule
    first: int
    last: int
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        return (self.first <= finding.line <= self.last
                and (self.selector is None or finding.code.startswith(self.selector)))


def _parse_args(args: str) -> tuple[list[str], str | None, list[str]]:
    args = args.strip()
    reason = None
    if "--" in args:
        args, reason = args.split("--", 1)
        reason = reason.strip() or None
    selectors, problems = [], []
    for token in re.split(r"[\s,]+", args.strip()):
        if not token:
            continue
        if CODE_SHAPE.match(token):
            selectors.append(token.upper())
        else:
            problems.append(f"'{token}' is not a rule code (write a reason after '--')")
    return selectors, reason, problems


def _directive(match: re.Match, line: int) -> Directive:
    kind = match.group("kind").lower()
    selectors, reason, problems = _parse_args(match.group("args"))
    if kind not in KINDS:  # only reached for near-misses such as planproof-ignore
        problems = [f"unknown directive 'planproof-{kind}' (known: "
                    + ", ".join(f"planproof-{k}" for k in KINDS) + ")"]
    return Directive(kind, selectors, line, match.start() + 1, match.end() + 1,
                     match.group(0).strip(), reason, problems)


def _meant(match: re.Match) -> bool:
    """A known directive, or a near-miss worth reporting (not `planproof-generated` and such)."""
    kind = match.group("kind").lower()
    return kind in KINDS or kind.startswith(NEAR_MISSES)


def _code_lines(doc) -> set[int]:
    lines: set[int] = set()
    for block in doc.body.of_kind("code"):
        lines.update(range(block.line, block.end_line + 1))
    return lines


def directives(doc) -> list[Directive]:
    """Every suppression comment of `doc`, in line order."""
    if MARKER not in doc.text:
        return []
    fm = doc.frontmatter
    in_frontmatter = range(fm.start_line + 1, fm.end_line) if fm.present and fm.end_line else range(0)
    found: list[Directive] = []
    code_lines: set[int] | None = None
    for number, text in enumerate(doc.lines, start=1):
        if MARKER not in text:
            continue
        if number in in_frontmatter:
            match = YAML_DIRECTIVE.search(text)
            if match and _meant(match):
                found.append(_directive(match, number))
            continue
        if number < doc.body_start_line or "<!--" not in text:
            continue
        if code_lines is None:
            code_lines = _code_lines(doc)
        if number in code_lines:
            continue
        visible, _ = blank_inline_code(text)  # a directive quoted in `inline code` is an example
        for match in HTML_DIRECTIVE.finditer(visible):
            if _meant(match):
                found.append(_directive(match, number))
    return found


def _is_directive_only(text: str) -> bool:
    stripped = HTML_DIRECTIVE.sub("", text).strip()
    if stripped.startswith("#") and MARKER in stripped:
        stripped = YAML_DIRECTIVE.sub("", stripped).strip()
    return not stripped


def suppressions(doc, found: list[Directive]) -> tuple[list[Suppression], list[tuple[Directive, str]]]:
    """Resolve directives to line ranges; also return problems (malformed, stray enable)."""
    last_line = max(len(doc.lines), 1)
    result: list[Suppression] = []
    problems: list[tuple[Directive, str]] = []
    open_regions: list[Suppression] = []
    for directive in found:
        for problem in directive.problems:
            problems.append((directive, problem))
        if directive.kind not in KINDS:
            continue
        selectors: list[str | None] = list(directive.selectors) or [None]
        if directive.kind == "enable":
            closing = [r for r in open_regions
                       if not directive.selectors or r.selector in directive.selectors]
            if not closing:
                problems.append((directive, "'planproof-enable' has no open 'planproof-disable' "
                                            "to end"))
            for region in closing:
                region.last = directive.line
                open_regions.remove(region)
            continue
        if directive.kind == "disable-file":
            first, last = 1, last_line
        elif directive.kind == "disable-line":
            first = last = directive.line
        elif directive.kind == "disable-next-line":
            first = last = _next_content_line(doc.lines, directive.line)
        else:  # disable: until a matching enable, or the end of the file
            first, last = directive.line, last_line
        for selector in selectors:
            suppression = Suppression(directive, selector, first, last)
            result.append(suppression)
            if directive.kind == "disable":
                open_regions.append(suppression)
    return result, problems


def _next_content_line(lines: list[str], line: int) -> int:
    for number in range(line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and not _is_directive_only(text):
            return number
    return line + 1


def apply(documents: Iterable, findings: list[Finding], selection,
          scanned: ReadScope = ReadScope()) -> list[Finding]:
    """Drop suppressed findings and add a PP890 finding for every suppression that did nothing.

    `scanned` is what the run read: tree rules only judge documents in the directories it walked,
    so elsewhere a suppression naming a tree rule is never called unused."""
    parsed = {}
    for doc in documents:
        found = directives(doc)
        if found:
            parsed[doc.path] = (doc, *suppressions(doc, found))
    if not parsed:
        return findings
    kept = []
    for finding in findings:
        entry = parsed.get(finding.path)
        if entry is not None and finding.code not in UNSUPPRESSIBLE:
            matched = [s for s in entry[1] if s.covers(finding)]
            if matched:
                for suppression in matched:
                    suppression.used = True
                continue
        kept.append(finding)
    kept.extend(_unused_findings(parsed.values(), selection, scanned))
    return kept


def _unused_findings(parsed, selection, scanned: ReadScope) -> list[Finding]:
    from planproof.rules import get_rule

    rule = get_rule(UNUSED_CODE)
    if rule is None or UNUSED_CODE not in selection.enabled:
        return []
    out = []
    for doc, sups, problems in parsed:
        ignored = selection.ignored_for(doc.path)
        if any(UNUSED_CODE.startswith(code.upper()) for code in ignored):
            continue
        scopes = ("document", "tree") if scanned.walked_into(doc.abspath) else ("document",)
        active = {r.code for scope in scopes for r in selection.active(scope)
                  if not any(r.code.startswith(code.upper()) for code in ignored)}
        violations = [_problem_violation(d, message) for d, message in problems]
        for suppression in sups:
            if suppression.used:
                continue
            violation = _unused_violation(suppression, selection.rules, active)
            if violation is not None:
                violations.append(violation)
        for violation in violations:
            out.append(Finding.from_violation(rule, doc.path, violation,
                                              selection.severity(rule, violation)))
    return out


def _problem_violation(directive: Directive, message: str) -> Violation:
    return Violation(f"suppression comment not understood: {message}", directive.span,
                     "write `planproof-disable[-next-line|-line|-file] CODE ... -- reason`; "
                     "see `planproof rule PP890`", {"comment": directive.text})


def _unused_violation(suppression: Suppression, rules: dict, active: set[str]) -> Violation | None:
    directive = suppression.directive
    selector = suppression.selector
    matching = [code for code in rules if selector is None or code.startswith(selector)]
    evidence = {"comment": directive.text, "lines": [suppression.first, suppression.last]}
    if selector is not None and not matching:
        return Violation(f"suppression names {selector}, which is no rule code", directive.span,
                         "fix the code (see `planproof rules`) or remove it", evidence)
    if any(code not in active for code in matching):
        return None  # some rule it could be meant for did not run here: no evidence it is unused
    what = f"suppression of {selector}" if selector else f"'planproof-{directive.kind}' (all rules)"
    where = {"disable-file": "in this file",
             "disable-line": f"on line {suppression.first}",
             "disable-next-line": f"on line {suppression.first}"}.get(
        directive.kind, f"on lines {suppression.first}-{suppression.last}")
    return Violation(f"{what} suppresses nothing {where}", directive.span,
                     "the finding it was written for is gone (or never was): remove the code "
                     "or the whole comment", evidence)
