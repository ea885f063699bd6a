"""The `planproof signoff` report: the verdict, each check, what needs a person (text or JSON).

The verdict itself is decided in signoff_verdict.py."""

from __future__ import annotations

from typing import IO, Any

from planproof.signoff_verdict import FAIL, HUMAN, PASS, SKIP, Signoff

MARK = {PASS: "pass", FAIL: "FAIL", HUMAN: "PERSON", SKIP: "skip"}
VERDICT_TEXT = {"ready": "READY", "not-ready": "NOT READY",
                "ready-pending-human": "READY PENDING HUMAN CHECKS"}


def render_text(result: Signoff, stream: IO[str], allow_human: bool = False) -> None:
    """Every value that comes from a document or a file name is escaped (`printable`): a human
    check cannot paint a fake verdict on the terminal."""
    from planproof.report.text import printable as p

    write = stream.write
    label = f"Phase {p(result.phase_number)}" if result.phase_number else "Phase"
    write(f"{label} ({p(result.phase_folder)}): {VERDICT_TEXT[result.verdict]}\n\n")
    for check in result.checks:
        write(f"  [{MARK[check.status]:>6}] {check.title}: {p(check.summary)}\n")
        if check.status == FAIL:
            for finding in check.findings:
                write(f"           {p(finding.path)}:{finding.line}:{finding.column}: {finding.code} "
                      f"{p(finding.message)}\n")
            if not check.findings:
                for item in check.evidence[:20]:
                    write(f"           {p(_evidence_line(item))}\n")
    if result.human_checks:
        write("\nNeeds a person:\n")
        for item in result.human_checks:
            write(f"  - {p(item.get('test'))}")
            if item.get("expected"):
                write(f" (expected: {p(item['expected'])})")
            write(f"  [{p(item['path'])}:{item['line']}]\n")
    failed = [c for c in result.checks if c.status == FAIL]
    write("\n")
    if result.internal_errors:
        write(f"Verdict incomplete: {len(result.internal_errors)} internal error(s) (PP000)\n")
    elif failed:
        write(f"Not ready: {len(failed)} check(s) failed ({', '.join(c.id for c in failed)}).\n")
    elif result.verdict == "ready-pending-human":
        note = " (--allow-human: exit 0)" if allow_human else ""
        write(f"Ready pending human checks: {len(result.human_checks)} item(s) need a person{note}.\n")
    else:
        write("Ready for sign-off.\n")


def _evidence_line(item: dict[str, Any]) -> str:
    if "truth" in item:
        return f"{item['path']}:{item['line']}: gap: {item['truth']} ({item.get('status') or 'open'})"
    if "status" in item and "path" in item:
        return f"{item['path']}:{item.get('line', 1)}: status: {item['status']}"
    if "plan" in item:
        return f"plan {item['plan']}: PLAN {item.get('plan_file') or '-'}, SUMMARY {item.get('summary_file') or '-'}"
    return ", ".join(f"{k}={v}" for k, v in item.items())


def render_json(result: Signoff, stream: IO[str], allow_human: bool = False) -> None:
    import json

    json.dump(result.to_dict(allow_human), stream, indent=2, default=str)
    stream.write("\n")
