"""PP5xx on the way real trees write (issue 15): each class of false "does not exist" or "not
wired" has a document that must stay silent and one that must still fire. Real git repositories
with real files in temp dirs."""

from __future__ import annotations

import pytest
from verify_helpers import PHASE, by_code, make_repo, plan, verify

SOURCE = {
    "src/app/__init__.py": "",
    "src/app/config.py": "SETTINGS = {}\n",
    "src/app/services/cascade.py": '''
        from app.config import SETTINGS
        from .fuzzy import match


        def run(query):
            return minimize(query,
                            method="L-BFGS-B")
        ''',
    "src/app/services/fuzzy.py": "def match(text):\n    return text\n",
    "src/app/services/unused.py": "def other():\n    return 1\n",
    "src/app/agent/loop.py": "x = 1\n",
    "web/src/lib/api.ts": "export const get = () => 1;\n",
    "web/src/pages/home.ts": "import { get } from '../lib/api';\nexport const home = get;\n",
    "web/src/pages/alias.ts": "import { get } from '@/lib/api';\nexport const alias = get;\n",
    "tests/test_cascade.py": '''
        def test_top():
            pass


        class TestWeights:
            def test_a(self):
                pass

            def test_b(self):
                pass


        class TestOrder:
            def test_c(self):
                pass
        ''',
    "docs/GUIDE.md": "one\ntwo\nthree\n",
}


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "project", SOURCE)


def write(root, relative, text):
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


def write_plan(root, text, folder=PHASE, name="01-01"):
    write(root, f"{folder}/{name}-SUMMARY.md", "---\nphase: \"01\"\n---\n# Summary\nDone.\n")
    return write(root, f"{folder}/{name}-PLAN.md", text)


def links(*entries: str) -> str:
    return "\n".join(entries)


def link(source: str, target: str, pattern: str | None = None) -> str:
    text = f'- from: "{source}"\n  to: "{target}"'
    return text + (f'\n  pattern: "{pattern}"' if pattern is not None else "")


# -- key links ------------------------------------------------------------------------------

def test_endpoints_that_are_not_files_cannot_be_verified_rather_than_missing(repo):
    write_plan(repo, plan(key_links=links(
        link("postgresql.infra.svc.cluster.local:5432", "geo databases"),
        link("geo-api-secret", "geo-api Deployment"),
        link("src/app/config.py", "/api/v1/geocode", "SETTINGS"),
        link("/api/v1/geocode", "src/app/config.py"),
        link("tiger.county", "src/app/config.py"),
    )))
    findings = verify(repo)
    assert not by_code(findings, "PP510") and not by_code(findings, "PP506")
    assert all(f.severity.value == "info" for f in by_code(findings, "PP512"))


def test_a_missing_file_endpoint_still_fires(repo):
    write_plan(repo, plan(key_links=links(link("src/app/gone.py", "src/app/config.py"),
                                          link("k8s/ollama.yaml", "k8s/pvc.yaml"),
                                          link("Dockerfile", "src/app/config.py"))))
    assert len(by_code(verify(repo), "PP510")) == 3


def test_extensionless_files_and_dotfiles_are_still_endpoints(repo):
    write(repo, "Makefile", "run:\n\tpython -m app\n")
    write(repo, ".env.example", "SETTINGS=1\n")
    write(repo, ".env", "TOKEN=x\n")
    write_plan(repo, plan(key_links=links(link("Makefile", "src/app/config.py", "python -m app"),
                                          link(".env", "src/app/config.py", "TOKEN"),
                                          link("Makefile", "src/app/config.py", "no_such_target"))))
    [finding] = by_code(verify(repo), "PP510")
    assert finding.evidence["searched"] == ["Makefile", "src/app/config.py"]


def test_a_missing_from_is_reported_even_when_the_pattern_is_in_to(repo):
    write_plan(repo, plan(key_links=link("src/app/gone.py", "src/app/config.py", "SETTINGS")))
    [finding] = by_code(verify(repo), "PP510")
    assert "does not exist" in finding.message and finding.severity.value == "error"


def test_abbreviated_paths_and_bare_phase_file_names_resolve(repo):
    write(repo, f"{PHASE}/01-CHECKLIST.md", "- [x] done\n")
    write_plan(repo, plan(key_links=links(
        link("services/cascade.py", "config.py", "SETTINGS"),
        link("01-CHECKLIST.md", "docs/GUIDE.md", "done"),
    )))
    assert by_code(verify(repo), "PP510") == []
    # an abbreviation that matches no file, or two, is still missing
    write_plan(repo, plan(key_links=links(link("services/nowhere.py", "config.py", "SETTINGS"),
                                          link("__init__.py", "config.py", "SETTINGS"))))
    write(repo, "other/__init__.py", "")
    assert len(by_code(verify(repo), "PP510")) == 2


def test_a_pattern_may_span_two_lines_but_no_more(repo):
    write_plan(repo, plan(key_links=links(
        link("src/app/services/cascade.py", "src/app/agent/loop.py", r"minimize.*L-BFGS-B"))))
    assert by_code(verify(repo), "PP510") == []
    write_plan(repo, plan(key_links=links(
        link("src/app/services/cascade.py", "src/app/agent/loop.py", r"SETTINGS.*L-BFGS-B"))))
    assert len(by_code(verify(repo), "PP510")) == 1


@pytest.mark.parametrize("source,target", [
    ("src/app/services/cascade.py", "src/app/config.py"),      # absolute Python import
    ("src/app/services/cascade.py", "src/app/services/fuzzy.py"),  # relative Python import
    ("web/src/pages/home.ts", "web/src/lib/api.ts"),           # relative JS/TS import
    ("web/src/pages/alias.ts", "web/src/lib/api.ts"),          # `@/` alias
    ("src/app/config.py", "src/app/services/cascade.py"),      # `to` imports `from`
])
def test_a_stale_pattern_on_an_imported_file_says_the_link_looks_wired(repo, source, target):
    write_plan(repo, plan(key_links=link(source, target, r"no_such_call\\(")))
    [finding] = by_code(verify(repo), "PP510")
    assert finding.severity.value == "warning" and "looks wired" in finding.message
    assert finding.evidence["import"]


def test_a_stale_pattern_without_an_import_is_still_an_error(repo):
    write_plan(repo, plan(key_links=link("src/app/services/cascade.py",
                                         "src/app/services/unused.py", r"never_called\\(")))
    [finding] = by_code(verify(repo), "PP510")
    assert finding.severity.value == "error" and "looks wired" not in finding.message


# -- @ references ---------------------------------------------------------------------------

def test_decorators_in_context_code_are_not_references(repo):
    write_plan(repo, plan(body='''
        <context>
        @docs/GUIDE.md

        From tests/test_cascade.py (test pattern):
        ```python
        @pytest.fixture
        def state():
            yield
        ```

        @pytest.mark.asyncio
        @pytest.mark.slow
        async def test_post(state):
            pass
        </context>
    '''))
    assert by_code(verify(repo), "PP521") == []


def test_a_missing_reference_in_context_still_fires(repo):
    write_plan(repo, plan(body='''
        <context>
        @docs/GONE.md
        @docs/config.yaml
        @docs/GUIDE.md
        </context>
    '''))
    assert len(by_code(verify(repo), "PP521")) == 2


def test_dot_slash_references_resolve_from_the_project_root(repo):
    write(repo, ".claude/skills/run.md", "run\n")
    write_plan(repo, plan(body="<context>\n@./.claude/skills/run.md\n</context>\n"))
    assert by_code(verify(repo), "PP521") == []
    write_plan(repo, plan(body="<context>\n@./.claude/skills/gone.md\n</context>\n"))
    assert len(by_code(verify(repo), "PP521")) == 1


def test_paths_of_an_archived_milestone_are_found_where_gsd_moved_them(repo):
    archived = ".planning/milestones/v1.0-phases/01-core"
    write(repo, f"{archived}/01-RESEARCH.md", "# Research\n")
    write_plan(repo, plan(body="<context>\n@.planning/phases/01-core/01-RESEARCH.md\n"
                               "@.planning/phases/01-core/01-NOPE.md\n</context>\n"),
               folder=archived)
    [finding] = by_code(verify(repo), "PP521")
    assert "01-NOPE.md" in finding.message


# -- counts ---------------------------------------------------------------------------------

def summary(root, *lines: str):
    body = "\n".join(lines)
    write(root, f"{PHASE}/01-01-SUMMARY.md", f"---\nphase: \"01\"\n---\n# Summary\n\n{body}\n")


def test_line_counts_accept_gsd_split_length_as_well_as_wc_l(repo):
    summary(repo, "- `docs/GUIDE.md` (3 lines)", "- `src/app/config.py` (2 lines)")
    assert by_code(verify(repo), "PP540") == []
    summary(repo, "- `docs/GUIDE.md` (5 lines)")
    assert len(by_code(verify(repo), "PP540")) == 1


def test_test_counts_of_a_named_class_compare_with_that_class(repo):
    summary(repo, "- `tests/test_cascade.py` - `TestWeights` class with 2 tests",
            "- `tests/test_cascade.py` - added TestOrder (1 test)")
    assert by_code(verify(repo), "PP541") == []
    summary(repo, "- `tests/test_cascade.py` - `TestWeights` class with 5 tests")
    [finding] = by_code(verify(repo), "PP541")
    assert finding.evidence["found"]["classes"] == {"TestWeights": 2}


def test_added_tests_and_plan_numbers_are_not_the_file_total(repo):
    summary(repo, "- `tests/test_cascade.py` - added 2 tests for weights",
            "| `tests/test_cascade.py` | 3 Plan 01 tests + 1 more | VERIFIED |",
            "**File:** `tests/test_cascade.py` — 2 tests failing",
            "- Pre-existing failures in `tests/test_cascade.py` (2 tests), out of scope")
    assert by_code(verify(repo), "PP541") == []
    summary(repo, "- `tests/test_cascade.py` - 7 tests")
    assert len(by_code(verify(repo), "PP541")) == 1


# -- paths ----------------------------------------------------------------------------------

def test_a_missing_file_named_loop_is_missing_not_a_symlink_loop(repo):
    (repo / "src/app/cycle").symlink_to("cycle")
    write_plan(repo, plan(artifacts='''
        - path: "src/app/agent/loop_runner.py"
        - path: "src/app/cycle/x.py"
    '''))
    findings = verify(repo)
    [missing] = by_code(findings, "PP501")
    assert "loop_runner.py" in missing.message
    [loop] = by_code(findings, "PP506")
    assert loop.evidence["refused"] == "symlink-loop"


# -- commits --------------------------------------------------------------------------------

def test_hex_ids_that_are_not_commits_are_not_read_as_commits(repo):
    summary(repo,
            "- Committed the Alembic migration; revision `4b8c1d2e9f01` applied",
            "- Commit message names run 4b8c1d2e (UUID prefix of the job)",
            "| Action | SHA |",
            "|--------|-----|",
            "| actions/checkout | `b4ffde65f46336ab88eb53be808477a3936bae11` |",
            "",
            "- Deploy succeeded: pod 7d9f8b6c5d Running after the commit",
            "- Pod `geo-api-7d9f8b6c5d-x2k4p` restarted; status Succeeded (cceeded)")
    findings = verify(repo)
    assert by_code(findings, "PP530") == [] and by_code(findings, "PP531") == []


def test_a_missing_commit_is_still_reported_when_the_line_names_a_migration(repo):
    summary(repo, "- Commit `0aa0bb1`: add the alembic revision for parcels",
            "", "| Task | Commit | Message |", "|------|--------|---------|",
            "| 1 | 1bb2cc3 | feat: add migration and init containers |")
    findings = by_code(verify(repo), "PP530")
    assert sorted(f.evidence["expected"]["commit"] for f in findings) == ["0aa0bb1", "1bb2cc3"]
    assert all("does not exist" in f.message for f in findings)


def test_a_blob_hash_is_not_called_a_missing_commit(repo):
    from verify_helpers import git

    blob = git(repo, "rev-parse", "HEAD:docs/GUIDE.md")[:10]
    summary(repo, f"- Commit `{blob}` (feat)")
    [finding] = by_code(verify(repo), "PP530")
    assert finding.message == f"{blob} names a git blob, not a commit"
    assert finding.severity.value == "warning"


def test_a_migration_named_before_its_revision_id_was_prefixed_is_found(repo):
    write(repo, "alembic/versions/a3d62fae3d64_add_results_table.py", "revision = 'a3d62fae3d64'\n")
    write(repo, "alembic/versions/0001_initial.py", "x = 1\n")
    write(repo, "alembic/versions/0002_initial.py", "x = 1\n")
    write_plan(repo, plan(files_modified="- alembic/versions/add_results_table.py", artifacts='''
        - path: "alembic/versions/add_results_table.py"
          contains: "revision"
        - path: "alembic/versions/initial.py"
        - path: "alembic/versions/add_missing_table.py"
    '''))
    findings = verify(repo)
    assert by_code(findings, "PP520") == [] and by_code(findings, "PP502") == []
    # two candidates are ambiguous, none is missing: both still reported
    assert sorted(f.evidence["path"] for f in by_code(findings, "PP501")) == [
        "alembic/versions/add_missing_table.py", "alembic/versions/initial.py"]


def test_a_moved_milestone_audit_is_found_in_milestones(repo):
    write(repo, ".planning/milestones/v1.0-MILESTONE-AUDIT.md", "# Audit\n")
    write_plan(repo, plan(body="<context>\n@.planning/v1.0-MILESTONE-AUDIT.md\n"
                               "@.planning/v2.0-MILESTONE-AUDIT.md\n</context>\n"))
    [finding] = by_code(verify(repo), "PP521")
    assert "v2.0" in finding.message


def test_uri_artifacts_are_not_files(repo):
    write_plan(repo, plan(artifacts='''
        - path: "cluster://namespaces/civpulse-gis"
        - path: "docs/GUIDE.md"
    ''', files_modified="- cluster://argocd/applications/osm-stack"))
    findings = verify(repo)
    assert by_code(findings, "PP501") == [] and by_code(findings, "PP520") == []
    assert by_code(findings, "PP505") == []

    write_plan(repo, plan(artifacts='- path: "cluster://namespaces/civpulse-gis"'))
    [only] = by_code(verify(repo), "PP505")
    assert only.severity.value == "info" and "cluster or cloud objects" in only.message


def test_an_archived_plan_reads_its_milestone_edition_of_roadmap_and_requirements(repo):
    write(repo, ".planning/ROADMAP.md", "# Roadmap v2\n- [ ] 01-01-PLAN.md\n")
    write(repo, ".planning/milestones/v1.0-ROADMAP.md", "# Roadmap v1\n- [x] 01-01-PLAN.md\n")
    archived = ".planning/milestones/v1.0-phases/01-core"
    write_plan(repo, plan(artifacts='''
        - path: ".planning/ROADMAP.md"
          contains: "[x] 01-01-PLAN.md"
    '''), folder=archived)
    assert by_code(verify(repo), "PP502") == []
    # a live plan reads the live ROADMAP
    write_plan(repo, plan(artifacts='''
        - path: ".planning/ROADMAP.md"
          contains: "[x] 01-01-PLAN.md"
    '''))
    [finding] = by_code(verify(repo), "PP502")
    assert finding.evidence["resolved"] == ".planning/ROADMAP.md"


def test_git_ignored_outputs_are_local_not_missing(repo):
    write(repo, ".gitignore", "# reports\nloadtests/reports/*.csv\n*.log\nbuild/\n")
    write(repo, f"{PHASE}/01-01-SUMMARY.md", """---
phase: "01"
key-files:
  created:
    - loadtests/reports/cold_stats.csv
    - logs/run.log
    - build/out/app.js
    - loadtests/locustfile.py
---
# Summary
""")
    findings = by_code(verify(repo), "PP522")
    assert sorted((f.evidence["path"], f.severity.value) for f in findings) == [
        ("build/out/app.js", "info"), ("loadtests/locustfile.py", "error"),
        ("loadtests/reports/cold_stats.csv", "info"), ("logs/run.log", "info")]


def test_lookups_never_list_or_read_outside_the_root(repo, tmp_path):
    outside = tmp_path / "outside"
    (outside / "v1.0-phases" / "01-core").mkdir(parents=True)
    (outside / "v1.0-phases" / "01-core" / "01-RESEARCH.md").write_text("# secret\n")
    (outside / "ignore").write_text("*.csv\n")
    (repo / ".planning").mkdir(exist_ok=True)
    (repo / ".planning" / "milestones").symlink_to(outside)
    (repo / ".gitignore").symlink_to(outside / "ignore")
    write_plan(repo, plan(body="<context>\n@.planning/phases/01-core/01-RESEARCH.md\n</context>\n"))
    write(repo, f"{PHASE}/01-01-SUMMARY.md", "---\nkey-files:\n  created:\n    - out/r.csv\n---\n")
    findings = verify(repo)
    assert [f.severity.value for f in by_code(findings, "PP522")] == ["error"]
    [ref] = by_code(findings, "PP521")
    assert ref.evidence["resolved"] == ".planning/phases/01-core/01-RESEARCH.md"


def test_test_counts_of_a_named_describe_block_compare_with_that_block(repo):
    write(repo, "web/src/parser.test.ts", """
describe('parser', () => {
  it('reads (a)', () => { expect(f(")")).toBe(1); });
  it('reads b', () => {});
});
describe("lexer", () => {
  test('splits', () => {});
});
it('top level', () => {});
""")
    summary(repo, "- `web/src/parser.test.ts` - the 'parser' describe block has 2 tests",
            "- `web/src/parser.test.ts` - `lexer` (1 test)")
    assert by_code(verify(repo), "PP541") == []
    summary(repo, "- `web/src/parser.test.ts` - the 'parser' describe block has 3 tests")
    [finding] = by_code(verify(repo), "PP541")
    assert finding.evidence["found"]["classes"] == {"parser": 2}


def test_the_live_roadmap_is_read_at_a_commit_before_the_milestone_was_archived(tmp_path):
    from verify_helpers import git

    root = make_repo(tmp_path / "project", {".planning/ROADMAP.md": "- [x] 01-01-PLAN.md\n"})
    write_plan(root, plan(artifacts='''
        - path: ".planning/ROADMAP.md"
          contains: "[x] 01-01-PLAN.md"
    '''))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "docs(01-01): complete")
    (root / ".planning/milestones").mkdir()
    git(root, "mv", PHASE, ".planning/milestones/v1.0-phases")
    git(root, "mv", ".planning/ROADMAP.md", ".planning/milestones/v1.0-ROADMAP.md")
    write(root, ".planning/ROADMAP.md", "# v2.0\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: archive v1.0")
    findings = verify(root)
    assert by_code(findings, "PP501") == [] and by_code(findings, "PP502") == []
