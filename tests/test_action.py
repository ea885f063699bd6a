"""The composite GitHub Action (action.yml): its steps' commands run for real on a copy of the
demo project, with the inputs passed the way the runner passes them (environment variables)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


def _value(expression: str, inputs: dict) -> str:
    def resolve(match):
        name = match.group(1)
        if name == "github.action_path":
            return str(REPO)
        assert name.startswith("inputs."), f"unexpected expression {name}"
        return inputs[name.removeprefix("inputs.")]

    return EXPRESSION.sub(resolve, expression)


def run_step(step: dict, inputs: dict, cwd) -> subprocess.CompletedProcess:
    assert "${{" not in step["run"], "inputs must reach the script through env, not text"
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    env.update({key: _value(value, inputs) for key, value in step.get("env", {}).items()})
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env,
                          capture_output=True, text=True)


def steps() -> dict[str, dict]:
    return {step.get("id", step.get("uses", "")): step for step in ACTION["runs"]["steps"]}


@pytest.fixture
def demo(tmp_path):
    target = tmp_path / "demo"
    shutil.copytree(REPO / "fixtures" / "demo", target)
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    return target


def inputs(**given) -> dict:
    values = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    return {**values, **given}


def test_the_action_is_composite_and_installs_planproof_from_its_own_checkout():
    assert ACTION["runs"]["using"] == "composite"
    install = steps()["install"]
    assert install["env"]["PLANPROOF_SOURCE"] == "${{ github.action_path }}"
    assert '"$PLANPROOF_SOURCE"' in install["run"]
    upload = next(s for s in ACTION["runs"]["steps"]
                  if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    order = [s.get("id", s.get("uses")) for s in ACTION["runs"]["steps"]]
    assert order.index("sarif") < order.index(upload["uses"]) < order.index("annotations")


def test_verify_through_the_action_steps(demo):
    given = inputs(command="verify", args="--root . --no-cache", paths=".planning")
    sarif = run_step(steps()["sarif"], given, demo)
    assert sarif.returncode == 0, sarif.stderr
    log = json.loads((demo / "planproof.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert results and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                           .startswith(".planning/") for r in results)
    annotations = run_step(steps()["annotations"], given, demo)
    assert annotations.returncode == 1  # the demo has errors: the job fails
    assert re.search(r"^::error file=\.planning/phases/01-parser/01-01-SUMMARY\.md,line=\d+",
                     annotations.stdout, re.M)


def test_lint_passes_on_a_clean_tree_and_a_bad_command_is_refused(demo):
    shutil.rmtree(demo / ".planning")
    (demo / ".planning").mkdir()
    (demo / ".planning" / "notes.md").write_text("# Notes\n")
    done = run_step(steps()["annotations"], inputs(args="--no-cache"), demo)
    assert done.returncode == 0 and "All checks passed" in done.stdout
    refused = run_step(steps()["annotations"], inputs(command="lint; touch pwned"), demo)
    assert refused.returncode == 2 and not (demo / "pwned").exists()
    globbed = run_step(steps()["annotations"], inputs(paths="*", args="--no-cache"), demo)
    assert "path does not exist: *" in globbed.stderr  # never expanded by the shell
