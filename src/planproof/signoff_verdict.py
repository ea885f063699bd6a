"""`planproof signoff PHASE`: a deterministic verdict on whether one phase can be signed off.

The verdict is built on the findings of `pipeline.run(..., mode="verify")` over the phase folder
and the planning documents around it (ROADMAP, STATE, REQUIREMENTS), plus the tree model. Every
rule family that lands in planproof (claims, repository, coverage, tree) therefore feeds the
verdict without changes here:

- plans-executed         every PLAN has a SUMMARY (tree model; PP701/PP702/PP316 as evidence)
- verification-exists    the phase has a VERIFICATION report
- verification-status    its status is `passed` (human_needed: pending a person; else not ready)
- verification-consistent the report agrees with itself (PP4xx findings on it)
- gaps-closed            nothing open in its `gaps`
- must-haves             artifacts and key links verify against the repository (PP5xx)
- coverage-and-tests     coverage and test-result claims are confirmed by evidence (PP6xx)
- planning-tree          cross-document findings about the phase (PP7xx)
- documents              no other error-severity finding on the phase's documents
- human-checks           human verification items: listed, they need a person

Verdicts and exit codes: ready (0), not ready (1), ready pending human checks (3, or 0 with
`--allow-human`); usage or internal errors exit 2.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from planproof.findings import Finding, Severity
from planproof.planning import ids

EXIT_READY, EXIT_NOT_READY, EXIT_ERROR, EXIT_PENDING_HUMAN = 0, 1, 2, 3
PASS, FAIL, HUMAN, SKIP = "pass", "fail", "needs-person", "not-checked"
CLOSED_GAP_STATUSES = {"resolved", "fixed", "closed", "passed", "verified", "done", "deferred"}
FAILING = (Severity.ERROR, Severity.WARNING)


class SignoffError(Exception):
    """The phase cannot be found or the arguments are wrong (exit 2)."""


@dataclass
class Check:
    """One question of the sign-off, its status and what it rests on."""

    id: str
    title: str
    status: str
    summary: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status, "summary": self.summary,
                "evidence": self.evidence, "findings": [f.to_dict() for f in self.findings]}


@dataclass
class Signoff:
    """The sign-off of one phase (public: `planproof.Signoff`): each check, the verdict."""

    phase_number: str | None
    phase_folder: str
    checks: list[Check]
    human_checks: list[dict[str, Any]]
    findings: list[Finding]
    documents: list[str]
    internal_errors: list[Finding] = field(default_factory=list)
    inputs: dict[str, Any] = field(default_factory=dict)  # root, coverage and junit data used

    @property
    def verdict(self) -> str:
        """"not-ready" (a check failed), "ready-pending-human" (checks a person must do
        remain) or "ready"."""
        if any(c.status == FAIL for c in self.checks):
            return "not-ready"
        if any(c.status == HUMAN for c in self.checks):
            return "ready-pending-human"
        return "ready"

    def exit_code(self, allow_human: bool = False) -> int:
        """`planproof signoff`'s exit code: 0 ready, 1 not ready, 3 pending human checks (0 with
        `allow_human`), 2 on an internal error."""
        if self.internal_errors:
            return EXIT_ERROR
        return {"ready": EXIT_READY, "not-ready": EXIT_NOT_READY,
                "ready-pending-human": EXIT_READY if allow_human else EXIT_PENDING_HUMAN}[self.verdict]

    def to_dict(self, allow_human: bool = False) -> dict[str, Any]:
        """The JSON form (`planproof signoff --format json`)."""
        from planproof.__about__ import __version__

        return {"version": __version__,
                "phase": {"number": self.phase_number, "folder": self.phase_folder},
                "verdict": self.verdict, "exit_code": self.exit_code(allow_human),
                "inputs": self.inputs,
                "checks": [c.to_dict() for c in self.checks],
                "human_checks": self.human_checks,
                "documents": self.documents,
                "findings": [f.to_dict() for f in self.findings]}


# -- finding the phase --------------------------------------------------------------------------


def _where(paths: list[str]) -> str:
    return ", ".join(paths) or "the default paths"


def find_phase(phase_arg: str, paths: list[str], settings):
    """(tree, phase) for PHASE: a number like 12 or 09.1, a folder name, or a folder path."""
    from planproof import document as document_module
    from planproof.discovery import DiscoveryError, discover
    from planproof.planning.forest import build_forest
    from planproof.planning.ids import exact_number

    try:
        sources = discover(paths, settings.exclude)
    except DiscoveryError as exc:
        raise SignoffError(str(exc)) from exc
    if not sources:
        raise SignoffError(f"no planning documents (*.md) under {_where(paths)}: nothing to sign off")
    docs = [document_module.load(s.path, s.abspath, settings.max_file_size) for s in sources]
    forest = build_forest(docs)
    phases = [(tree, phase) for tree in forest for phase in tree.phases]
    if os.path.isdir(phase_arg):
        wanted = os.path.abspath(phase_arg)
        matches = [(t, p) for t, p in phases if p.folder == wanted]
    else:
        number = exact_number(phase_arg)
        if number is not None:
            matches = [(t, p) for t, p in phases if p.number == number]
        else:
            name = phase_arg.rstrip("/\\")
            matches = [(t, p) for t, p in phases if p.name == name or p.name.startswith(name + "-")]
    active = [(t, p) for t, p in matches if not p.archived]
    if len(active) == 1 or (not active and len(matches) == 1):
        return (active or matches)[0]
    known = ", ".join(sorted({p.name for _, p in phases})[:30]) or "none"
    if not matches:
        raise SignoffError(f"no phase {phase_arg!r} under {_where(paths)} "
                           f"(phase folders found: {known})")
    raise SignoffError(f"phase {phase_arg!r} is ambiguous: "
                       + ", ".join(p.display for _, p in (active or matches))
                       + " (name the folder instead)")


def _run_paths(tree, phase) -> list[str]:
    """The phase folder plus the documents that speak about it (ROADMAP, STATE, requirements)."""
    paths = [phase.display]
    for doc in tree.docs:
        if doc.kind in ("ROADMAP", "STATE") or doc in tree.requirement_docs:
            paths.append(doc.path)
    return paths


# -- the checks -----------------------------------------------------------------------------------


def decide(phase_arg: str, paths: list[str], settings) -> Signoff:
    """The verdict on PHASE (see the module docstring), from a verify run over the phase."""
    from planproof import pipeline
    from planproof.planning.forest import build_forest

    tree, phase = find_phase(phase_arg, paths, settings)
    # one phase is quick to check, and signoff has no cache options: it writes nothing
    result = pipeline.run(_run_paths(tree, phase), dataclasses.replace(settings, cache=False), "verify")
    # the same phase, seen through the documents of the verify run
    phase_docs = {os.path.abspath(d.abspath) for d in result.documents
                  if os.path.dirname(os.path.abspath(d.abspath)) == phase.folder
                  or os.path.dirname(os.path.dirname(os.path.abspath(d.abspath))) == phase.folder}
    run_phase = next(p for t in build_forest(result.documents) for p in t.phases
                     if p.folder == phase.folder)
    by_path = {d.path: d for d in result.documents}
    on_phase = [f for f in result.findings
                if f.path in by_path and os.path.abspath(by_path[f.path].abspath) in phase_docs]
    about_phase = on_phase + [f for f in result.findings if f not in on_phase
                              and f.code.startswith("PP7") and _mentions(f, phase)]
    internal = [f for f in result.findings if f.code == "PP000"]  # anywhere: the verdict is incomplete
    about_phase += [f for f in internal if f not in about_phase]

    checks = [
        _plans_executed(run_phase, about_phase),
        *_verification_checks(run_phase, on_phase),
        _family_check("must-haves", "must-have artifacts and key links verify", "PP5", on_phase,
                      "every artifact and key link of the phase's plans verifies against the repository",
                      settings),
        _family_check("coverage-and-tests", "coverage and test claims are confirmed", "PP6", on_phase,
                      "every coverage and test claim that evidence can check is confirmed", settings),
        _tree_check(about_phase),
        _documents_check(on_phase),
    ]
    human = _human_items(run_phase)
    human_check = Check("human-checks", "human verification", HUMAN if human else PASS,
                        f"{len(human)} item(s) need a person" if human else "no human verification items",
                        evidence=human)
    checks.append(human_check)
    return Signoff(phase.number, phase.display, checks, human, sorted(about_phase, key=Finding.sort_key),
                   sorted(d.path for d in result.documents if os.path.abspath(d.abspath) in phase_docs),
                   internal, {"root": settings.root, "coverage": list(settings.coverage),
                              "junit": list(settings.junit)})


def _mentions(finding: Finding, phase) -> bool:
    evidence = finding.evidence or {}
    return evidence.get("phase") in (phase.display, phase.number)


def _plans_executed(phase, findings) -> Check:
    plans = phase.plans
    missing = [e for e in plans if e.summary is None]
    orphans = [e for e in phase.entries if e.plan is None]
    related = [f for f in findings if f.code in ("PP701", "PP702", "PP316")]
    evidence = [{"plan": e.label, "plan_file": e.plan.path if e.plan else None,
                 "summary_file": e.summary.path if e.summary else None} for e in phase.entries]
    if not plans:
        return Check("plans-executed", "every PLAN has a SUMMARY", FAIL, "the phase has no PLAN",
                     evidence, related)
    problems = []
    if missing:
        problems.append("no SUMMARY for " + ", ".join(e.label for e in missing))
    if orphans:
        problems.append("SUMMARY without PLAN: " + ", ".join(e.label for e in orphans))
    if any(f.code == "PP316" for f in related):
        problems.append("duplicate plan ids")
    if problems:
        return Check("plans-executed", "every PLAN has a SUMMARY", FAIL, "; ".join(problems),
                     evidence, related)
    return Check("plans-executed", "every PLAN has a SUMMARY", PASS,
                 f"{len(plans)}/{len(plans)} plans have a SUMMARY", evidence, related)


def _verification_checks(phase, findings) -> list[Check]:
    reports = _phase_reports(phase)
    if not reports:
        return [Check("verification-exists", "a VERIFICATION report exists", FAIL,
                      f"no {phase.number and ids.format_phase(phase.number) or 'NN'}-VERIFICATION.md "
                      f"in {phase.display}")]
    doc = reports[0]
    checks = [Check("verification-exists", "a VERIFICATION report exists", PASS, doc.path,
                    [{"path": doc.path}])]
    status = doc.meta.get("status")
    line = doc.frontmatter.span("status").line if "status" in doc.meta else 1
    text = str(status).strip() if status is not None else None
    lowered = (text or "").lower()
    evidence = [{"path": doc.path, "line": line, "status": text}]
    if lowered == "passed":
        checks.append(Check("verification-status", "VERIFICATION status is passed", PASS,
                            "status: passed", evidence))
    elif lowered == "human_needed":
        checks.append(Check("verification-status", "VERIFICATION status is passed", HUMAN,
                            "status: human_needed (the automated checks passed; a person must finish)",
                            evidence))
    else:
        why = "no status in the frontmatter" if text is None else f"status: {text}"
        checks.append(Check("verification-status", "VERIFICATION status is passed", FAIL, why, evidence))

    own = [f for f in findings if f.path == doc.path and f.code.startswith("PP4") and f.severity in FAILING]
    checks.append(Check("verification-consistent", "the VERIFICATION agrees with itself",
                        FAIL if own else PASS,
                        f"{len(own)} contradiction(s) in {os.path.basename(doc.path)}" if own
                        else "no contradiction found by the claims rules (PP4xx)", [], own))
    checks.append(_gaps_check(doc))
    return checks


def _phase_reports(phase):
    """Phase-level VERIFICATION reports first (`12-VERIFICATION.md`), plan-level ones after."""
    def key(doc):
        name = os.path.basename(doc.path)
        return (ids.exact_number(ids.stem_of(name, "VERIFICATION") or "") is None, name)

    return sorted(phase.verifications, key=key)


def _gaps_check(doc) -> Check:
    gaps = doc.meta.get("gaps")
    if not isinstance(gaps, list):
        gaps = [] if gaps in (None, "", [], {}) else [gaps]
    open_gaps = []
    for index, gap in enumerate(gaps):
        status = str(gap.get("status", "")).strip().lower() if isinstance(gap, dict) else ""
        if status in CLOSED_GAP_STATUSES:
            continue
        truth = gap.get("truth") if isinstance(gap, dict) else gap
        open_gaps.append({"path": doc.path, "line": doc.frontmatter.span(f"gaps[{index}]").line,
                          "truth": truth, "status": status or None,
                          "reason": gap.get("reason") if isinstance(gap, dict) else None})
    if open_gaps:
        return Check("gaps-closed", "nothing left in gaps", FAIL, f"{len(open_gaps)} open gap(s)", open_gaps)
    return Check("gaps-closed", "nothing left in gaps", PASS,
                 f"{len(gaps)} gap(s), all closed" if gaps else "no gaps listed")


# a claim that held when the phase was completed and changed since (PP532), and the notice that
# history was unavailable (PP533), never block: the claims themselves are judged and block
NON_BLOCKING_REPOSITORY = ("PP532", "PP533")


def _family_check(check_id, title, prefix, findings, passed_text, settings) -> Check:
    from planproof.rules import all_rules

    rules = [r for code, r in all_rules().items() if code.startswith(prefix)]
    mine = [f for f in findings if f.code.startswith(prefix)]
    failing = [f for f in mine if f.severity in FAILING and f.code not in NON_BLOCKING_REPOSITORY]
    notes = [{"code": f.code, "path": f.path, "line": f.line, "message": f.message}
             for f in mine if f not in failing]
    if not rules:
        return Check(check_id, title, SKIP, f"no {prefix}xx rules are installed in this planproof")
    if failing:
        return Check(check_id, title, FAIL, f"{len(failing)} finding(s) refute the documents", notes, failing)
    summary = passed_text
    if prefix == "PP6" and not (settings.coverage or settings.junit):
        summary += " (no --coverage or --junit given: only data found at the root, if any, was used)"
    return Check(check_id, title, PASS, summary, notes)


NON_BLOCKING_TREE = ("PP701", "PP702",  # reported by plans-executed
                     "PP707")  # a stale, unchecked ROADMAP line: bookkeeping, listed as a note


def _tree_check(findings) -> Check:
    mine = [f for f in findings if f.code.startswith("PP7")]
    failing = [f for f in mine if f.severity in FAILING and f.code not in NON_BLOCKING_TREE]
    notes = [{"code": f.code, "path": f.path, "line": f.line, "message": f.message}
             for f in mine if f not in failing and f.code not in ("PP701", "PP702")]
    if failing:
        return Check("planning-tree", "the planning tree agrees about the phase", FAIL,
                     f"{len(failing)} cross-document finding(s)", notes, failing)
    summary = "ROADMAP, requirements and STATE agree with the phase folder"
    if notes:
        summary += f" ({len(notes)} note(s), e.g. {notes[0]['code']}: {notes[0]['message']})"
    return Check("planning-tree", "the planning tree agrees about the phase", PASS, summary, notes)


def _documents_check(findings) -> Check:
    covered = ("PP4", "PP5", "PP6", "PP7")
    errors = [f for f in findings if f.severity == Severity.ERROR and not f.code.startswith(covered)
              and f.code != "PP316"]  # duplicate plan ids: reported by plans-executed
    if errors:
        return Check("documents", "the phase's documents have no errors", FAIL,
                     f"{len(errors)} error(s) in the phase's documents", [], errors)
    return Check("documents", "the phase's documents have no errors", PASS,
                 "no error-severity finding on the phase's documents")


def _human_items(phase) -> list[dict[str, Any]]:
    items = []
    reports = _phase_reports(phase)
    if not reports:
        return items
    doc = reports[0]
    raw = doc.meta.get("human_verification")
    if isinstance(raw, list):
        for index, item in enumerate(raw):
            entry = {"path": doc.path, "line": doc.frontmatter.span(f"human_verification[{index}]").line}
            if isinstance(item, dict):
                entry.update({k: item.get(k) for k in ("test", "expected", "why_human") if k in item})
            else:
                entry["test"] = str(item)
            items.append(entry)
    if not items and str(doc.meta.get("status", "")).strip().lower() == "human_needed":
        items.append({"path": doc.path, "line": doc.frontmatter.span("status").line,
                      "test": "the VERIFICATION says human_needed but lists no items; read its body"})
    return items
