"""PP3xx plan structure: tasks, checkpoints, waves, files, must-haves, ids (document scope)."""

from __future__ import annotations

import pytest

from conftest import dedent, lint_text
from planproof.planning import files
from planproof.document import Document

HEAD = """\
---
phase: "01"
plan: "01"
type: execute
wave: {wave}
depends_on: {depends}
files_modified: {files}
autonomous: {autonomous}
must_haves:
  truths: ["The app starts"]
  artifacts:
    - path: src/app.py
      provides: entry point
---
"""


def plan(body: str = "", wave: int = 1, depends: str = "[]", files: str = "[src/app.py]",
         autonomous: str = "true") -> str:
    return HEAD.format(wave=wave, depends=depends, files=files, autonomous=autonomous) + dedent(body)


def task(inner: str, type_: str = "auto") -> str:
    return f'<tasks>\n<task type="{type_}">\n{dedent(inner)}</task>\n</tasks>\n'


FULL = """
    <name>Entry point</name>
    <files>src/app.py</files>
    <action>Write main() in src/app.py.</action>
    <verify>pytest -q</verify>
    <done>the app starts</done>
"""


def found(text: str, code: str, path: str = "01-01-PLAN.md"):
    return [f for f in lint_text(text, path, select=[code]) if f.code == code]


# --- PP301 / PP302 / PP303 tasks ------------------------------------------------------------

def test_complete_auto_task_passes_every_task_rule():
    findings = lint_text(plan(task(FULL)))
    assert [f.code for f in findings if f.code.startswith("PP3")] == []


def test_auto_task_without_action_is_an_error_at_the_task_tag():
    [finding] = found(plan(task(FULL.replace("    <action>Write main() in src/app.py.</action>\n", ""))), "PP301")
    assert finding.message == "task 1 (Entry point) has no <action>"
    assert (finding.line, finding.column) == (16, 1)
    assert finding.severity.value == "error"


def test_task_without_type_or_with_tdd_is_an_auto_task():
    body = "<tasks>\n<task tdd=\"true\">\n  <action>Do it</action>\n</task>\n</tasks>\n"
    [finding] = found(plan(body), "PP301")
    assert finding.message == "task 1 has no <name>"
    [details] = found(plan(body), "PP302")
    assert details.message == "task 1 has no <files>, <verify>, <done>"
    assert details.severity.value == "warning"


@pytest.mark.parametrize("kind", ["checkpoint:human-verify", "checkpoint:decision",
                                  "checkpoint:human-action"])
def test_checkpoints_are_never_reported_as_missing_name_or_action(kind):
    body = task("<what-built>x</what-built>\n<how-to-verify>y</how-to-verify>\n"
                "<decision>z</decision>\n<options>a, b</options>\n<resume-signal>ok</resume-signal>\n", kind)
    findings = lint_text(plan(body, autonomous="false"))
    assert [f.code for f in findings if f.code.startswith("PP3")] == []


@pytest.mark.parametrize("kind, inner, missing", [
    ("checkpoint:human-verify", "<what-built>x</what-built>\n", "<how-to-verify> or <verify>"),
    ("checkpoint:decision", "<decision>Which DB?</decision>\n", "<options>"),
    ("checkpoint:human-action", "<resume-signal>done</resume-signal>\n",
     "<action> or <instructions> or <how-to-verify>"),
])
def test_checkpoint_without_its_own_elements(kind, inner, missing):
    [finding] = found(plan(task(inner, kind), autonomous="false"), "PP303")
    assert finding.message == f"task 1 is a {kind} without {missing}"


def test_human_verify_checkpoint_may_use_verify():
    body = task("<name>Check</name>\n<verify>open the app</verify>\n", "checkpoint:human-verify")
    assert found(plan(body, autonomous="false"), "PP303") == []


def test_unknown_checkpoint_type():
    [finding] = found(plan(task("<how-to-verify>x</how-to-verify>\n", "checkpoint:review"),
                           autonomous="false"), "PP303")
    assert "unknown type 'checkpoint:review'" in finding.message


# --- PP304 / PP305 --------------------------------------------------------------------------

def test_autonomous_plan_with_checkpoint_points_at_autonomous():
    text = plan(task(FULL) + task("<how-to-verify>x</how-to-verify>\n", "checkpoint:human-verify"))
    [finding] = found(text, "PP304")
    assert finding.message == ("autonomous is true, but task 2 is a checkpoint:human-verify that "
                               "waits for a person")
    assert (finding.line, finding.column) == (8, 13)
    assert found(text.replace("autonomous: true", "autonomous: false"), "PP304") == []


@pytest.mark.parametrize("depends, expected", [("[]", 1), ("", 1), ('["01-00"]', 0)])
def test_later_wave_without_dependencies(depends, expected):
    text = plan(wave=2, depends=depends).replace('plan: "01"', 'plan: "02"')
    findings = found(text, "PP305", "01-02-PLAN.md")
    assert len(findings) == expected
    if findings:
        assert findings[0].message == "wave is 2, but depends_on is empty"


def test_wave_one_without_dependencies_is_fine():
    assert found(plan(wave=1), "PP305") == []


# --- PP306 / PP307 / PP308 files ------------------------------------------------------------

def test_task_file_missing_from_files_modified_is_reported_where_written():
    body = task(FULL.replace("<files>src/app.py</files>", "<files>src/app.py, src/config.py</files>"))
    [finding] = found(plan(body), "PP306")
    assert finding.message == ("task 1 (Entry point) lists src/config.py in <files>, but "
                               "files_modified does not")
    assert (finding.line, finding.column) == (18, 20)


def files_task(listed: str) -> str:
    return task(FULL.replace("<files>src/app.py</files>", f"<files>{listed}</files>"))


def test_several_undeclared_files_of_one_task_are_one_finding_listing_them():
    body = files_task("src/app.py, k8s/a.yaml, k8s/b.yaml, k8s/c.yaml")
    [finding] = found(plan(body), "PP306")
    assert finding.message == ("task 1 (Entry point) lists k8s/a.yaml, k8s/b.yaml and k8s/c.yaml "
                               "in <files>, but files_modified does not")
    assert finding.hint == "add k8s/a.yaml, k8s/b.yaml and k8s/c.yaml to files_modified"
    assert finding.evidence["paths"] == ["k8s/a.yaml", "k8s/b.yaml", "k8s/c.yaml"]
    assert (finding.line, finding.column) == (18, 20)  # the first undeclared file, on <files>


def test_a_long_list_names_the_first_few_and_keeps_all_in_evidence():
    names = [f"docs/{n}.md" for n in "abcdef"]
    [finding] = found(plan(files_task(", ".join(names))), "PP306")
    assert finding.message == ("task 1 (Entry point) lists docs/a.md, docs/b.md, docs/c.md and 3 "
                               "more files in <files>, but files_modified does not")
    assert finding.evidence["paths"] == names


def test_each_task_gets_its_own_finding():
    body = files_task("docs/a.md, docs/b.md").replace("</tasks>\n", "") + \
        task(FULL.replace("<files>src/app.py</files>", "<files>docs/c.md</files>")).replace("<tasks>\n", "")
    findings = found(plan(body), "PP306")
    assert [(f.evidence["task"], f.evidence["paths"]) for f in findings] == \
        [(1, ["docs/a.md", "docs/b.md"]), (2, ["docs/c.md"])]


@pytest.mark.parametrize("manifest, lock", [
    ("pyproject.toml", "uv.lock"), ("pyproject.toml", "poetry.lock"),
    ("web/package.json", "web/package-lock.json"), ("web/package.json", "web/yarn.lock"),
    ("package.json", "pnpm-lock.yaml"), ("Cargo.toml", "Cargo.lock"), ("go.mod", "go.sum"),
])
def test_a_lock_file_goes_with_its_undeclared_manifest(manifest, lock):
    [finding] = found(plan(files_task(f"{manifest}, {lock}")), "PP306")
    assert finding.message == (f"task 1 (Entry point) lists {manifest} (with {lock}) in <files>, "
                               "but files_modified does not")
    assert finding.evidence["paths"] == [manifest, lock]


def test_a_lock_file_alone_still_fires_when_its_manifest_is_declared():
    [finding] = found(plan(files_task("pyproject.toml, uv.lock"),
                           files="[src/app.py, pyproject.toml]"), "PP306")
    assert finding.message == "task 1 (Entry point) lists uv.lock in <files>, but files_modified does not"
    assert finding.hint == "add uv.lock to files_modified"


def test_a_lock_file_in_another_folder_is_not_part_of_the_manifest_change():
    [finding] = found(plan(files_task("pyproject.toml, api/uv.lock")), "PP306")
    assert finding.message == ("task 1 (Entry point) lists pyproject.toml and api/uv.lock in "
                               "<files>, but files_modified does not")


def test_manifest_of_a_lock_file():
    assert files.manifest_of("api/uv.lock") == "api/pyproject.toml"
    assert files.manifest_of("./go.sum") == "go.mod"
    assert files.manifest_of("src/app.py") is None


@pytest.mark.parametrize("files_modified, listed", [
    ("[src/]", "src/app.py"),  # a folder covers its files
    ('["src/**/*.py"]', "src/app/main.py"),  # a glob
    ("[backend/src/app.py]", "src/app.py"),  # same file from another working directory
    ("[Dockerfile]", "Dockerfile"),  # a bare file name without extension
])
def test_files_modified_entries_that_cover_task_files(files_modified, listed):
    body = task(FULL.replace("<files>src/app.py</files>", f"<files>{listed}</files>"))
    assert found(plan(body, files=files_modified), "PP306") == []


@pytest.mark.parametrize("name", ["Verify GAP-01 regression tests pass",
                                  "Full test suite regression and endpoint smoke test",
                                  "Verification and Regression Testing"])
def test_verification_tasks_list_files_they_read(name):
    body = task(FULL.replace("Entry point", name).replace("<files>src/app.py</files>",
                                                          "<files>tests/test_app.py</files>"))
    assert found(plan(body), "PP306") == []
    assert len(found(plan(body.replace(name, "Add regression tests for the app")), "PP306")) == 1


def test_declared_file_no_task_lists_is_info():
    body = task(FULL)
    [finding] = found(plan(body, files="[src/app.py, Dockerfile]"), "PP307")
    assert finding.message == "files_modified lists Dockerfile, but no task's <files> does"
    assert finding.severity.value == "info"
    assert (finding.line, finding.column) == (7, 30)


def test_declared_files_are_not_checked_when_no_task_lists_files():
    body = task(FULL.replace("<files>src/app.py</files>\n", ""))
    assert found(plan(body, files="[src/app.py, Dockerfile]"), "PP307") == []


def test_files_placeholders_in_tasks_are_not_paths():
    assert files.task_files("(none — read-only verification)") == []
    assert files.task_files("none") == []
    assert files.task_files("- `src/a.py` (new)\n- src/b.py — helper\nDockerfile, uv.lock") == [
        "src/a.py", "src/b.py", "Dockerfile", "uv.lock"]


def test_created_and_checked_files_must_be_declared():
    body = task(FULL.replace("<action>Write main() in src/app.py.</action>",
                             "<action>\n1. Create `docs/GUIDE.md` with the guide.\n"
                             "2. Create `self.client = Client()` in app.py\n</action>")
                .replace("<verify>pytest -q</verify>",
                         "<verify>test -f docs/GUIDE.md && [ -f scripts/run.sh ] && test -f /tmp/x</verify>"))
    findings = found(plan(body), "PP308")
    assert [f.message for f in findings] == [
        "task 1 (Entry point) creates docs/GUIDE.md (in <action>), but files_modified does not list it",
        "task 1 (Entry point) checks for scripts/run.sh (in <verify>), but files_modified does not list it",
    ]
    assert [(f.line, f.column) for f in findings] == [(20, 12), (23, 43)]
    declared = plan(body, files="[src/app.py, docs/GUIDE.md, scripts/run.sh]")
    assert found(declared, "PP308") == []


def test_created_folder_is_declared_by_files_under_it():
    body = task(FULL.replace("<action>Write main() in src/app.py.</action>",
                             "<action>Create `k8s/overlays/dev/` with a kustomization.</action>"))
    assert found(plan(body, files="[src/app.py, k8s/overlays/dev/kustomization.yaml]"), "PP308") == []


# --- PP309 / PP310 / PP311 must-haves -------------------------------------------------------

@pytest.mark.parametrize("must_haves", [
    'must_haves:\n  truths: ["x"]\n',
    "must_haves:\n  truths: []\n  artifacts: []\n  key_links: []\n",
    "must_haves:\n  artifacts:\n    - src/app.py\n",  # bare strings check nothing
    "must_haves:\n  artifacts:\n    - provides: no path\n",
])
def test_must_haves_that_leave_nothing_to_verify(must_haves):
    text = f"---\nphase: '01'\nplan: '01'\n{must_haves}---\n"
    [finding] = found(text, "PP309")
    assert finding.line == 4 and finding.column == 1


@pytest.mark.parametrize("must_haves", [
    "must_haves:\n  artifacts:\n    - path: src/app.py\n",
    "must_haves:\n  key_links:\n    - {from: a.py, to: b.py, via: import}\n",
])
def test_must_haves_with_something_to_verify(must_haves):
    assert found(f"---\nphase: '01'\nplan: '01'\n{must_haves}---\n", "PP309") == []


def test_truth_turned_into_a_mapping_gets_the_quoted_fix():
    text = plan().replace('truths: ["The app starts"]',
                          'truths:\n    - "Plain truth"\n    - Users can log in: with "email"')
    [finding] = found(text, "PP310")
    assert finding.message == "truth 2 was read as a mapping, not a sentence, because of the unquoted ': '"
    assert finding.hint == 'quote the whole truth: - "Users can log in: with \\"email\\""'
    assert (finding.line, finding.column) == (12, 7)
    assert finding.severity.value == "error"


def test_key_links_that_cannot_be_verified():
    text = dedent("""
        ---
        phase: "05"
        plan: "05"
        must_haves:
          artifacts:
            - path: backend/tests/docs/COVERAGE_GUIDE.md
          key_links:
            - {from: COVERAGE_GUIDE.md, to: pytest.ini, via: docs}
            - {from: src/app.py, to: "Codecov or Coveralls", via: upload}
            - {from: "src/app.py::main", to: "walk_forward.py (Plan 02-05)", via: call}
            - {from: "main.py lifespan", to: src/app.py, via: startup}
        ---
    """)
    findings = found(text, "PP311")
    assert [f.message for f in findings] == [
        "key link 2 to 'Codecov or Coveralls' is neither a path nor an artifact's file name; "
        "it cannot be verified",
        "key link 4 from 'main.py lifespan' is neither a path nor an artifact's file name; "
        "it cannot be verified",
    ]
    assert [(f.line, f.column) for f in findings] == [(9, 30), (11, 14)]
    assert all(f.severity.value == "info" for f in findings)


# --- PP312 / PP313 ids and SUMMARY key-files ------------------------------------------------

@pytest.mark.parametrize("path, phase, plan_, fires", [
    ("05-05-PLAN.md", "05-coverage-quality-validation", "05", False),
    ("09.1-02-PLAN.md", '"09.1"', '"02"', False),
    ("09.1-02-PLAN.md", '"09"', '"02"', True),
    ("15-04a-PLAN.md", '"15"', '"04a"', False),
    ("15-04a-PLAN.md", '"15"', "4", False),
    ("15-04a-PLAN.md", '"15"', '"04b"', True),
    ("phases/phase_21/20-01-PLAN.md", "21", "01", True),
    ("260324-n3c-PLAN.md", "quick", '"260324-n3c"', False),
    ("PLAN.md", '"03"', '"01"', False),
    ("03-01-SUMMARY.md", '"03"', '"02"', True),
])
def test_plan_and_phase_against_the_file_name(path, phase, plan_, fires):
    text = f"---\nphase: {phase}\nplan: {plan_}\n---\n"
    assert bool(found(text, "PP312", path)) is fires


def test_plan_id_mismatch_message():
    [finding] = found("---\nphase: 21\nplan: 01\n---\n", "PP312", "phases/phase_21/20-01-PLAN.md")
    assert finding.message == "phase is 21 but the file name says phase 20"
    assert (finding.line, finding.column) == (2, 8)


def test_key_files_entries_with_descriptions():
    text = dedent("""
        ---
        phase: "03"
        plan: "01"
        key_files:
          created:
            - src/a.py
            - "loadtests/cold.csv - Locust baseline"
          modified:
            - pyproject.toml (httpx added)
        ---
    """)
    findings = found(text, "PP313", "03-01-SUMMARY.md")
    assert [(f.line, f.message) for f in findings] == [
        (7, "key_files.created entry 'loadtests/cold.csv - Locust baseline' is a path followed by a description"),
        (9, "key_files.modified entry 'pyproject.toml (httpx added)' is a path followed by a description"),
    ]
    assert findings[1].hint == "write only the path: pyproject.toml"


def test_structure_rules_ignore_other_kinds():
    text = plan(task("<how-to-verify>x</how-to-verify>\n", "checkpoint:human-verify"))
    findings = lint_text(text, "01-CONTEXT.md")
    assert [f.code for f in findings if f.code.startswith("PP3")] == []


def test_task_content_after_fenced_code_is_read_from_the_right_place():
    """Regression: fenced code emptied in the tag scanner's mask shifted element contents."""
    text = plan("```python\nprint('long line of code ' * 3)\n```\n" + task(FULL))
    doc = Document.from_text(text, "01-01-PLAN.md")
    [files] = list(doc.elements.iter("files"))
    assert files.text == "src/app.py"


# --- task dialects (issue 15): never nameless when the task has a title --------------------------

DIALECT_HEAD = '---\nphase: "01"\nplan: "01"\ntype: execute\nwave: 1\ndepends_on: []\n' \
               'files_modified: [src/app.py]\nautonomous: true\n---\n# Plan\n\n<tasks>\n'


@pytest.mark.parametrize("task", [
    '<task id="3" title="Add the health endpoint">\nAdd GET /health returning {"ok": true}.\n</task>',
    '<task type="auto">\n<title>Add the health endpoint</title>\n'
    '<instructions>Add GET /health.</instructions>\n</task>',
    '<task type="auto" tdd="true">\n<feature>\n  <name>Health endpoint</name>\n'
    '  <behavior>GET /health -> 200</behavior>\n  <implementation>FastAPI route</implementation>\n'
    '</feature>\n</task>',
    '<task type="auto">\n<name>Add the health endpoint</name>\n<steps>1. route 2. test</steps>\n</task>',
])
def test_task_dialects_have_a_name_and_an_action(task):
    text = DIALECT_HEAD + task + "\n</tasks>\n"
    found_codes = [f.code for f in lint_text(text, "01-01-PLAN.md")]
    assert "PP301" not in found_codes and "PP302" not in found_codes


@pytest.mark.parametrize("task, missing", [
    ('<task id="3">\n</task>', "<name> and <action>"),
    ('<task id="3" title="Add the health endpoint">\n<files>src/app.py</files>\n</task>', "<action>"),
    ('<task type="auto">\n<instructions>Add GET /health.</instructions>\n</task>', "<name>"),
    ('<task type="auto">\n<title>  </title>\n<action>Add GET /health.</action>\n</task>', "<name>"),
])
def test_tasks_without_a_name_or_action_in_any_dialect_still_fire(task, missing):
    text = DIALECT_HEAD + task + "\n</tasks>\n"
    [finding] = found(text, "PP301")
    assert finding.message.endswith(f"has no {missing}")


def test_a_created_file_missing_from_files_modified_is_reported_once():
    text = DIALECT_HEAD + """<task type="auto">
<name>Entrypoint</name>
<files>scripts/entrypoint.sh</files>
<action>
Create `scripts/entrypoint.sh`.
Create `scripts/healthcheck.sh`.
</action>
<verify>test -f scripts/entrypoint.sh</verify>
<done>ok</done>
</task>
</tasks>
"""
    found = [(f.code, f.evidence["path"]) for f in lint_text(text, "01-01-PLAN.md", select=["PP3"])
             if f.code in ("PP306", "PP308")]
    assert found == [("PP306", "scripts/entrypoint.sh"), ("PP308", "scripts/healthcheck.sh")]
