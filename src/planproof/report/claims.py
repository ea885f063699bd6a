"""The `planproof claims FILE...` report: every claim, where it is, what was parsed, its verdict,
then the PP4xx findings (text or JSON)."""

from __future__ import annotations

from typing import IO, Any

from planproof.claims.model import Num, Range
from planproof.findings import Span


def _values_text(claim) -> str:
    parts = []
    for name, value in claim.values().items():
        if value is None or value == {} or value == [] or isinstance(value, Span):
            continue
        if isinstance(value, (Num, Range)):
            text = value.text + ("%" if value.percent and not value.text.endswith("%") else "")
        elif isinstance(value, list):
            text = "[" + ", ".join(v.text if isinstance(v, (Num, Range)) else str(v) for v in value) + "]"
        else:
            text = str(value)
        parts.append(f"{name}={text}")
    return " ".join(parts)


def collect(result) -> list[dict[str, Any]]:
    """Per document of a run (`planproof.lint` with the PP4xx selection): its claims with their
    verdicts, the relations between them, and the findings the run kept for it."""
    from planproof.claims.extract import extract_claims
    from planproof.claims.relations import relations
    from planproof.claims.verdict import verdict

    by_path: dict[str, list] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    return [{"path": doc.path, "claims": [(claim, verdict(claim)) for claim in extract_claims(doc)],
             "findings": by_path.get(doc.path, []), "relations": relations(doc)}
            for doc in result.documents]


def _relation_line(path: str, relation) -> str:
    """`path:5:1: relation summary-table (with lines 9, 10) -> inconsistent: message`."""
    lines = relation.related_lines
    shown = ", ".join(str(n) for n in lines[:8]) + (", ..." if len(lines) > 8 else "")
    status = "consistent" if relation.consistent else "inconsistent"
    return (f"{path}:{relation.span.line}:{relation.span.column}: relation {relation.check} "
            f"(with line{'s' if len(lines) != 1 else ''} {shown}) -> {status}: "
            f"{relation.message}\n")


def render_text(files: list[dict[str, Any]], stream: IO[str]) -> None:
    """One line per claim; document text and file names are escaped (`printable`), so a file
    name or a claim cannot forge a line or clear the screen."""
    from planproof.report.text import printable as p

    total = inconsistent = 0
    for entry in files:
        for claim, result in entry["claims"]:
            total += 1
            status = result.status
            if result.failed:
                inconsistent += 1
            where = f"{p(entry['path'])}:{claim.span.line}:{claim.span.column}:"
            context = []
            if claim.subject:
                context.append(f"subject={claim.subject}")
            if claim.unit:
                context.append(f"unit={claim.unit}")
            if claim.role:
                context.append(f"role={claim.role}")
            line = f"{where} {claim.kind} {claim.text!r} {p(_values_text(claim))}"
            if context:
                line += " [" + p(" ".join(context)) + "]"
            line += f" -> {status}"
            if result.message and status != "unchecked":
                line += f": {p(result.message)}"
            stream.write(line + "\n")
        for relation in entry.get("relations", ()):
            stream.write(_relation_line(entry["path"], relation))
        for finding in entry["findings"]:
            stream.write(f"{p(entry['path'])}:{finding.line}:{finding.column}: {finding.code} "
                         f"{p(finding.message)}\n")
    findings = sum(len(e["findings"]) for e in files)
    related = sum(len(e.get("relations", ())) for e in files)
    stream.write(f"{total} claims in {len(files)} files; {inconsistent} inconsistent; "
                 f"{related} relations between claims; {findings} PP4xx findings.\n")


def render_json(files: list[dict[str, Any]], stream: IO[str]) -> None:
    import json

    payload = {"files": [
        {"path": entry["path"],
         "claims": [{**claim.to_dict(), "verdict": result.to_dict()}
                    for claim, result in entry["claims"]],
         "relations": [relation.to_dict() for relation in entry.get("relations", ())],
         "findings": [finding.to_dict() for finding in entry["findings"]]}
        for entry in files]}
    json.dump(payload, stream, indent=2, ensure_ascii=False, default=str)
    stream.write("\n")
