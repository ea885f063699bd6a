"""Configuration: discovery by walking up, validation (exit 2 naming the culprit), precedence of
the command line, every setting's effect, `planproof config` / `--show-settings`, and the
run options --statistics, --quiet, --exit-zero, --strict."""

from __future__ import annotations

import json

import pytest

from planproof.config import ConfigError, Settings, find_config, load_settings

# frontmatter with a duplicate key (PP111, warning) and an unquoted ': ' (PP110, error)
WARNING_DOC = "---\na: 1\na: 2\n---\n# Notes\n"
ERROR_DOC = "---\nobjective: Fix it: now\n---\n# Notes\n"


@pytest.fixture
def project(tmp_path, write, monkeypatch):
    write("plans/sub/warn.md", WARNING_DOC)
    write("plans/archive/old.md", WARNING_DOC)
    write("plans/broken.md", ERROR_DOC)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint_json(run_cli, *args):
    code, output, parsed = run_cli("lint", *args, "--format", "json")
    return code, [(f["code"], f["path"], f["severity"]) for f in parsed["findings"]]


# --- discovery ---------------------------------------------------------------------------------

def test_find_config_walks_up_and_prefers_the_nearest(tmp_path, write):
    write("pyproject.toml", "[tool.planproof]\nignore = ['PP111']\n")
    write("a/pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.planproof]: skipped
    write("a/b/c/doc.md", WARNING_DOC)
    assert find_config(tmp_path / "a/b/c/doc.md") == tmp_path / "pyproject.toml"
    write("a/b/.planproof.toml", "ignore = ['PP110']\n")
    assert find_config(tmp_path / "a/b/c") == tmp_path / "a/b/.planproof.toml"
    settings = load_settings([str(tmp_path / "a/b/c/doc.md")])
    assert settings.ignore == ["PP110"] and settings.config_file.endswith(".planproof.toml")


def test_dedicated_file_wins_over_pyproject_in_the_same_folder(tmp_path, write):
    write("pyproject.toml", "[tool.planproof]\nignore = ['PP111']\n")
    write(".planproof.toml", "ignore = ['PP110']\n")
    assert load_settings([str(tmp_path)]).ignore == ["PP110"]


def test_configuration_changes_a_real_run(project, write, run_cli):
    assert lint_json(run_cli, "plans")[0] == 1
    write("pyproject.toml", """
        [tool.planproof]
        ignore = ["PP110"]
        exclude = ["archive"]
        [tool.planproof.severity]
        PP111 = "error"
    """)
    code, found = lint_json(run_cli, "plans")
    assert code == 1
    assert found == [("PP111", "plans/sub/warn.md", "error")]


# --- validation: exit 2 naming the offending key or code ----------------------------------------

@pytest.mark.parametrize("content, named", [
    ("selct = ['PP1']", "selct"),
    ("select = ['PP999']", "PP999"),
    ("ignore = ['XX1']", "XX1"),
    ("extend-select = ['PP9']", "PP9"),
    ("[per-file-ignores]\n'*.md' = ['PP77777']", "PP77777"),
    ("[severity]\nPP111 = 'fatal'", "fatal"),
    ("[severity]\nPP9999 = 'error'", "PP9999"),
    ("select = 'PP1'\njobs = 'two'", "jobs"),
    ("strict = 'yes'", "strict"),
    ("[schemas]\nWHITEPAPER = 'x.json'", "WHITEPAPER"),
    ("[schemas]\nPLAN = 'missing.schema.json'", "missing.schema.json"),
    ("select = [1]", "select"),
    ("select = ", "not valid TOML"),
])
def test_bad_configuration_exits_2_naming_the_problem(project, write, run_cli, content, named):
    write(".planproof.toml", content + "\n")
    code, output, _ = run_cli("lint", "plans")
    assert code == 2
    assert named in output and "Traceback" not in output
    code, output, _ = run_cli("config", "plans")
    assert code == 2 and named in output


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_code_on_the_command_line_exits_2(project, run_cli, option):
    code, output, _ = run_cli("lint", "plans", option, "PP4O1")
    assert code == 2 and "PP4O1" in output and option in output


def test_settings_accept_underscores_strings_for_lists_and_lowercase_codes():
    from planproof.config import settings_from_table

    settings = settings_from_table({"extend_select": "pp11", "per-file-ignores": {"*.md": "pp111"}})
    assert settings.extend_select == ["PP11"]
    assert settings.per_file_ignores == {"*.md": ["PP111"]}


def test_paths_in_a_config_file_are_relative_to_it(tmp_path, write):
    write("repo/schemas/plan.json", "{}")
    write("repo/.planproof.toml", """
        coverage = ["coverage.xml"]
        junit = "reports/junit.xml"
        coverage-config = ".coveragerc"
        [schemas]
        plan = "schemas/plan.json"
    """)
    write("repo/docs/x.md", WARNING_DOC)
    settings = load_settings([str(tmp_path / "repo/docs/x.md")])
    base = tmp_path / "repo"
    assert settings.coverage == [str(base / "coverage.xml")]
    assert settings.junit == [str(base / "reports/junit.xml")]
    assert settings.coverage_config == str(base / ".coveragerc")
    assert settings.schemas == {"PLAN": str(base / "schemas/plan.json")}


# --- precedence: the command line wins ---------------------------------------------------------

def test_command_line_select_replaces_config_selection(tmp_path, write):
    write(".planproof.toml", "select = ['PP1']\nextend-select = ['PP8']\nignore = ['PP111', 'PP110']\n")
    settings = load_settings([str(tmp_path)], {"select": ["PP111"]})
    assert settings.select == ["PP111"]
    assert settings.extend_select == []  # the configured selection is replaced as a whole
    assert settings.ignore == ["PP110"]  # an ignore of exactly the selected code is dropped


def test_command_line_lists_add_to_config_lists(tmp_path, write):
    write(".planproof.toml", "ignore = ['PP110']\nexclude = ['archive']\n")
    settings = load_settings([str(tmp_path)], {"ignore": ["PP111"], "exclude": ["drafts"],
                                               "strict": True, "jobs": 3})
    assert settings.ignore == ["PP110", "PP111"]
    assert settings.exclude == ["archive", "drafts"]
    assert settings.strict is True and settings.jobs == 3


def test_command_line_overrides_in_a_real_run(project, write, run_cli):
    write(".planproof.toml", "ignore = ['PP111']\n")
    assert lint_json(run_cli, "plans")[1] == [("PP110", "plans/broken.md", "error")]
    code, found = lint_json(run_cli, "plans", "--select", "PP111")
    assert [c for c, _, _ in found] == ["PP111", "PP111"]
    code, found = lint_json(run_cli, "plans", "--extend-select", "PP111", "--ignore", "PP110")
    assert found == []  # the configured ignore of PP111 is longer than nothing: still ignored


def test_explicit_config_option_skips_discovery(project, write, run_cli):
    write(".planproof.toml", "ignore = ['PP1']\n")
    write("other.toml", "ignore = ['PP110']\n")
    code, found = lint_json(run_cli, "plans", "--config", "other.toml")
    assert {c for c, _, _ in found} == {"PP111"}


def test_per_file_ignores_match_globs_relative_to_the_config_file(project, write, run_cli,
                                                                  monkeypatch):
    write("pyproject.toml", """
        [tool.planproof.per-file-ignores]
        "plans/archive/*" = ["PP111"]
        "broken.md" = ["PP1"]
    """)
    code, found = lint_json(run_cli, "plans")
    assert found == [("PP111", "plans/sub/warn.md", "warning")] and code == 0
    monkeypatch.chdir(project / "plans" / "sub")  # paths given relative to elsewhere
    code, output, parsed = run_cli("lint", "../../plans", "--format", "json")
    assert [f["path"] for f in parsed["findings"]] == ["../../plans/sub/warn.md"]


def test_severity_overrides_by_prefix_most_specific_wins(project, write, run_cli):
    write(".planproof.toml", "[severity]\nPP1 = 'info'\nPP110 = 'warning'\n")
    code, found = lint_json(run_cli, "plans")
    assert sorted({(c, s) for c, _, s in found}) == [("PP110", "warning"), ("PP111", "info")]
    assert code == 0
    assert run_cli("lint", "plans", "--strict")[0] == 1


# --- showing the effective settings ------------------------------------------------------------

def test_planproof_config_prints_effective_settings_as_toml(project, write, run_cli):
    write("pyproject.toml", "[tool.planproof]\nignore = ['PP111']\n[tool.planproof.severity]\nPP110 = 'warning'\n")
    code, output, _ = run_cli("config", "plans")
    assert code == 0
    assert output.startswith(f"# from {project / 'pyproject.toml'}")
    assert 'ignore = ["PP111"]' in output and '"PP110" = "warning"' in output
    import tomllib

    table = tomllib.loads(output)["tool"]["planproof"]
    assert table["ignore"] == ["PP111"] and table["severity"] == {"PP110": "warning"}
    code, output, _ = run_cli("config", "plans", "--format", "json")
    assert json.loads(output)["ignore"] == ["PP111"]


def test_show_settings_includes_command_line_overrides_and_runs_nothing(project, write, run_cli):
    write(".planproof.toml", "ignore = ['PP110']\n")
    code, output, _ = run_cli("lint", "plans", "--ignore", "PP111", "--strict", "--show-settings")
    assert code == 0
    assert 'ignore = ["PP110", "PP111"]' in output and "strict = true" in output
    assert "PP110 " not in output and "Found" not in output


# --- run options -------------------------------------------------------------------------------

def test_exit_zero_strict_quiet_and_statistics(project, run_cli):
    code, output, _ = run_cli("lint", "plans")
    assert code == 1 and output.rstrip().splitlines()[-1].startswith("Found 3 findings")
    assert run_cli("lint", "plans", "--exit-zero")[0] == 0
    assert run_cli("lint", "plans/sub")[0] == 0  # a warning alone does not fail
    assert run_cli("lint", "plans/sub", "--strict")[0] == 1
    assert run_cli("lint", "plans/sub", "--strict", "--exit-zero")[0] == 0
    code, output, _ = run_cli("lint", "plans", "--quiet")
    assert "Found" not in output and output.count("PP11") == 3
    code, output, _ = run_cli("lint", "plans", "--statistics", "--quiet")
    stats = [line.split() for line in output.splitlines() if line.strip().startswith(("1", "2"))
             and "PP" in line and ":" not in line]
    assert stats == [["2", "PP111", "duplicate-key"], ["1", "PP110", "yaml-syntax-error"]]


def test_exit_zero_keeps_usage_errors_at_2(project, run_cli):
    assert run_cli("lint", "missing-dir", "--exit-zero")[0] == 2


def test_settings_defaults_select_everything():
    assert Settings().select == ["PP"]
    with pytest.raises(ConfigError):
        load_settings([], {"no_such_setting": 1})


def test_the_readme_configuration_example_is_valid(tmp_path, write):
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    write("pyproject.toml", example)
    write("schemas/our-plan.schema.json", "{}")
    settings = load_settings([str(tmp_path)])
    assert settings.ignore == ["PP205"] and settings.severity == {"PP2": "warning", "PP205": "error"}
    assert settings.per_file_ignores["*-UAT.md"] == ["PP205", "PP3"]
    assert settings.schemas == {"PLAN": str(tmp_path / "schemas/our-plan.schema.json")}


def test_no_strict_overrides_a_strict_config(project, write, run_cli):
    write(".planproof.toml", "strict = true\n")
    assert run_cli("lint", "plans/sub")[0] == 1  # a warning fails under strict
    assert run_cli("lint", "plans/sub", "--no-strict")[0] == 0


def test_an_invalid_pyproject_on_the_way_up_is_an_error(tmp_path, write, run_cli):
    write("pyproject.toml", "[tool.planproof]\nignore = ['PP111']\n")
    write("a/pyproject.toml", "[project\nname = 'x'\n")
    doc = write("a/b/01-01-PLAN.md", WARNING_DOC)
    with pytest.raises(ConfigError, match="not valid TOML"):
        find_config(doc)
    code, output, _ = run_cli("lint", doc)
    assert code == 2 and "a/pyproject.toml: not valid TOML" in output
    write("a/.planproof.toml", "")  # a dedicated file nearer than the broken pyproject wins
    assert find_config(doc) == tmp_path / "a/.planproof.toml"


def test_each_path_gets_the_configuration_found_above_it(tmp_path, write, run_cli):
    write("a/.planproof.toml", "ignore = ['PP111']\n")
    write("b/.planproof.toml", "strict = true\n")
    write("a/notes.md", WARNING_DOC)
    write("b/notes.md", WARNING_DOC)
    code, _, data = run_cli("lint", tmp_path / "a", tmp_path / "b", "--format", "json",
                            "--no-cache")
    assert [(f["code"], f["path"]) for f in data["findings"]] == [
        ("PP111", str(tmp_path / "b" / "notes.md"))]
    assert code == 1  # b is strict: its warning fails the run
    assert data["files"] == 2
    code, _, data = run_cli("lint", tmp_path / "a/notes.md", "--format", "json", "--no-cache")
    assert code == 0 and data["findings"] == []
    # the command line still applies to every group
    code, _, data = run_cli("lint", tmp_path / "a", tmp_path / "b", "--format", "json",
                            "--no-cache", "--no-strict")
    assert code == 0 and len(data["findings"]) == 1


def test_a_configuration_below_a_walked_folder_applies_to_its_files(tmp_path, write, run_cli,
                                                                    monkeypatch):
    write(".planproof.toml", "strict = true\n")
    write("services/api/.planproof.toml", "ignore = ['PP111']\n")
    write("docs/notes.md", WARNING_DOC)
    write("services/api/docs/notes.md", WARNING_DOC)
    monkeypatch.chdir(tmp_path)
    code, _, data = run_cli("lint", ".", "--format", "json", "--no-cache")
    assert [f["path"] for f in data["findings"]] == ["docs/notes.md"]
    assert data["files"] == 2 and code == 1  # the root's strict applies to docs/notes.md
    code, _, data = run_cli("lint", "--format", "json", "--no-cache")  # the default path: .
    assert [f["path"] for f in data["findings"]] == ["docs/notes.md"]
