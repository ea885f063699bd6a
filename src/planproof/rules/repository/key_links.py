"""Judging key links: `from` and `to` resolve to files, and the link's `pattern` is found in one of
them (PP510), is a valid regular expression (PP511) searched to the end (PP513); a link that
names nothing to search is said to be unchecked (PP512)."""

from __future__ import annotations

import os

from planproof.evidence.imports import imports
from planproof.evidence.linkpatterns import holds_commands, lists_across_lines, reads_as_command
from planproof.evidence.locate import names_a_file
from planproof.evidence.paths import HOME_PREFIX, clean
from planproof.findings import Severity
from planproof.rules.repository.locating import abbreviated, follow_moves, resolve_or_refuse
from planproof.rules.repository.pathtext import ENDPOINT_PATH, PATH_TOKEN
from planproof.rules.repository.verdicts import Verdicts

UNSEARCHED = ("too-long", "timeout", "budget")


def judge_key_links(v: Verdicts) -> None:
    must = v.doc.meta.get("must_haves")
    links = must.get("key_links") if isinstance(must, dict) else None
    if not isinstance(links, list):
        return
    artifacts = must.get("artifacts") if isinstance(must.get("artifacts"), list) else []
    by_name: dict[str, str] = {}
    for entry in artifacts:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            by_name.setdefault(os.path.basename(entry["path"].strip().rstrip("/")), entry["path"])
    for index, link in enumerate(links):
        if isinstance(link, dict):
            _judge_link(v, link, f"must_haves.key_links[{index}]", by_name)


def _judge_link(v: Verdicts, link: dict, where: str, by_name: dict) -> None:
    source, source_how = _endpoint(v, link.get("from"), f"{where}.from", by_name)
    target, target_how = _endpoint(v, link.get("to"), f"{where}.to", by_name)
    if "refused" in (source_how, target_how):
        return
    pattern = link.get("pattern")
    patterns = pattern if isinstance(pattern, list) else [pattern] if pattern is not None else []
    patterns = [p for p in patterns if isinstance(p, (str, int, float)) and str(p).strip()]
    base = {"from": link.get("from"), "to": link.get("to"),
            "from_resolved": source.relative if source else None,
            "to_resolved": target.relative if target else None}
    if source_how == "missing":  # a pattern found in 'to' does not make 'from' exist
        v.report("PP510", f"key link source {source.relative} does not exist",
                 v.span(f"{where}.from"), "correct 'from', or create the file",
                 {**base, "expected": "an existing file", "found": "nothing"}, plan_claim=True)
        return
    if patterns:
        target = target if target_how != "missing" else None
        for offset, raw in enumerate(patterns):
            span = v.span(f"{where}.pattern" + (f"[{offset}]" if isinstance(pattern, list) else ""))
            _judge_pattern(v, str(raw), span, source, target, base)
        return
    _judge_mention(v, link, where, source, source_how, target, base)


def _endpoint(v: Verdicts, value, where: str, by_name: dict):
    """(resolved, how) for a key link's from/to: a path, an artifact's name, a path token."""
    if not isinstance(value, str) or not value.strip():
        return None, "empty"
    candidates = _endpoint_candidates(value.strip(), by_name)
    for written, how in candidates:
        if written.startswith("/") and not HOME_PREFIX.match(written):
            continue  # `/api/v1/items`: a URL route, not a path on this machine
        resolved = follow_moves(v, v.ev.resolve(v.doc, written))
        if resolved.refused:
            resolve_or_refuse(v, written, v.span(where), "key link path")
            return None, "refused"
        if resolved.exists:
            return resolved, how
    # `tiger.county` is a column, `geo-api-secret` a k8s object: only file names can be missing
    candidates = [(w, how) for w, how in candidates if names_a_file(w) or how == "artifact name"]
    for written, how in candidates:
        found = abbreviated(v, written)
        if found is not None:
            return found, f"{how}, found as {found.relative}"
    if candidates:
        return v.ev.resolve(v.doc, candidates[0][0]), "missing"
    return None, "not a path"


def _endpoint_candidates(text: str, by_name: dict) -> list[tuple[str, str]]:
    cleaned = clean(text)
    candidates = []
    if ENDPOINT_PATH.match(cleaned) and " " not in cleaned:
        candidates.append((cleaned, "path"))
    if cleaned in by_name:
        candidates.append((by_name[cleaned], "artifact name"))
    for token in PATH_TOKEN.findall(text):
        if token in by_name:
            candidates.append((by_name[token], "artifact name"))
        candidates.append((token, "first path-like token"))
    return candidates


def _judge_mention(v: Verdicts, link: dict, where: str, source, source_how: str, target,
                   base: dict) -> None:
    """A link without a pattern: 'from' must mention 'to' (its path, file name or stem)."""
    if source is None or not source.is_file:
        v.report("PP512", "key link cannot be checked: 'from' is not a file in the repository",
                 v.span(f"{where}.from"), "write 'from' as a path relative to the root, or add a "
                 "'pattern'", {**base, "from_how": source_how}, Severity.INFO)
        return
    names = _mentions(link.get("to"), target)
    if not names:
        v.report("PP512", "key link cannot be checked: it has no 'pattern' and 'to' is not a name "
                 "planproof can look for", v.span(f"{where}.to"),
                 "add a 'pattern' (a regex searched in 'from')", base, Severity.INFO)
        return
    text = v.ev.repo.read(source.abspath).text
    if not any(name in text for name in names):
        v.report("PP510", f"{source.relative} does not mention {link.get('to')}",
                 v.span(f"{where}.to"), "wire the link, or add a precise 'pattern'",
                 {**base, "expected": {"any_of": names}, "found": "none of them in 'from'"},
                 plan_claim=True)


def _mentions(to_value, target) -> list[str]:
    names = []
    if isinstance(to_value, str):
        cleaned = clean(to_value)
        if cleaned and " " not in cleaned:
            names.append(cleaned)
    if target is not None and target.relative not in ("", "."):
        relative = target.relative.rstrip("/")
        base = os.path.basename(relative)
        stem = os.path.splitext(base)[0]
        names += [relative, base] + ([stem] if len(stem) >= 3 else [])
    return list(dict.fromkeys(n for n in names if n))


def _judge_pattern(v: Verdicts, pattern: str, span, source, target, base: dict) -> None:
    searched = []
    for endpoint in (source, target):
        if endpoint is None or not endpoint.is_file or endpoint.relative in searched:
            continue
        searched.append(endpoint.relative)
        if _pattern_settled(v, pattern, endpoint, span, base):
            return
    if not searched:
        v.report("PP512", "key link cannot be checked: neither 'from' nor 'to' is a file in the "
                 "repository", span, "write 'from' as a path relative to the root", base,
                 Severity.INFO)
        return
    _pattern_not_found(v, pattern, span, source, target, searched,
                       {**base, "expected": {"pattern": pattern}, "searched": searched,
                        "found": "no match"})


def _pattern_settled(v: Verdicts, pattern: str, endpoint, span, base: dict) -> bool:
    """Search one endpoint: True when that settles the link (found, or reported as invalid or
    not searched to the end)."""
    text = v.ev.repo.read(endpoint.abspath)
    result = v.ev.regex.search(pattern, text.text)
    if result.status == "invalid":
        v.report("PP511", f"key link pattern is not a valid regular expression: {result.detail}",
                 span, "escape regex characters such as ( [ . with a backslash (doubled inside "
                 "YAML double quotes)", {**base, "pattern": pattern, "regex_error": result.detail})
        return True
    if result.status in UNSEARCHED:
        v.report("PP513", f"key link pattern was not searched to the end: {result.detail}", span,
                 "simplify the pattern: nested quantifiers like (a+)+ backtrack exponentially",
                 {**base, "pattern": pattern[:200], "searched": endpoint.relative,
                  "limit": result.status})
        return True
    if result.found or v.ev.regex.search(pattern, _line_pairs(text.text)).found:
        return True  # the second search lets `.*` reach the next line, and no further
    # `resources:.*x\.yaml`: a YAML list item a few lines below its key
    return lists_across_lines(endpoint.relative) and \
        v.ev.regex.search_near(pattern, text.text).found


def _pattern_not_found(v: Verdicts, pattern: str, span, source, target, searched: list[str],
                       evidence: dict) -> None:
    where = " or ".join(searched)
    if reads_as_command(pattern) and not any(holds_commands(p) for p in searched):
        v.report("PP512", f"key link cannot be checked: the pattern '{pattern}' reads like a "
                 f"command run on {where}, not text in it", span, "use a pattern the file "
                 "contains (a name, a setting); list the command under <verify>",
                 {**evidence, "found": "a command, not searched for"}, Severity.INFO)
        return
    wired = _wired(v, source, target)
    if wired:
        importer, imported, statement = wired
        v.report("PP510", f"key link pattern '{pattern}' not found in {where}, but {importer} "
                 f"imports {imported}: the link looks wired and the pattern is stale", span,
                 "update the pattern to what the code says now", {**evidence, "import": statement},
                 Severity.WARNING, plan_claim=True)
        return
    v.report("PP510", f"key link pattern '{pattern}' not found in {where}", span,
             "the link is not wired, or the pattern is stale: correct one of them", evidence,
             plan_claim=True)


def _wired(v: Verdicts, source, target) -> tuple[str, str, str] | None:
    """(importer, imported, statement) when one endpoint imports the other (a package's
    `__init__` often imports the module that the link starts from)."""
    if source is None or target is None or not source.is_file or not target.is_file:
        return None
    for one, other in ((source, target), (target, source)):
        statement = imports(one.relative, v.ev.repo.read(one.abspath).text, other.relative)
        if statement:
            return one.relative, other.relative, statement
    return None


def _line_pairs(text: str) -> str:
    """Each line joined with the next (one per line): a search here spans at most two lines."""
    lines = text.split("\n")
    return "\n".join(f"{a} {b.lstrip()}" for a, b in zip(lines, lines[1:]))
