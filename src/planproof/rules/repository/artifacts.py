"""Judging artifact claims: a PLAN's `must_haves.artifacts` and a VERIFICATION's gap artifacts
exist (PP501), contain what they promise (PP502), are long enough (PP503), export the names
listed (PP504); a list with nothing checkable is said to be so (PP505)."""

from __future__ import annotations

import re

from planproof import lazyre
from planproof.evidence.repo import whole_word
from planproof.findings import Severity
from planproof.rules.repository.locating import ignored_note, resolve_or_refuse
from planproof.rules.repository.pathtext import URI
from planproof.rules.repository.verdicts import Verdicts

REGEXY = lazyre.compile(r"\.[*+?]|\\[.()\[\]{}sSdDwWb]|\|")  # reads as a regex, not a literal
NOT_THERE = lazyre.compile(r"missing|not (?:exist|found|created|present)|does ?n[o']t exist|absent|"
                           r"deleted|removed|no such file", re.I)
FILE_CLAIMS = ("contains", "min_lines", "exports")
KEY = "must_haves.artifacts"


def judge_artifacts(v: Verdicts) -> None:
    must = v.doc.meta.get("must_haves")
    if not isinstance(must, dict) or "artifacts" not in must:
        return
    entries = must.get("artifacts")
    if not isinstance(entries, list) or not entries:
        v.report("PP505", "must_haves.artifacts lists no artifact: nothing here can be verified "
                 "against the repository", v.span(KEY), "list each file the plan creates as {path, "
                 "provides, contains/min_lines/exports}", {"artifacts": entries, "checkable": 0},
                 severity=Severity.INFO)
        return
    unchecked = [{"index": index, **problem} for index, entry in enumerate(entries)
                 if (problem := _judge_entry(v, entry, f"{KEY}[{index}]")) is not None]
    if len(unchecked) == len(entries):
        objects = all(u["why"].startswith("a URI") for u in unchecked)
        v.report("PP505", f"none of the {len(entries)} artifacts can be checked, so nothing was "
                 "verified" + (" (they are cluster or cloud objects)" if objects else ""), v.span(KEY),
                 "give every artifact a 'path' relative to the repository root",
                 {"checkable": 0, "unchecked": unchecked}, Severity.INFO if objects else None)


def _judge_entry(v: Verdicts, entry, where: str) -> dict | None:
    """Judge one artifact entry; None when it was checked, else what it is and why not."""
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        return {"entry": entry, "why": "not a mapping with a string 'path'"}
    if URI.match(entry["path"].strip()):
        return {"entry": entry["path"], "why": "a URI (a cluster or cloud object), not a file"}
    resolved = resolve_or_refuse(v, entry["path"], v.span(f"{where}.path"), "artifact path")
    if resolved is None:
        return {"entry": entry["path"], "why": "path refused"}
    _judge_artifact(v, entry, resolved, where)
    return None


def _judge_artifact(v: Verdicts, entry: dict, resolved, where: str) -> None:
    path_span = v.span(f"{where}.path")
    wants_file = any(k in entry for k in FILE_CLAIMS)
    if not resolved.exists:
        local = ignored_note(v, resolved)
        v.report("PP501", f"artifact {entry['path']} does not exist" + local, path_span,
                 "create the file, or correct the path in the plan",
                 {**resolved.evidence(), "expected": "a file" if wants_file else "a file or directory"},
                 Severity.INFO if local else None, plan_claim=True)
        return
    if wants_file and not resolved.is_file:
        found = {"dir": "a directory", "other": "a special file (pipe, device or socket)"}
        v.report("PP501", f"artifact {entry['path']} is {found[resolved.kind]}, not a file",
                 path_span, "point the artifact at the file that holds the content",
                 {**resolved.evidence(), "expected": "a file"}, plan_claim=True)
        return
    if resolved.is_file:
        judge_file_claims(v, entry, resolved, where)


def judge_gap_artifacts(v: Verdicts) -> None:
    """A VERIFICATION's `gaps[].artifacts[]`: missing is a finding unless the gap says so."""
    gaps = v.doc.meta.get("gaps")
    if not isinstance(gaps, list):
        return
    for gi, gap in enumerate(gaps):
        if not isinstance(gap, dict) or not isinstance(gap.get("artifacts"), list):
            continue
        for ai, entry in enumerate(gap["artifacts"]):
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                continue
            where = f"gaps[{gi}].artifacts[{ai}]"
            issue = str(entry.get("issue", ""))
            resolved = resolve_or_refuse(v, entry["path"], v.span(f"{where}.path"), "gap artifact")
            if resolved is None:
                continue
            if not resolved.exists and not NOT_THERE.search(issue):
                v.report("PP501", f"gap artifact {entry['path']} does not exist",
                         v.span(f"{where}.path"), "the gap names a file that is not in the "
                         "repository: correct the path", {**resolved.evidence(), "issue": issue or None})
            elif resolved.is_file:
                judge_file_claims(v, entry, resolved, where)


def judge_file_claims(v: Verdicts, entry: dict, resolved, where: str) -> None:
    _contains(v, entry, resolved, where)
    _min_lines(v, entry, resolved, where)
    _exports(v, entry, resolved, where)


def _contains(v: Verdicts, entry: dict, resolved, where: str) -> None:
    if "contains" not in entry:
        return
    wanted = entry["contains"]
    text = v.ev.repo.read(resolved.abspath)
    for offset, needle in enumerate(wanted if isinstance(wanted, list) else [wanted]):
        if not isinstance(needle, str) or not needle or needle in text.text:
            continue
        span = v.span(f"{where}.contains" + (f"[{offset}]" if isinstance(wanted, list) else ""))
        evidence = {**resolved.evidence(), "expected": {"contains": needle},
                    "found": f"not in the file ({len(text.text)} characters read)"}
        if text.truncated:
            evidence["truncated"] = True
            v.report("PP502", f"{entry['path']}: '{needle}' is not in the first {len(text.text)} "
                     "characters (the file is larger than planproof reads)", span, None, evidence,
                     Severity.INFO)
            continue
        severity, hint = None, "update the plan's 'contains', or add the missing code"
        result = v.ev.regex.search(needle, text.text) if REGEXY.search(needle) else None
        if result is not None and result.found:
            severity = Severity.WARNING
            evidence["regex_match"] = {"line": result.line, "text": result.match}
            hint = ("'contains' is a literal substring; this text matches only as a regular "
                    "expression (line %d): move it to a key link 'pattern' or write the literal "
                    "text" % result.line)
        v.report("PP502", f"{entry['path']} does not contain '{needle}'", span, hint, evidence,
                 severity, plan_claim=True)


def _min_lines(v: Verdicts, entry: dict, resolved, where: str) -> None:
    minimum = entry.get("min_lines")
    if isinstance(minimum, str) and minimum.strip().isdigit():
        minimum = int(minimum.strip())
    if not isinstance(minimum, int) or isinstance(minimum, bool):
        return
    count = v.ev.repo.line_count(resolved.abspath)
    if count is not None and count < minimum:
        v.report("PP503", f"{entry['path']} has {count} lines, the plan requires at least {minimum}",
                 v.span(f"{where}.min_lines"), "the file may be a stub; finish it or lower min_lines",
                 {**resolved.evidence(), "expected": {"min_lines": minimum},
                  "found": {"lines": count, "counted_as": "wc -l"}}, plan_claim=True)


def _exports(v: Verdicts, entry: dict, resolved, where: str) -> None:
    names = entry.get("exports")
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list):
        return
    repo = v.ev.repo
    for offset, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            continue
        bare = re.sub(r"\(.*$", "", name.strip().strip("`'\"")).strip()
        if bare and not repo.exports_name(resolved.abspath, bare):
            _judge_export(v, entry, resolved, bare, v.span(f"{where}.exports[{offset}]"))


def _judge_export(v: Verdicts, entry: dict, resolved, bare: str, span) -> None:
    repo = v.ev.repo
    text = repo.read(resolved.abspath).text
    exports = repo.exports(resolved.abspath)
    if exports.has(bare, text):
        return
    evidence = {**resolved.evidence(), "expected": {"export": bare},
                "found": sorted(exports.names)[:50], "language": exports.language,
                "method": exports.method}
    if exports.notes:
        evidence["notes"] = exports.notes
    if repo.read(resolved.abspath).truncated:  # the rest was not read: not "missing"
        evidence["truncated"] = True
        v.report("PP504", f"{entry['path']}: '{bare}' is not in the first {len(text):,} characters, "
                 "and the file is larger than planproof reads; the export is not confirmed", span,
                 "split the module, or drop the claim", evidence, plan_claim=True)
        return
    in_text = whole_word(bare, text)
    if exports.lower_bound and in_text:
        return
    if exports.lower_bound or (in_text and exports.language != "text"):
        message = (f"{entry['path']}: '{bare}' is in the file but not as a top-level export"
                   if in_text else f"{entry['path']}: '{bare}' is not among the exports planproof "
                   "can see (the file re-exports names it cannot list)")
        v.report("PP504", message, span, "export it at the top level, or correct the plan's "
                 "exports", evidence, Severity.WARNING, plan_claim=True)
        return
    v.report("PP504", f"{entry['path']} does not export '{bare}'", span,
             "add the export, or correct the plan's exports list", evidence, plan_claim=True)
