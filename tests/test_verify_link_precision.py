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
