"""PP2xx/PP3xx never crash (PP000) on frontmatter of any shape, and stay quiet on clean documents."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import lint_text

KEYS = ["phase", "plan", "type", "wave", "depends_on", "files_modified", "autonomous",
        "must_haves", "truths", "artifacts", "key_links", "path", "from", "to", "status", "score",
        "gaps", "human_verification", "key-files", "key_files", "created", "progress", "percent",
        "verified", "requirements", "must_have", "1", "0"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 300), st.floats(allow_nan=False),
                    st.sampled_from(["", "05-04", "src/a.py", "passed", "x: y", "3/4", "2026-01-01"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=25)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(KEYS), values, max_size=8),
       name=st.sampled_from(["05-02-PLAN.md", "05-VERIFICATION.md", "05-01-SUMMARY.md",
                             "05-UAT.md", "STATE.md"]))
def test_any_frontmatter_shape_gives_findings_not_crashes(data, name):
    text = "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n<task type=\"auto\"><files>a.py</files></task>\n"
    findings = lint_text(text, name)
    assert not [f for f in findings if f.code == "PP000"], [f.message for f in findings]
    kind = name.rsplit("-", 1)[-1].removesuffix(".md") if "-" in name else "STATE"
    missing = REQUIRED[kind] - set(data)
    reported = {f.evidence.get("key") for f in findings if f.code == "PP202"}
    assert missing <= reported, (missing, reported)
    lines = text.count("\n") + 1
    assert all(1 <= f.line <= lines for f in findings), [(f.code, f.line) for f in findings]


REQUIRED = {  # top-level keys each kind's schema requires (README, PP202)
    "PLAN": {"phase", "plan", "type", "wave", "depends_on", "files_modified", "autonomous"},
    "VERIFICATION": {"phase", "status"}, "UAT": {"phase", "status"}, "SUMMARY": {"phase"},
    "STATE": set(),
}


NASTY = [
    "must_haves: [a, b]",
    "must_haves: {truths: 'one string', artifacts: {path: a.py}, key_links: [[a, b], 3]}",
    "must_haves: {truths: [{a: 1, b: 2}, {x: }], artifacts: [null, {path: 5}], key_links: [{from: 1}]}",
    "depends_on: '05-04'\nwave: '2'",
    "files_modified: a.py\ndepends_on: [null, true, 4.5]",
    "1: one\n2: two",
    "phase: [1]\nplan: {a: b}",
    "key-files: [a.py]\nkey_files: {created: [{path: a.py}], modified: a.py}",
]


def test_nasty_shapes_in_every_kind():
    for body in NASTY:
        for name in ("05-02-PLAN.md", "05-VERIFICATION.md", "05-01-SUMMARY.md"):
            findings = lint_text(f"---\n{body}\n---\n", name)
            assert not [f for f in findings if f.code == "PP000"], (body, name, [f.message for f in findings])


def test_clean_documents_of_every_kind_give_no_schema_or_structure_findings():
    docs = {
        "05-01-SUMMARY.md": {"phase": "05", "plan": "01", "subsystem": "api", "tags": ["x"],
                             "requires": [{"phase": "04", "provides": "db"}], "provides": ["api"],
                             "key-files": {"created": ["a.py"], "modified": []},
                             "tech-stack": {"added": [], "patterns": []}, "duration": "5min",
                             "completed": "2026-03-30"},
        "05-VERIFICATION.md": {"phase": "05", "verified": "2026-03-30T17:00:00Z", "status": "gaps_found",
                               "score": "4/5 must-haves verified", "re_verification": False,
                               "gaps": [{"truth": "t", "status": "failed", "reason": "r",
                                         "artifacts": [{"path": "a.py", "issue": "stub"}],
                                         "missing": ["tests"]}],
                               "human_verification": [{"test": "t", "expected": "e", "why_human": "w"}]},
        "05-UAT.md": {"status": "complete", "phase": "05", "source": ["05-01-SUMMARY.md"],
                      "started": "2026-03-29T17:18:00Z", "updated": "2026-03-29T18:00:00Z"},
        "STATE.md": {"gsd_state_version": 1.0, "milestone": "v1.0", "status": "planning",
                     "last_updated": "2026-03-30T17:56:00.246Z",
                     "progress": {"total_phases": 5, "completed_phases": 5, "total_plans": 13,
                                  "completed_plans": 13, "percent": 100}},
    }
    for name, data in docs.items():
        findings = lint_text("---\n" + json.dumps(data) + "\n---\n", name)
        assert [f.code for f in findings if f.code[:3] in ("PP2", "PP3")] == [], name
