"""How a judgement about a repository claim becomes a finding, and where one pass keeps them.

Every finding's evidence names the root it was judged against and, when judged at a commit, the
commit (`judged_at`). Plans without a SUMMARY next to them have not been executed yet: what they
promise may not exist yet, so their claims are reported at `info` severity, saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planproof.findings import Fix, Severity, Span, Violation

UNEXECUTED = " (plan not executed yet: no {summary} next to it)"


@dataclass
class Outcomes:
    """Everything the PP5xx checks found in one document, by rule code."""

    by_code: dict[str, list[Violation]] = field(default_factory=dict)

    def add(self, code: str, violation: Violation) -> None:
        self.by_code.setdefault(code, []).append(violation)

    def get(self, code: str) -> list[Violation]:
        return self.by_code.get(code, [])

    def keep(self, codes, wanted) -> None:
        """Keep, of the findings of `codes`, only those for which `wanted(violation)` is true."""
        for code in codes:
            if code in self.by_code:
                self.by_code[code] = [v for v in self.by_code[code] if wanted(v)]


class Verdicts:
    """One pass over one document at one point in history: `ev` is the run's Evidence (the work
    tree) or an EvidenceView at one commit (when_written.py), and `outcomes` what was found."""

    def __init__(self, doc, ev, judged_at: dict | None = None) -> None:
        self.doc = doc
        self.ev = ev
        self.judged_at = judged_at or ev.judged_at
        self.outcomes = Outcomes()
        self.executed = doc.kind == "PLAN" and ev.executed(doc)
        self.downgrade = doc.kind == "PLAN" and not self.executed
        self.root = ev.relative_root(doc)

    def span(self, key_path: str) -> Span:
        """Where a frontmatter value is written (the file's start without frontmatter)."""
        return self.doc.frontmatter.span(key_path)

    def report(self, code: str, message: str, span: Span, hint: str | None, evidence: dict,
               severity: Severity | None = None, plan_claim: bool = False,
               fix: Fix | None = None) -> None:
        """Record a finding; `plan_claim`: a promise of the plan, info while it is not executed."""
        evidence = {"root": self.root, **evidence}
        if self.judged_at and code != "PP550":
            evidence["judged_at"] = self.judged_at
        if plan_claim and self.downgrade:
            message += UNEXECUTED.format(summary=self.ev.summary_name(self.doc))
            severity = Severity.INFO
        self.outcomes.add(code, Violation(message, span, hint, evidence, severity, fix))
