"""PP5xx: claims about the repository, checked against the working tree and git (verify only).

All checks of one document run in one pass (`_outcomes`, memoised through `ctx.evidence`); each
rule reports its own code from that pass. Files are read through `ctx.evidence` only, and nothing
written in a document is ever executed: `<verify>` commands and human checks are listed (PP550).

Plans without a SUMMARY next to them have not been executed yet: what they promise may not exist
yet, so their artifact and key-link findings are reported at `info` severity.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from planproof import lazyre
from planproof.claim_fixes import count_fix
from planproof.evidence.testfiles import is_test_module
from planproof.fences import prose_lines
from planproof.findings import FILE_START, Fix, Severity, Span, Violation
from planproof.rules import rule
from planproof.rules.examples import EXECUTED_PLAN, SOURCES, artifact, key_link, summary_line

PATH_TOKEN = lazyre.compile(r"(?<![\w@$~/.-])((?:\.{1,2}/)?[\w@.-]+(?:/[\w@.+-]+)*(?:\.[A-Za-z0-9]{1,8}|/))"
                            r"(?![\w/])")
PATHLIKE = lazyre.compile(r"^(?:\.{0,2}/)?[\w@.+-]+(?:/[\w@.+ -]*)*$")
REGEXY = lazyre.compile(r"\.[*+?]|\\[.()\[\]{}sSdDwWb]|\|")  # reads as a regex, not a literal
DELETION = lazyre.compile(r"\b(?:delet|remov|drop|rm\b|renam|mov(?:e|ed|ing) to)", re.I)
NOT_THERE = lazyre.compile(r"missing|not (?:exist|found|created|present)|does ?n[o']t exist|absent|"
                           r"deleted|removed|no such file", re.I)
UNTRACKED = lazyre.compile(r"git-?ignored|not (?:committed|tracked|in git)|untracked", re.I)
COUNT = lazyre.compile(
    r"(?<![\w/.+-])(?P<approx>~\s?|≈\s?|about\s+|approx(?:imately|\.)?\s+|around\s+|roughly\s+)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?P<plus>\+)?\s*"
    r"(?P<unit>lines?|LOC|tests?|test\s+cases?|test\s+functions?)\b(?!\s+(?:of|from|in\b|deleted|"
    r"removed|added|changed|inserted|per|to\b|long|above|below|before|after|class|file|suite|"
    r"module|stub|helper|fixture|run|plan|group|categor|area|scenario))", re.I)
AT_LEAST_BEFORE = lazyre.compile(r"(?:\bmin(?:imum)?\.?|\bat least|>=|≥|\bover|\bmore than)\s*:?\s*$", re.I)
SKIP_BEFORE = lazyre.compile(r"(?:\bmax(?:imum)?\.?|\bunder|\bless than|\bup to|<=|≤|<|\bin|\bof|\bfor|"
                             r"\bacross|\bamong|\bfrom|\bto|\bper|\bby|"
                             r"\b(?:plan|phase|task|wave|step|truth|item)\s*#?)\s*:?\s*$", re.I)
TEST_VETO = lazyre.compile(r"\b(?:suite|total|overall|whole|full|all tests|regression)", re.I)
COUNT_VETO = lazyre.compile(r"\b(?:delet|remov|insert|chang|diff|added|adds|shrunk|grew|grow|reduc|"
                            r"increas|decreas|before|was\b|from\s+\d)|[+-]\d+\s*(?:lines|tests)", re.I)
HASH = lazyre.compile(r"(?<![\w#/.:@+=-])([0-9a-f]{7,40})(?![\w/@+=-]|\.\w)")
COMMIT_WORD = lazyre.compile(r"commit", re.I)
NOT_A_COMMIT = lazyre.compile(r"revision|migration|alembic|uuid|checksum|sha-?256|digest|color|colour|"
                              r"token|\bkey\b|\bid\b", re.I)
NEAR_NOT_A_COMMIT = lazyre.compile(r"\bpods?\b|replicaset|container|\bimage\b|actions/|\buses:|"
                                   r"\bpinned\b|\betag\b", re.I)
TABLE_RULE = lazyre.compile(r"^\s*\|?\s*:?-{3,}")
COMMIT_HEADER = lazyre.compile(r"commit", re.I)
COMMIT_JUST_BEFORE = lazyre.compile(r"\bcommit(?:s|ted)?\b[\s:*`#(]{0,4}$", re.I)
URI = lazyre.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # `cluster://ns/x`, `s3://bucket/key`
SUBSET_AFTER = lazyre.compile(r"\s*(?:are\s+|were\s+|still\s+)?(?:failing|failed|fail|skipped|broken|"
                              r"erroring|errored|flaky|xfail\w*|pending|fixed|updated|modified)\b",
                              re.I)
FAILURES = lazyre.compile(r"\b(?:fail(?:s|ed|ing|ures?)|broken|skipped|xfail\w*|flaky|"
                          r"pre-?existing)\b", re.I)
ADDED = lazyre.compile(r"\b(?:added|adds|adding|new)\b", re.I)
APPROX_TOLERANCE = 0.10  # `~968 lines` accepts 10% either way (at least 2 lines)
UNEXECUTED = " (plan not executed yet: no {summary} next to it)"


@dataclass
class Outcomes:
    """Everything the PP5xx checks found in one document, by rule code."""

    by_code: dict[str, list[Violation]] = field(default_factory=dict)

    def add(self, code: str, violation: Violation) -> None:
        self.by_code.setdefault(code, []).append(violation)

    def get(self, code: str) -> list[Violation]:
        return self.by_code.get(code, [])


def _outcomes(doc, ctx) -> Outcomes:
    return ctx.evidence.memo(doc, "pp5", lambda: _check_document(doc, ctx))


def _reporter(code: str):
    def check(doc, ctx):
        if doc.skipped:
            return []
        return _outcomes(doc, ctx).get(code)

    check.__qualname__ = f"repository_{code}"
    return check


# ------------------------------------------------------------------------------ the pass

class _Checker:
    def __init__(self, doc, ctx, view=None, judged_at: dict | None = None) -> None:
        self.doc = doc
        self.ev = view or ctx.evidence  # a view answers paths and reads at one commit (drift.py)
        self.judged_at = judged_at or getattr(view, "judged_at", None)
        self.out = Outcomes()
        self.executed = doc.kind == "PLAN" and self.ev.executed(doc)
        self.downgrade = doc.kind == "PLAN" and not self.executed
        self.root = self.ev.relative_root(doc)

    # helpers ----------------------------------------------------------------------------
    def span(self, key_path: str) -> Span:
        return self.doc.frontmatter.span(key_path) if self.doc.frontmatter.present else FILE_START

    def report(self, code: str, message: str, span: Span, hint: str | None, evidence: dict,
               severity: Severity | None = None, plan_claim: bool = False,
               fix: Fix | None = None) -> None:
        evidence = {"root": self.root, **evidence}
        if self.judged_at and code != "PP550":
            evidence["judged_at"] = self.judged_at
        if plan_claim and self.downgrade:
            message += UNEXECUTED.format(summary=self.ev.summary_name(self.doc))
            severity = Severity.INFO
        self.out.add(code, Violation(message, span, hint, evidence, severity, fix))

    def resolve(self, written: str, span: Span, what: str):
        """Resolve a path; refusals become PP506 (PP507 for home paths) and return None."""
        resolved = self.moved(self.ev.resolve(self.doc, written))
        if resolved.refused:
            code = "PP507" if resolved.refused == "home" else "PP506"
            self.report(code, f"{what} '{written}' is not checked: "
                        f"{resolved.evidence()['reason']}", span,
                        "use a path relative to the repository root, inside it"
                        if code == "PP506" else
                        "this file is on one person's machine; reference a file in the repository",
                        resolved.evidence())
            return None
        return resolved

    def moved(self, resolved):
        """A missing path GSD's archiving moved, or a migration its tool prefixed with an id:
        the file it became (see evidence/locate.py), else `resolved`."""
        from planproof.evidence.locate import archived_candidates, archived_edition, prefixed_twin

        if resolved.refused:
            return resolved
        root = self.ev.root_for(self.doc)
        if resolved.exists:
            if not resolved.relative.endswith(("ROADMAP.md", "REQUIREMENTS.md")):
                return resolved
            document = os.path.relpath(self.doc.abspath, root).replace(os.sep, "/")
            edition = archived_edition(root, document, resolved.relative)
            found = self.ev.resolve(self.doc, edition) if edition else None
            return found if found is not None and found.exists else resolved
        listing = self.files(root).listing(os.path.dirname(resolved.relative))
        for candidate in [*archived_candidates(root, resolved.relative),
                          prefixed_twin(listing, resolved.relative)]:
            found = self.ev.resolve(self.doc, candidate) if candidate else None
            if found is not None and found.exists:  # at the commit being judged, too
                return found
        return resolved

    def files(self, root: str):
        from planproof.evidence.locate import FileIndex

        return self.ev.memo(_RootKey(root), "file-index", lambda: FileIndex(root))

    def ignored(self, resolved) -> str:
        """A note when a missing path is git-ignored: a local output no clone has."""
        from planproof.evidence.locate import git_ignored

        if git_ignored(self.ev.root_for(self.doc), resolved.relative):
            return " here: .gitignore excludes it, so it is a local output no clone has"
        return ""

    # artifacts ---------------------------------------------------------------------------
    def artifacts(self) -> None:
        must = self.doc.meta.get("must_haves")
        if not isinstance(must, dict) or "artifacts" not in must:
            return
        entries = must.get("artifacts")
        key = "must_haves.artifacts"
        if not isinstance(entries, list) or not entries:
            self.report("PP505", "must_haves.artifacts lists no artifact: nothing here can be "
                        "verified against the repository", self.span(key),
                        "list each file the plan creates as {path, provides, contains/min_lines/"
                        "exports}", {"artifacts": entries, "checkable": 0},
                        severity=Severity.INFO)
            return
        checkable = 0
        unchecked = []
        for index, entry in enumerate(entries):
            where = f"{key}[{index}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                unchecked.append({"index": index, "entry": entry,
                                  "why": "not a mapping with a string 'path'"})
                continue
            if URI.match(entry["path"].strip()):
                unchecked.append({"index": index, "entry": entry["path"],
                                  "why": "a URI (a cluster or cloud object), not a file"})
                continue
            resolved = self.resolve(entry["path"], self.span(f"{where}.path"), "artifact path")
            if resolved is None:
                unchecked.append({"index": index, "entry": entry["path"], "why": "path refused"})
                continue
            checkable += 1
            self.artifact(entry, resolved, where)
        if not checkable:
            objects = all(u["why"].startswith("a URI") for u in unchecked)
            self.report("PP505", f"none of the {len(entries)} artifacts can be checked, so "
                        "nothing was verified" + (" (they are cluster or cloud objects)"
                                                  if objects else ""), self.span(key),
                        "give every artifact a 'path' relative to the repository root",
                        {"checkable": 0, "unchecked": unchecked},
                        Severity.INFO if objects else None)

    def artifact(self, entry: dict, resolved, where: str) -> None:
        path_span = self.span(f"{where}.path")
        wants_file = any(k in entry for k in ("contains", "min_lines", "exports"))
        if not resolved.exists:
            local = self.ignored(resolved)
            self.report("PP501", f"artifact {entry['path']} does not exist" + local, path_span,
                        "create the file, or correct the path in the plan",
                        {**resolved.evidence(), "expected": "a file" if wants_file else
                         "a file or directory"}, Severity.INFO if local else None,
                        plan_claim=True)
            return
        if wants_file and not resolved.is_file:
            found = {"dir": "a directory", "other": "a special file (pipe, device or socket)"}
            self.report("PP501", f"artifact {entry['path']} is {found[resolved.kind]}, not a file",
                        path_span, "point the artifact at the file that holds the content",
                        {**resolved.evidence(), "expected": "a file"}, plan_claim=True)
            return
        if not resolved.is_file:
            return
        self.contains(entry, resolved, where)
        self.min_lines(entry, resolved, where)
        self.exports(entry, resolved, where)

    def contains(self, entry: dict, resolved, where: str) -> None:
        if "contains" not in entry:
            return
        wanted = entry["contains"]
        needles = wanted if isinstance(wanted, list) else [wanted]
        text = self.ev.repo.read(resolved.abspath)
        for offset, needle in enumerate(needles):
            if not isinstance(needle, str) or not needle:
                continue
            span = self.span(f"{where}.contains" + (f"[{offset}]" if isinstance(wanted, list) else ""))
            if needle in text.text:
                continue
            evidence = {**resolved.evidence(), "expected": {"contains": needle},
                        "found": f"not in the file ({len(text.text)} characters read)"}
            if text.truncated:
                evidence["truncated"] = True
                self.report("PP502", f"{entry['path']}: '{needle}' is not in the first "
                            f"{len(text.text)} characters (the file is larger than planproof reads)",
                            span, None, evidence, Severity.INFO)
                continue
            severity, hint = None, "update the plan's 'contains', or add the missing code"
            if REGEXY.search(needle):
                result = self.ev.regex.search(needle, text.text)
                if result.found:
                    severity = Severity.WARNING
                    evidence["regex_match"] = {"line": result.line, "text": result.match}
                    hint = ("'contains' is a literal substring; this text matches only as a regular "
                            "expression (line %d): move it to a key link 'pattern' or write the "
                            "literal text" % result.line)
            self.report("PP502", f"{entry['path']} does not contain '{needle}'", span, hint,
                        evidence, severity, plan_claim=True)

    def min_lines(self, entry: dict, resolved, where: str) -> None:
        minimum = entry.get("min_lines")
        if isinstance(minimum, str) and minimum.strip().isdigit():
            minimum = int(minimum.strip())
        if not isinstance(minimum, int) or isinstance(minimum, bool):
            return
        count = self.ev.repo.line_count(resolved.abspath)
        if count is not None and count < minimum:
            self.report("PP503", f"{entry['path']} has {count} lines, the plan requires at least "
                        f"{minimum}", self.span(f"{where}.min_lines"),
                        "the file may be a stub; finish it or lower min_lines",
                        {**resolved.evidence(), "expected": {"min_lines": minimum},
                         "found": {"lines": count, "counted_as": "wc -l"}}, plan_claim=True)

    def exports(self, entry: dict, resolved, where: str) -> None:
        names = entry.get("exports")
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list):
            return
        repo = self.ev.repo
        text = repo.read(resolved.abspath).text
        for offset, name in enumerate(names):
            if not isinstance(name, str) or not name.strip():
                continue
            name = name.strip().strip("`'\"")
            bare = re.sub(r"\(.*$", "", name).strip()
            if not bare or repo.exports_name(resolved.abspath, bare):
                continue
            exports = repo.exports(resolved.abspath)
            if exports.has(bare, text):
                continue
            span = self.span(f"{where}.exports[{offset}]")
            evidence = {**resolved.evidence(), "expected": {"export": bare},
                        "found": sorted(exports.names)[:50], "language": exports.language,
                        "method": exports.method}
            if exports.notes:
                evidence["notes"] = exports.notes
            if repo.read(resolved.abspath).truncated:  # the rest was not read: not "missing"
                evidence["truncated"] = True
                self.report("PP504", f"{entry['path']}: '{bare}' is not in the first {len(text):,} "
                            "characters, and the file is larger than planproof reads; the export "
                            "is not confirmed", span, "split the module, or drop the claim",
                            evidence, plan_claim=True)
                continue
            from planproof.evidence.repo import whole_word

            in_text = whole_word(bare, text)
            if exports.lower_bound and in_text:
                continue
            if exports.lower_bound or (in_text and exports.language != "text"):
                message = (f"{entry['path']}: '{bare}' is in the file but not as a top-level export"
                           if in_text else f"{entry['path']}: '{bare}' is not among the exports "
                           "planproof can see (the file re-exports names it cannot list)")
                self.report("PP504", message, span, "export it at the top level, or correct the "
                            "plan's exports", evidence, Severity.WARNING, plan_claim=True)
                continue
            self.report("PP504", f"{entry['path']} does not export '{bare}'", span,
                        "add the export, or correct the plan's exports list", evidence,
                        plan_claim=True)

    def gap_artifacts(self) -> None:
        gaps = self.doc.meta.get("gaps")
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
                resolved = self.resolve(entry["path"], self.span(f"{where}.path"), "gap artifact")
                if resolved is None:
                    continue
                if not resolved.exists and not NOT_THERE.search(issue):
                    self.report("PP501", f"gap artifact {entry['path']} does not exist",
                                self.span(f"{where}.path"),
                                "the gap names a file that is not in the repository: correct the "
                                "path", {**resolved.evidence(), "issue": issue or None})
                elif resolved.is_file:
                    self.contains(entry, resolved, where)
                    self.min_lines(entry, resolved, where)
                    self.exports(entry, resolved, where)

    # key links ---------------------------------------------------------------------------
    def key_links(self) -> None:
        must = self.doc.meta.get("must_haves")
        links = must.get("key_links") if isinstance(must, dict) else None
        if not isinstance(links, list):
            return
        artifacts = must.get("artifacts") if isinstance(must.get("artifacts"), list) else []
        by_name = {}
        for entry in artifacts:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                by_name.setdefault(os.path.basename(entry["path"].strip().rstrip("/")), entry["path"])
        for index, link in enumerate(links):
            if isinstance(link, dict):
                self.key_link(link, f"must_haves.key_links[{index}]", by_name)

    def endpoint(self, value, where: str, by_name: dict):
        """(resolved, how) for a key link's from/to: a path, an artifact's name, a path token."""
        if not isinstance(value, str) or not value.strip():
            return None, "empty"
        text = value.strip()
        from planproof.evidence.paths import HOME_PREFIX, clean

        cleaned = clean(text)
        candidates = []
        if PATHLIKE.match(cleaned) and " " not in cleaned:
            candidates.append((cleaned, "path"))
        if cleaned in by_name:
            candidates.append((by_name[cleaned], "artifact name"))
        for token in PATH_TOKEN.findall(text):
            if token in by_name:
                candidates.append((by_name[token], "artifact name"))
            candidates.append((token, "first path-like token"))
        for written, how in candidates:
            if written.startswith("/") and not HOME_PREFIX.match(written):
                continue  # `/api/v1/items`: a URL route, not a path on this machine
            resolved = self.moved(self.ev.resolve(self.doc, written))
            if resolved.refused:
                self.resolve(written, self.span(where), "key link path")
                return None, "refused"
            if resolved.exists:
                return resolved, how
        # `tiger.county` is a column, `geo-api-secret` a k8s object: only file names can be missing
        from planproof.evidence.locate import names_a_file

        candidates = [(w, how) for w, how in candidates if names_a_file(w) or how == "artifact name"]
        for written, how in candidates:
            found = self.abbreviated(written)
            if found is not None:
                return found, f"{how}, found as {found.relative}"
        if candidates:
            return self.ev.resolve(self.doc, candidates[0][0]), "missing"
        return None, "not a path"

    def abbreviated(self, written: str):
        """`services/cascade.py` for `src/app/services/cascade.py`, a bare file name of the phase
        folder: the one file it can mean, or None."""
        if written.startswith(("./", "../")):
            return None
        if "/" not in written:
            local = self.ev.resolve(self.doc, "./" + written)
            if local.exists:
                return local
        found = self.files(self.ev.root_for(self.doc)).unique_suffix(written)
        return self.ev.resolve(self.doc, found) if found else None

    def key_link(self, link: dict, where: str, by_name: dict) -> None:
        source, source_how = self.endpoint(link.get("from"), f"{where}.from", by_name)
        target, target_how = self.endpoint(link.get("to"), f"{where}.to", by_name)
        if "refused" in (source_how, target_how):
            return
        pattern = link.get("pattern")
        patterns = pattern if isinstance(pattern, list) else [pattern] if pattern is not None else []
        patterns = [p for p in patterns if isinstance(p, (str, int, float)) and str(p).strip()]
        base = {"from": link.get("from"), "to": link.get("to"),
                "from_resolved": source.relative if source else None,
                "to_resolved": target.relative if target else None}
        if source_how == "missing":  # a pattern found in 'to' does not make 'from' exist
            self.report("PP510", f"key link source {source.relative} does not exist",
                        self.span(f"{where}.from"), "correct 'from', or create the file",
                        {**base, "expected": "an existing file", "found": "nothing"},
                        plan_claim=True)
            return
        if patterns:
            for offset, raw in enumerate(patterns):
                self.link_pattern(str(raw), link, where, offset if isinstance(pattern, list) else None,
                                  source if source_how not in ("missing",) else None,
                                  target if target_how not in ("missing",) else None, base)
            return
        if source is None or not source.is_file:
            self.report("PP512", "key link cannot be checked: 'from' is not a file in the repository",
                        self.span(f"{where}.from"), "write 'from' as a path relative to the root, "
                        "or add a 'pattern'", {**base, "from_how": source_how},
                        Severity.INFO)
            return
        mentions = self.mentions(link.get("to"), target)
        if not mentions:
            self.report("PP512", "key link cannot be checked: it has no 'pattern' and 'to' is not "
                        "a name planproof can look for", self.span(f"{where}.to"),
                        "add a 'pattern' (a regex searched in 'from')", base, Severity.INFO)
            return
        text = self.ev.repo.read(source.abspath).text
        if not any(m in text for m in mentions):
            self.report("PP510", f"{source.relative} does not mention {link.get('to')}",
                        self.span(f"{where}.to"), "wire the link, or add a precise 'pattern'",
                        {**base, "expected": {"any_of": mentions}, "found": "none of them in 'from'"},
                        plan_claim=True)

    @staticmethod
    def mentions(to_value, target) -> list[str]:
        names = []
        if isinstance(to_value, str):
            from planproof.evidence.paths import clean

            cleaned = clean(to_value)
            if cleaned and " " not in cleaned:
                names.append(cleaned)
        if target is not None and target.relative not in ("", "."):
            relative = target.relative.rstrip("/")
            base = os.path.basename(relative)
            stem = os.path.splitext(base)[0]
            names += [relative, base] + ([stem] if len(stem) >= 3 else [])
        return list(dict.fromkeys(n for n in names if n))

    def link_pattern(self, pattern: str, link, where, offset, source, target, base) -> None:
        span = self.span(f"{where}.pattern" + (f"[{offset}]" if offset is not None else ""))
        searched = []
        for endpoint in (source, target):
            if endpoint is None or not endpoint.is_file or endpoint.relative in searched:
                continue
            searched.append(endpoint.relative)
            text = self.ev.repo.read(endpoint.abspath)
            result = self.ev.regex.search(pattern, text.text)
            if result.status == "invalid":
                self.report("PP511", f"key link pattern is not a valid regular expression: "
                            f"{result.detail}", span, "escape regex characters such as ( [ . with "
                            "a backslash (doubled inside YAML double quotes)",
                            {**base, "pattern": pattern, "regex_error": result.detail})
                return
            if result.status in ("too-long", "timeout", "budget"):
                self.report("PP513", f"key link pattern was not searched to the end: {result.detail}",
                            span, "simplify the pattern: nested quantifiers like (a+)+ backtrack "
                            "exponentially", {**base, "pattern": pattern[:200],
                                              "searched": endpoint.relative, "limit": result.status})
                return
            if result.found or self.ev.regex.search(pattern, _line_pairs(text.text)).found:
                return  # the second search lets `.*` reach the next line, and no further
            from planproof.evidence.linkpatterns import lists_across_lines

            if lists_across_lines(endpoint.relative) and \
                    self.ev.regex.search_near(pattern, text.text).found:
                return  # `resources:.*x\.yaml`: a YAML list item a few lines below its key
        if not searched:
            self.report("PP512", "key link cannot be checked: neither 'from' nor 'to' is a file in "
                        "the repository", span, "write 'from' as a path relative to the root",
                        base, Severity.INFO)
            return
        evidence = {**base, "expected": {"pattern": pattern}, "searched": searched,
                    "found": "no match"}
        from planproof.evidence.linkpatterns import holds_commands, reads_as_command

        if reads_as_command(pattern) and not any(holds_commands(p) for p in searched):
            self.report("PP512", f"key link cannot be checked: the pattern '{pattern}' reads like "
                        f"a command run on {' or '.join(searched)}, not text in it", span,
                        "use a pattern the file contains (a name, a setting); list the command "
                        "under <verify>", {**evidence, "found": "a command, not searched for"},
                        Severity.INFO)
            return
        wired = self.wired(source, target)
        if wired:
            importer, imported, statement = wired
            self.report("PP510", f"key link pattern '{pattern}' not found in "
                        f"{' or '.join(searched)}, but {importer} imports "
                        f"{imported}: the link looks wired and the pattern is stale", span,
                        "update the pattern to what the code says now",
                        {**evidence, "import": statement}, Severity.WARNING, plan_claim=True)
            return
        self.report("PP510", f"key link pattern '{pattern}' not found in "
                    f"{' or '.join(searched)}", span,
                    "the link is not wired, or the pattern is stale: correct one of them",
                    evidence, plan_claim=True)

    def wired(self, source, target) -> tuple[str, str, str] | None:
        """(importer, imported, statement) when one endpoint imports the other (a package's
        `__init__` often imports the module that the link starts from)."""
        from planproof.evidence.imports import imports

        if source is None or target is None or not source.is_file or not target.is_file:
            return None
        for one, other in ((source, target), (target, source)):
            statement = imports(one.relative, self.ev.repo.read(one.abspath).text, other.relative)
            if statement:
                return one.relative, other.relative, statement
        return None

    # files and references ------------------------------------------------------------------
    def files_modified(self) -> None:
        files = self.doc.meta.get("files_modified")
        if not self.executed or not isinstance(files, list):
            return
        for index, entry in enumerate(files):
            if not isinstance(entry, str) or not _pathlike(entry):
                continue
            span = self.span(f"files_modified[{index}]")
            resolved = self.resolve(entry, span, "files_modified entry")
            if resolved is None or resolved.exists:
                continue
            name = os.path.basename(entry.strip().rstrip("/"))
            deleted = any(name in line and DELETION.search(line) for line in self.doc.lines)
            local = self.ignored(resolved)
            deleted = deleted or bool(local)
            self.report("PP520", f"files_modified lists {entry}, which does not exist although the "
                        "plan was executed" + (" (the plan mentions deleting or moving it)"
                                               if deleted and not local else local), span,
                        "correct the path, or say in the SUMMARY where the file went",
                        {**resolved.evidence(), "expected": "an existing file",
                         "summary": self.ev.summary_name(self.doc)},
                        Severity.INFO if deleted else None)

    def context_refs(self) -> None:
        prose = {number for number, _ in _body_lines(self.doc)}
        for ref in self.doc.references:
            target = ref.target.strip().rstrip(".,;:)`'\"")
            if not _pathlike(target) or any(c in target for c in "(*?[{<"):
                continue  # code (`@decorator(...)`) or a glob: not one file
            if ref.line not in prose or _decorates(self.doc.lines, ref.line, target):
                continue  # `@pytest.fixture` in a code sample: a decorator, not a file
            if target.startswith("./"):
                target = target[2:]  # GSD reads `@` paths from the project root, `./` included
            span = Span(ref.line, ref.column, ref.line, ref.column + len(ref.target) + 1)
            from planproof.evidence.paths import HOME_PREFIX

            if target.startswith("/") and not HOME_PREFIX.match(target):
                continue  # `@/lib/...`: an import alias, not a file
            resolved = self.resolve(target, span, f"@{ref.element} reference")
            if resolved is None or resolved.exists:
                continue
            self.report("PP521", f"@{target} in <{ref.element}> does not exist", span,
                        "correct the reference; the executor reads these files first",
                        {**resolved.evidence(), "expected": "an existing file"})

    def key_files(self) -> None:
        for key in ("key-files", "key_files"):
            block = self.doc.meta.get(key)
            if not isinstance(block, dict):
                continue
            for group in ("created", "modified"):
                entries = block.get(group)
                if not isinstance(entries, list):
                    continue
                for index, entry in enumerate(entries):
                    if not isinstance(entry, str):
                        continue
                    written = re.split(r"\s+(?:[-—–(:]|\u2014)\s*|\s+\(|:\s", entry.strip(), 1)[0]
                    if not _pathlike(written):
                        continue
                    span = self.span(f"{key}.{group}[{index}]")
                    resolved = self.resolve(written, span, f"{key}.{group} entry")
                    if resolved is None or resolved.exists:
                        continue
                    untracked = UNTRACKED.search(entry) is not None  # never committed, by design
                    local = self.ignored(resolved)
                    note = " (the entry says it is not committed)" if untracked else local
                    self.report("PP522", f"{key}.{group} lists {written}, which does not exist"
                                + note, span, "correct the path, or record where the file went",
                                {**resolved.evidence(), "expected": "an existing file"},
                                Severity.INFO if note else None)

    # counts in prose -----------------------------------------------------------------------
    def counts(self) -> None:
        if self.doc.kind not in ("SUMMARY", "VERIFICATION", "GENERIC"):
            return
        for number, line in _body_lines(self.doc):
            if not any(c.isdigit() for c in line) or ("line" not in line.lower()
                                                       and "test" not in line.lower()
                                                       and "LOC" not in line):
                continue
            claims = list(COUNT.finditer(line))
            if not claims:
                continue
            files = []
            for match in PATH_TOKEN.finditer(line):
                token = match.group(1)
                if token.endswith("/") or not _pathlike(token):
                    continue
                resolved = self.ev.resolve(self.doc, token)
                if resolved.is_file and resolved.relative not in [f[1].relative for f in files]:
                    files.append((match, resolved))
                    if len(files) > 1:
                        break
            if len(files) != 1:
                continue  # no file, or several: the count is not tied to one file
            match, resolved = files[0]
            veto = COUNT_VETO.search(line)
            kept = [c for c in claims if c.start() >= match.end()
                    and not SKIP_BEFORE.search(line[:c.start()])]
            exact = {}
            for claim in kept:
                if not claim.group("plus") and not AT_LEAST_BEFORE.search(line[:claim.start()]):
                    exact.setdefault(_unit(claim), set()).add(claim.group("number"))
            for claim in kept:
                if len(exact.get(_unit(claim), ())) > 1:
                    continue  # several different counts of one kind: which one is the file's?
                if _unit(claim) == "tests" and TEST_VETO.search(line):
                    continue
                self.count_claim(claim, resolved, number, line, bool(veto))

    def count_claim(self, claim, resolved, number: int, line: str, vetoed: bool) -> None:
        unit = claim.group("unit").lower()
        claimed = int(claim.group("number").replace(",", ""))
        approx = bool(claim.group("approx"))
        at_least = bool(claim.group("plus")) or bool(AT_LEAST_BEFORE.search(line[:claim.start()]))
        span = Span(number, claim.start() + 1, number, claim.end() + 1)
        base = {**resolved.evidence(), "claim": claim.group(0).strip()}
        if unit.startswith("line") or unit == "loc":
            if vetoed:
                return
            actual = self.ev.repo.line_count(resolved.abspath)
            if actual is None or _count_agrees(claimed, actual, approx, at_least) \
                    or claimed == actual + 1:
                return  # `+ 1`: GSD's checker counts `content.split('\n').length`
            self.report("PP540", f"{resolved.relative} has {actual} lines, the document says "
                        f"{claim.group(0).strip()}", span,
                        "update the number (counted like `wc -l`; `wc -l` + 1 is accepted too)" + (
                            f"; '~' allows {_tolerance(claimed)} lines either way" if approx else ""),
                        {**base, "expected": {"lines": claimed, "approximate": approx,
                                              "at_least": at_least},
                         "found": {"lines": actual, "counted_as": "wc -l"}},
                        fix=count_fix(number, claim, actual, "lines", line))
            return
        if not is_test_module(resolved.relative):
            return
        counted = self.ev.repo.tests(resolved.abspath)
        if counted is None:
            return
        if _count_agrees(claimed, counted.count, approx, at_least):
            return
        if counted.lower_bound and counted.count < claimed:
            return  # a lower bound below the claim refutes nothing
        if claimed < counted.count and (ADDED.search(line[:claim.start()])
                                        or SUBSET_AFTER.match(line, claim.end())
                                        or FAILURES.search(line)):
            return  # `added 5 tests`, `10 tests failing`: some of the file's tests, not all
        from planproof.evidence.test_classes import named_class_counts

        classes = named_class_counts(line, self.ev.repo.read(resolved.abspath).text,
                                     resolved.relative)
        if classes and any(_count_agrees(claimed, n, approx, at_least)
                           for n in [*classes.values(), sum(classes.values())]):
            return  # the line counts the tests of the classes it names
        evidence = {**base, "expected": {"tests": claimed, "approximate": approx,
                                         "at_least": at_least},
                    "found": {"tests": counted.count, "lower_bound": counted.lower_bound,
                              "counted_as": f"static {counted.language} test count"}}
        if counted.notes:
            evidence["notes"] = sorted(set(counted.notes))
        if classes:
            evidence["found"]["classes"] = classes
        self.report("PP541", f"{resolved.relative} defines {'at least ' if counted.lower_bound else ''}"
                    f"{counted.count} tests, the document says {claim.group(0).strip()}", span,
                    "update the number (counted statically: test functions times literal "
                    "parametrize values)", evidence,
                    fix=None if counted.lower_bound else count_fix(number, claim, counted.count,
                                                                    "tests", line))

    # things a person or CI must run --------------------------------------------------------
    def manual_checks(self) -> None:
        checks = []
        for element in self.doc.elements.iter():
            if element.name == "verify":
                automated = [c for c in element.children if c.name == "automated"]
                for child in automated:
                    checks.append({"line": child.line, "kind": "command", "text": child.text})
                for child in element.iter("human-check"):
                    checks.append({"line": child.line, "kind": "human",
                                   "text": _element_text(child)})
                if not automated and not any(True for _ in element.iter("human-check")) \
                        and element.text:
                    checks.append({"line": element.line, "kind": "command", "text": element.text})
            elif element.name == "how-to-verify":
                checks.append({"line": element.line, "kind": "human", "text": element.text})
        items = self.doc.meta.get("human_verification")
        if isinstance(items, list):
            for index, item in enumerate(items):
                text = _element_text_from_item(item)
                if text:
                    span = self.span(f"human_verification[{index}]")
                    checks.append({"line": span.line, "kind": "human", "text": text})
        if not checks:
            return
        checks.sort(key=lambda c: c["line"])
        for check in checks:
            check["text"] = check["text"][:2000]
        first = checks[0]["line"]
        kinds = {k: sum(1 for c in checks if c["kind"] == k) for k in ("command", "human")}
        summary = " and ".join(f"{n} {'command' if k == 'command' else 'human check'}"
                               f"{'s' if n != 1 else ''}" for k, n in kinds.items() if n)
        self.report("PP550", f"{summary} must be run by a person or CI; planproof never runs them",
                    Span(first, 1), "run them, and record the result in the VERIFICATION or UAT",
                    {"manual_checks": checks})

    def run(self) -> Outcomes:
        if self.doc.kind == "PLAN":
            self.artifacts()
            self.key_links()
            self.files_modified()
            self.context_refs()
        elif self.doc.kind == "VERIFICATION":
            self.gap_artifacts()
        elif self.doc.kind == "SUMMARY":
            self.key_files()
        self.counts()
        self.manual_checks()
        return self.out


def _check_document(doc, ctx) -> Outcomes:
    from planproof.rules.drift import judge

    return judge(doc, ctx, _Checker)


def _pathlike(text: str) -> bool:
    text = text.strip().strip("`'\"")
    if not text or " " in text.strip() or len(text) > 1000 or URI.match(text):
        return False
    return "/" in text or re.search(r"\.[A-Za-z0-9]{1,8}$", text) is not None


DEFINITION = lazyre.compile(r"(?:async\s+)?def\b|class\b|function\b|export\b|public\b|private\b|"
                            r"protected\b|static\b|(?:const|let|var)\s")


def _decorates(lines: list[str], number: int, target: str) -> bool:
    """`@name.attr` above a definition (other decorators between): code, not a reference."""
    if "/" in target:
        return False
    for line in lines[number:number + 6]:
        stripped = line.strip()
        if stripped and not stripped.startswith("@"):
            return DEFINITION.match(stripped) is not None
    return False


def _line_pairs(text: str) -> str:
    """Each line joined with the next (one per line): a search here spans at most two lines."""
    lines = text.split("\n")
    return "\n".join(f"{a} {b.lstrip()}" for a, b in zip(lines, lines[1:]))


def _element_text(element) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", element.content)).strip()


def _element_text_from_item(item) -> str:
    if isinstance(item, str):
        return item.strip()
    if isinstance(item, dict):
        return " | ".join(f"{k}: {v}" for k, v in item.items() if v not in (None, ""))
    return ""


def _body_lines(doc):
    """(line number, text) of body lines outside fenced code."""
    return prose_lines(doc)


def _unit(claim) -> str:
    unit = claim.group("unit").lower()
    return "lines" if unit.startswith("line") or unit == "loc" else "tests"


def _tolerance(claimed: int) -> int:
    return max(2, round(claimed * APPROX_TOLERANCE))


def _count_agrees(claimed: int, actual: int, approx: bool, at_least: bool) -> bool:
    if at_least:
        return actual >= claimed
    if approx:
        return abs(actual - claimed) <= _tolerance(claimed)
    return actual == claimed


# ------------------------------------------------------------------------------ commits

def commit_claims(doc) -> list[tuple[str, int, int]]:
    """(hash, line, column) of commit hashes written in a SUMMARY body, in commit context only:
    a code span holding just the hash, a line that says 'commit', or a table cell of its own."""
    found = []
    header, previous = None, ""
    for number, line in _body_lines(doc):
        table = line.lstrip().startswith("|")
        if table and TABLE_RULE.match(line):
            header = [cell.strip() for cell in previous.strip().strip("|").split("|")]
        elif not table:
            header = None
        previous = line
        if not any(c in line for c in "0123456789"):
            continue
        commit_line = COMMIT_WORD.search(line) is not None
        for match in HASH.finditer(line):
            value = match.group(1)
            if value.isdigit() or not any(c.isdigit() for c in value):
                continue
            before, after = line[:match.start()], line[match.end():]
            in_code = before.endswith("`") and after.startswith("`")
            own_cell = table and re.search(r"\|\s*`?$", before) and re.match(r"`?\s*(?:\|)", after)
            column = before.count("|") - 1 if own_cell and header else -1
            commit_column = 0 <= column < len(header or ()) and COMMIT_HEADER.search(header[column])
            vetoed = NOT_A_COMMIT.search(line) is not None or NEAR_NOT_A_COMMIT.search(before[-30:])
            # `commit abc1234` or a Commit column is a commit whatever else the line says; a line
            # that also names a migration or a UUID, or a pod or pinned action just before, holds
            # other hex ids too
            if COMMIT_JUST_BEFORE.search(before) or commit_column or (
                    (commit_line or in_code or own_cell) and not vetoed):
                found.append((value, number, match.start() + 1))
    return found


FAIL_CLOSED = ("git-failed", "too-many")  # git was there but gave no answer: never a pass


def check_commits(docs, ctx):
    ev = ctx.evidence
    claims_by_root: dict[str, list] = {}
    for doc in docs:
        if doc.kind != "SUMMARY" or doc.skipped:
            continue
        claims = commit_claims(doc)
        if claims:
            claims_by_root.setdefault(ev.root_for(doc), []).append((doc, claims))
    for root, entries in sorted(claims_by_root.items()):
        hashes = sorted({h for _, claims in entries for h, _, _ in claims})
        answers = ev.commits(root, hashes)
        shown_root = ev.relative_root(entries[0][0])
        if answers.problem:
            doc, claims = entries[0]
            _, line, column = claims[0]
            yield doc, Violation(
                f"{len(hashes)} commit hashes in {len(entries)} SUMMARY documents cannot be "
                f"checked: {answers.detail}", Span(line, column, line, column + len(claims[0][0])),
                "run verify inside a git clone with full history (CI: fetch-depth: 0)",
                {"root": shown_root, "problem": answers.problem, "detail": answers.detail,
                 "hashes": len(hashes), "documents": [d.path for d, _ in entries]},
                Severity.ERROR if answers.problem in FAIL_CLOSED else Severity.WARNING)
            continue
        for doc, claims in entries:
            seen = set()
            for value, line, column in claims:
                status = answers.statuses.get(value)
                if status not in ("missing", "not-commit") or value in seen:
                    continue
                seen.add(value)
                kind = answers.types.get(value, "object")
                message = (f"commit {value} does not exist in the repository" if status == "missing"
                           else f"{value} names a git {kind}, not a commit")
                hint = ("the history was rewritten, or the hash is mistyped"
                        + ("; this is a shallow clone: fetch full history (fetch-depth: 0)"
                           if answers.shallow else ""))
                yield doc, Violation(message, Span(line, column, line, column + len(value)), hint,
                                     {"root": shown_root, "expected": {"commit": value},
                                      "found": status, "checked_with": "git cat-file --batch-check",
                                      "shallow": answers.shallow},
                                     Severity.WARNING if answers.shallow or status != "missing"
                                     else None)


def _split_commits(code: str):
    def check(docs, ctx):
        key = "pp53x"
        results = ctx.evidence.memo(_TreeKey, key, lambda: list(check_commits(docs, ctx)))
        for doc, violation in results:
            is_problem = "problem" in violation.evidence
            if (code == "PP531") == is_problem:
                yield doc, violation

    check.__qualname__ = f"repository_{code}"
    return check


class _RootKey:
    """Memo key for things computed once per root (the memo is keyed by a document path)."""

    def __init__(self, root: str) -> None:
        self.abspath = root


class _TreeKey:
    abspath = "<tree>"


# ------------------------------------------------------------------------------ declarations

_PLAN = """
    ---
    phase: "01"
    plan: "01"
    must_haves:
      artifacts:
        - path: {path}
          provides: {provides}
    ---
    # Plan
"""

_DONE = "---\nphase: \"01\"\n---\n# Summary\nThe parser is done.\n"


rule("PP501", "artifact-missing", "error", mode="verify",
     summary="An artifact the document names does not exist (or is not a file).",
     what="""
        Resolves every `must_haves.artifacts[].path` of a PLAN (and `gaps[].artifacts[].path` of a
        VERIFICATION, unless the gap's issue says the file is missing) against the root and
        reports paths that are not there, or that are directories where content is claimed.
        Plans without a SUMMARY next to them are not executed yet: reported as info.
     """,
     why="""
        "All artifacts verified" means nothing if the files are not there. The reference checker
        exits 0 for "file not found"; planproof makes it a failing finding with the resolved path.
     """,
     bad=_PLAN.format(path="src/planproof_example_missing_module.py", provides="the parser"),
     good=_PLAN.format(path="'.'", provides="the repository root (always exists)"),
     )(_reporter("PP501"))

rule("PP502", "artifact-content-missing", "error", mode="verify",
     summary="An artifact does not contain the text its `contains` promises.",
     what="""
        `contains` is a literal substring (as in the reference workflow). When the literal text is
        absent but the value matches as a regular expression, the finding is a warning with a hint
        to move it to a key link `pattern`.
     """,
     why="A file that exists but lacks the promised code is a stub; existence alone proves little.",
     bad=artifact(contains="'def create_parser'"),
     good=artifact(contains="'def parse'"))(_reporter("PP502"))

rule("PP503", "artifact-too-short", "error", mode="verify",
     summary="An artifact has fewer lines than its `min_lines`.",
     what="Counts lines exactly as `wc -l` (newline characters) and compares with `min_lines`.",
     why="A 3-line file where 200 were planned is a placeholder, not the deliverable.",
     bad=artifact(min_lines="200"),
     good=artifact(min_lines="5"))(_reporter("PP503"))

rule("PP504", "artifact-export-missing", "error", mode="verify",
     summary="An artifact does not export a name listed in its `exports`.",
     what="""
        Python via `ast` (top-level functions, classes, assignments, imports, literal `__all__`);
        TypeScript/JavaScript, Go and Rust by their export syntax; other files by whole-word search.
        When a name is in the file but not exported, or the file re-exports names planproof cannot
        list (`export *`, star imports), the finding is a warning.
     """,
     why="Other plans import these names; a missing export breaks them at run time.",
     bad=artifact(exports="[Parser]"),
     good=artifact(exports="[Lexer, parse]"))(_reporter("PP504"))

rule("PP505", "no-checkable-artifacts", "warning", mode="verify",
     summary="An artifact list yields nothing that can be checked.",
     what="""
        `must_haves.artifacts` is empty (info), or none of its entries has a usable `path` (bare
        strings, missing paths, paths outside the root).
     """,
     why="""
        The reference checker reports "all passed, total 0" for such lists. Nothing checked is not
        a pass: planproof says so.
     """,
     bad="""
        ---
        must_haves:
          artifacts:
            - "the parser module"
        ---
     """,
     good="""
        ---
        must_haves:
          truths:
            - "parsing works"
        ---
     """)(_reporter("PP505"))

rule("PP506", "unsafe-path", "warning", mode="verify",
     summary="A path leaves the repository root and was not read.",
     what="""
        Absolute paths, `..` escapes, NUL bytes, symbolic links that lead outside the root and
        symbolic link loops are refused: planproof never reads outside the root. The evidence
        names the reason.
     """,
     why="""
        A planning document must not make a checker read `/etc/passwd` or follow a link out of the
        checkout; and a claim about a file outside the repository cannot be verified in CI.
     """,
     bad=_PLAN.format(path="../../../../etc/passwd", provides="nothing good"),
     good=_PLAN.format(path="'.'", provides="the repository root"))(_reporter("PP506"))

rule("PP507", "machine-specific-path", "info", mode="verify",
     summary="A reference points into a home directory; it is machine-specific and not read.",
     what="`~/...`, `$HOME/...`, `/Users/<name>/...` and `/home/<name>/...` paths are not read.",
     why="Such files exist on one machine only; CI and colleagues cannot see them.",
     bad="""
        ---
        phase: "01"
        ---
        <context>
        @/Users/someone/.claude/workflows/execute-plan.md
        </context>
     """,
     good="""
        ---
        phase: "01"
        ---
        <context>
        @/lib/utils
        </context>
     """)(_reporter("PP507"))

rule("PP510", "key-link-not-found", "error", mode="verify",
     summary="A key link's pattern is not found in `from` (or `to`), or `from` does not mention `to`.",
     what="""
        `from`/`to` resolve as a path, else as an artifact's file name, else as the first
        path-like token of the text. `pattern` is searched as a regular expression (bounded in time
        and input) in `from`, then in `to`; without a pattern, `from` must mention `to` (its path,
        file name or stem). `.*` may reach the next line; in configuration files (YAML, JSON,
        TOML, ...) it may reach 30 lines below the line where the pattern's first part matches
        (`resources:.*app\\.yaml` with the item listed under the key). An import under
        `if TYPE_CHECKING:` only does not make an unmatched link look wired.
     """,
     why="Key links are the wiring between artifacts; a missing link is dead code that looks done.",
     bad="""
        ---
        must_haves:
          key_links:
            - from: "src/planproof_example_missing.ts"
              to: "src/api.ts"
              via: "import"
        ---
     """,
     good=key_link(r"from src\.parser import parse"))(_reporter("PP510"))

rule("PP511", "invalid-regex", "error", mode="verify",
     summary="A key link pattern is not a valid regular expression.",
     what="Compiles the pattern and reports the compiler's error text.",
     why="An invalid pattern can never match: the link would be reported unwired for the wrong reason.",
     bad=key_link("import parse("),
     good=key_link(r"import parse\b"))(_reporter("PP511"))

rule("PP512", "key-link-unresolvable", "info", mode="verify",
     summary="A key link cannot be checked: no file to search, or nothing to search for.",
     what="""
        Neither `from` nor `to` resolves to a file, or there is no pattern and `to` names nothing,
        or the pattern is a command run on the file (`kubectl apply -f`, `locust --headless`: a
        command word and option flags) and is not in it; files where commands are written as text
        (docs, scripts, Makefiles, CI workflows) are searched for it as usual.
     """,
     why="An unchecked link is not a verified link; planproof lists it instead of counting a pass.",
     bad="""
        ---
        must_haves:
          key_links:
            - from: "Codecov or Coveralls"
              to: "the CI badge"
        ---
     """,
     good=key_link("import parse"))(_reporter("PP512"))

rule("PP513", "regex-limit", "error", mode="verify",
     summary="A pattern was too long or too slow and was not searched to the end.",
     what="""
        Patterns over 2,000 characters, or whose counted repeats (`[a-z]{65535}`) expand past
        100,000 items, are refused before they are compiled; each search stops after 0.25 s
        (catastrophic backtracking such as `(a+)+$`), and a run spends at most 5 s in regex
        searches.
     """,
     why="""
        A document must not be able to hang CI with a pattern, and a claim that could not be
        checked must not pass: the finding is an error (the run fails closed).
     """,
     bad="(a key link with `pattern: \"(a+)+$\"` against a file holding a long run of 'a')",
     good=key_link(r"(import|from) \w+"))(_reporter("PP513"))

rule("PP520", "files-modified-missing", "error", mode="verify",
     summary="An executed plan lists a file in `files_modified` that does not exist.",
     what="""
        Only plans with a SUMMARY next to them (executed). Entries the plan says it deletes or
        moves are reported as info.
     """,
     why="After execution every modified file should be in the tree; otherwise the path is wrong.",
     bad=EXECUTED_PLAN + "files_modified: [src/gone.py]\n---\n# Plan\n",
     good=EXECUTED_PLAN + "files_modified: [src/parser.py, src/cli.py]\n---\n# Plan\n",
     )(_reporter("PP520"))

rule("PP521", "context-reference-missing", "warning", mode="verify",
     summary="An `@path` reference in <context> does not exist.",
     what="""
        `@path` lines in `<context>`/`<execution_context>` are files the executor reads first.
        Import aliases (`@/lib/...`) are not files; home-directory paths are PP507.
     """,
     why="A plan executed against missing context works from a wrong picture of the code.",
     bad="""
        ---
        phase: "01"
        ---
        <context>
        @src/planproof_example_missing_context.py
        </context>
     """,
     good="""
        ---
        phase: "01"
        ---
        <context>
        @/lib/alias
        </context>
     """)(_reporter("PP521"))

rule("PP522", "key-file-missing", "error", mode="verify", example_path="01-01-SUMMARY.md",
     summary="A SUMMARY's key-files created/modified entry does not exist.",
     what="Both spellings, `key-files` and `key_files`; `path - description` entries use the path.",
     why="A SUMMARY is the record of what was built; a wrong path misleads every later phase.",
     bad="""
        ---
        key-files:
          created:
            - src/planproof_example_missing_file.py
        ---
     """,
     good=SOURCES + """
<!-- file: .planning/phases/01-parser/01-01-SUMMARY.md -->
---
key-files:
  created:
    - src/parser.py
---
""")(_reporter("PP522"))

rule("PP530", "commit-not-found", "error", mode="verify", scope="tree",
     example_path="01-01-SUMMARY.md",
     summary="A commit hash in a SUMMARY does not exist in the git repository.",
     what="""
        Hashes (7-40 hex digits with a digit and a letter) count only in commit context: a code
        span holding just the hash, a line that says "commit", or a table cell of its own. All
        hashes of a run are checked with one `git cat-file --batch-check`.
     """,
     why="A SUMMARY citing commits that do not exist was not produced by the work it describes.",
     bad="""
        ---
        phase: "01"
        ---
        # Summary
        - **Task 1: parser** - `d0e1f2a3b4c5` (feat)
     """,
     good=_DONE)(_split_commits("PP530"))

rule("PP531", "no-git-history", "warning", mode="verify", scope="tree",
     example_path="01-01-SUMMARY.md",
     summary="Commit hashes cannot be checked: no git repository or no commits.",
     what="One finding per root (not one per hash) when git is missing, the root is not in a git "
          "repository, or the repository has no commits. When git is there but fails, does not "
          "answer within 8 s, or a run names more than 10,000 hashes, the finding is an error: "
          "commits that could not be checked never pass. The failing example is verified in a "
          "folder that is not a git repository; the passing one inside one, where the hash is "
          "checked (PP530) instead.",
     why="Unchecked commits are not verified commits; CI should run in a full clone.",
     bad="""
        ---
        phase: "01"
        ---
        # Summary
        - **Task 1: parser** - `d0e1f2a3b4c5` (feat)
     """,
     good="""
        ---
        phase: "01"
        ---
        # Summary
        - **Task 1: parser** - `d0e1f2a3b4c5` (feat)
     """)(_split_commits("PP531"))

rule("PP540", "line-count-mismatch", "warning", mode="verify", example_path="01-01-SUMMARY.md",
     summary="A line count claimed next to a file path differs from the file.",
     what="""
        In SUMMARY, VERIFICATION and generic documents, `968 lines` on the same line as exactly one
        existing file path (after it) is compared with `wc -l`. `~968 lines` allows 10% (at least 2
        lines) either way; `200+ lines` means at least. Lines about deletions or changes are skipped.
     """,
     why="Inflated sizes make stubs look substantial; stale numbers hide churn.",
     bad=summary_line("- `src/parser.py` (968 lines): the parser"),
     good=summary_line("- `src/parser.py` (6 lines): the parser"))(_reporter("PP540"))

rule("PP541", "test-count-mismatch", "warning", mode="verify", example_path="01-01-SUMMARY.md",
     summary="A test count claimed next to a test file differs from the tests it defines.",
     what="""
        Python test files are counted statically with `ast` (test functions and Test* methods times
        literal parametrize values); dynamic parametrisation makes the count a lower bound, which
        never refutes a larger claim. JS/TS files count `it(`/`test(` calls.
     """,
     why="\"51 tests\" that are really 12 overstate how well the code is protected.",
     bad=summary_line("- `tests/test_parser.py`: 51 tests"),
     good=summary_line("- `tests/test_parser.py`: 2 tests"))(_reporter("PP541"))

rule("PP550", "manual-checks", "info", mode="verify",
     summary="Lists `<verify>` commands and human checks: planproof never runs them.",
     what="""
        One finding per document whose evidence `manual_checks` lists every `<verify>` /
        `<automated>` command, `<human-check>`, `<how-to-verify>` and VERIFICATION
        `human_verification` item with its line: the checks a person or CI must run.
     """,
     why="Nothing written in a document is executed by planproof; these must be run elsewhere.",
     bad="""
        ---
        phase: "01"
        ---
        <tasks>
        <task type="auto">
        <name>Build</name>
        <verify><automated>pytest -q</automated></verify>
        </task>
        </tasks>
     """,
     good="""
        ---
        phase: "01"
        ---
        # Plan without verify steps
     """)(_reporter("PP550"))
