"""Key links and @ references on the way real trees write them (FP-FINDINGS, fp-B): each class of
false "not wired" or "does not exist" has a document that must stay silent and one that must still
fire. Real git repositories with real files in temp dirs."""

from __future__ import annotations

import pytest
from test_verify_precision import link, links, write, write_plan
from verify_helpers import PHASE, by_code, git, make_repo, plan, verify

SOURCE = {
    "src/app/__init__.py": "",
    "src/app/evaluator.py": "class Evaluator:\n    def score(self):\n        return 1\n",
    "src/app/typed_loop.py": '''
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from app.evaluator import Evaluator


        def step(evaluator: "Evaluator"):
            return evaluator
        ''',
    "src/app/runtime_loop.py": '''
        import typing

        if typing.TYPE_CHECKING:
            pass
        else:
            from app.evaluator import Evaluator


        def step():
            return Evaluator()
        ''',
}


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path / "project", SOURCE)


# -- imports only under `if TYPE_CHECKING:` are not wiring -----------------------------------

def test_an_import_only_for_type_checkers_does_not_make_a_link_look_wired(repo):
    write_plan(repo, plan(key_links=link("src/app/typed_loop.py", "src/app/evaluator.py",
                                         r"evaluator\\.score")))
    [finding] = by_code(verify(repo), "PP510")
    assert finding.severity.value == "error" and "looks wired" not in finding.message


def test_an_import_that_runs_still_makes_a_stale_pattern_a_warning(repo):
    write_plan(repo, plan(key_links=link("src/app/runtime_loop.py", "src/app/evaluator.py",
                                         r"evaluator\\.score")))
    [finding] = by_code(verify(repo), "PP510")
    assert finding.severity.value == "warning" and "looks wired" in finding.message
    assert finding.evidence["import"] == "from app.evaluator import Evaluator"


# -- operational key links: the pattern is a command run on the file --------------------------

MANIFESTS = {
    "k8s/argocd-app.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Application\n",
    "loadtests/locustfile.py": "from locust import HttpUser\n\n\nclass Geo(HttpUser):\n    pass\n",
    "docs/DEPLOY.md": "# Deploy\n\nRun `helm upgrade --install geo ./chart`.\n",
}


def test_a_command_run_on_a_file_is_not_text_to_search_for(repo):
    for relative, text in MANIFESTS.items():
        write(repo, relative, text)
    write_plan(repo, plan(key_links=links(
        link("k8s/argocd-app.yaml", "ArgoCD in argocd namespace", "kubectl apply -f"),
        link("loadtests/locustfile.py", "deployed service", "locust --headless"),
        link("k8s/argocd-app.yaml", "the cluster", "helm upgrade --install"),
        link("docs/DEPLOY.md", "the chart", "helm upgrade --install"),  # written there: found
    )))
    findings = verify(repo)
    assert by_code(findings, "PP510") == []
    unchecked = by_code(findings, "PP512")
    assert len(unchecked) == 3 and all(f.severity.value == "info" for f in unchecked)
    assert all("reads like a command" in f.message for f in unchecked)


def test_a_command_missing_from_a_file_that_writes_commands_down_still_fires(repo):
    for relative, text in MANIFESTS.items():
        write(repo, relative, text)
    write(repo, "Makefile", "deploy:\n\tkubectl apply -k k8s/\n")
    write_plan(repo, plan(key_links=links(
        link("docs/DEPLOY.md", "the chart", "helm rollback --wait"),
        link("Makefile", "k8s/argocd-app.yaml", "kubectl apply -f"),
        link("loadtests/locustfile.py", "deployed service", "HttpsUser"),  # not a command
    )))
    findings = verify(repo)
    assert len(by_code(findings, "PP510")) == 3 and by_code(findings, "PP512") == []


# -- a YAML key with its list item a few lines below ------------------------------------------

KUSTOMIZATION = """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

resources:
  - deployment.yaml
  - service.yaml
  - configmap.yaml
  - nominatim.yaml

commonLabels:
  app.kubernetes.io/part-of: civpulse-geo
"""


def test_a_list_pattern_matches_an_item_listed_below_its_key(repo):
    write(repo, "k8s/base/kustomization.yaml", KUSTOMIZATION)
    write(repo, "k8s/base/nominatim.yaml", "kind: Deployment\n")
    write_plan(repo, plan(key_links=link("k8s/base/kustomization.yaml", "nominatim.yaml",
                                         r"resources:.*nominatim\\.yaml")))
    assert by_code(verify(repo), "PP510") == []


@pytest.mark.parametrize("pattern", [
    r"nominatim\\.yaml.*resources:",            # the parts in the wrong order
    r"apiVersion:.*part-of: civpulse",           # parts more than 30 lines apart
    r"resources:.*valhalla\\.yaml",              # not listed at all
])
def test_a_list_pattern_with_parts_out_of_order_or_absent_still_fails(repo, pattern):
    far = KUSTOMIZATION.replace("commonLabels:", "\n" * 40 + "commonLabels:")
    write(repo, "k8s/base/kustomization.yaml", far)
    write(repo, "k8s/base/nominatim.yaml", "kind: Deployment\n")
    write_plan(repo, plan(key_links=link("k8s/base/kustomization.yaml", "nominatim.yaml", pattern)))
    [finding] = by_code(verify(repo), "PP510")
    assert finding.severity.value == "error"


def test_code_does_not_get_the_multi_line_search(repo):
    write(repo, "src/app/routes.py", "ROUTES = [\n    'health',\n    'geocode',\n]\n")
    write_plan(repo, plan(key_links=link("src/app/routes.py", "src/app/evaluator.py",
                                         r"ROUTES.*geocode")))
    assert len(by_code(verify(repo), "PP510")) == 1


# -- a planning document GSD archived before it was ever committed at its live path ----------

def audit_history(root, *, committed_live: bool = False):
    """A plan that reads the v1.0 audit while it is untracked (or, with `committed_live`, after it
    was committed and deleted at its live path); the archive commit then adds it under
    milestones/ and moves the phase there."""
    if committed_live:
        write(root, ".planning/v1.0-MILESTONE-AUDIT.md", "# Audit\n")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "docs: audit")
        git(root, "rm", "-q", ".planning/v1.0-MILESTONE-AUDIT.md")
        git(root, "commit", "-q", "-m", "docs: drop the audit")
    write_plan(root, plan(body="<context>\n@.planning/v1.0-MILESTONE-AUDIT.md\n"
                               "@.planning/v2.0-MILESTONE-AUDIT.md\n</context>\n"))
    write(root, f"{PHASE}/01-01-SUMMARY.md", "---\nphase: \"01\"\nkey-files:\n  created:\n"
                                             "    - .planning/v1.0-MILESTONE-AUDIT.md\n---\n# Done\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "docs(01-01): complete")
    (root / ".planning/milestones").mkdir()
    git(root, "mv", PHASE, ".planning/milestones/v1.0-phases")
    write(root, ".planning/milestones/v1.0-MILESTONE-AUDIT.md", "# Audit\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: complete v1.0 milestone")


def test_a_planning_document_first_committed_in_the_milestone_archive_is_not_missing(repo):
    audit_history(repo)
    findings = verify(repo)
    [missing] = by_code(findings, "PP521")
    assert "v2.0-MILESTONE-AUDIT.md" in missing.message  # nothing archived it: still missing
    assert missing.evidence["judged_at"]["as_of"] == "written"
    assert by_code(findings, "PP522") == [] and by_code(findings, "PP532") == []


def test_a_planning_document_that_git_had_at_its_live_path_is_still_judged_there(repo):
    audit_history(repo, committed_live=True)
    findings = verify(repo)
    assert sorted(f.evidence["resolved"] for f in by_code(findings, "PP521")) == [
        ".planning/v1.0-MILESTONE-AUDIT.md", ".planning/v2.0-MILESTONE-AUDIT.md"]
    [key_file] = by_code(findings, "PP522")
    assert key_file.evidence["resolved"] == ".planning/v1.0-MILESTONE-AUDIT.md"


def test_the_multi_line_search_is_bounded_in_time_and_windows():
    import time

    from planproof.evidence.regex import BoundedRegex, leading_part

    assert leading_part(r"resources:.*nominatim\\.yaml") == "resources:"
    assert leading_part(r"a|b.*c") is None and leading_part(r".*x") is None
    searcher = BoundedRegex(per_search=0.05, budget=1.0)
    started = time.perf_counter()
    result = searcher.search_near(r"(a+)+$.*b", "a" * 5000 + "!\n" + "x\n" * 10)
    assert not result.found and time.perf_counter() - started < 1.0
    listed = "items:\n" + "  - filler\n" * 30
    assert not searcher.search_near(r"items:.*target", listed + "  - target\n").found
    assert searcher.search_near(r"items:.*target", listed[:-11] + "  - target\n").found
