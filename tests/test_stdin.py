"""--stdin-filename: a document from standard input, reported under the given path with the
configuration that path would get; --fix writes the fixed document to standard output."""

from __future__ import annotations

from click.testing import CliRunner

from planproof.cli.commands import cli

BROKEN = '---\nphase: "01"\nobjective: a: b\n---\n# Plan\n'


def invoke(*args, data: bytes):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=data,
                                catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


def project(tmp_path, monkeypatch):
    (tmp_path / "svc" / ".planning").mkdir(parents=True)
    (tmp_path / "svc" / ".planproof.toml").write_text('ignore = ["PP202"]\nexclude = ["drafts"]\n')
    monkeypatch.chdir(tmp_path)


def test_the_document_is_reported_under_its_path_with_that_paths_config(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch)
    code, out, _ = invoke("lint", "--no-cache", "--stdin-filename", "svc/.planning/01-01-PLAN.md",
                          data=BROKEN.encode())
    assert code == 1
    lines = [line for line in out.decode().splitlines() if ".md:" in line]
    assert lines == ["svc/.planning/01-01-PLAN.md:3:13: PP110 YAML syntax error: mapping values "
                     "are not allowed in this context"]
    fixed = '---\nphase: "01"\nobjective: "a: b"\n---\n# Plan\n'.encode()
    code, out, _ = invoke("lint", "--no-cache", "--stdin-filename", "svc/.planning/01-01-PLAN.md",
                          data=fixed)
    assert code == 0  # PP202 (plan keys missing) is ignored by svc/.planproof.toml
    code, out, _ = invoke("lint", "--no-cache", "--stdin-filename", "other/01-01-PLAN.md",
                          data=fixed)
    assert code == 1 and b"PP202" in out  # no configuration there
    code, out, _ = invoke("lint", "--no-cache", "--stdin-filename", "svc/drafts/01-01-PLAN.md",
                          data=BROKEN.encode())
    assert code == 0 and b"PP110" not in out  # excluded by that configuration


def test_fix_writes_the_fixed_document_to_standard_output(tmp_path, monkeypatch):
    project(tmp_path, monkeypatch)
    crlf = BROKEN.replace("\n", "\r\n").encode()
    code, out, err = invoke("lint", "--no-cache", "--fix", "--stdin-filename",
                            "svc/.planning/01-01-PLAN.md", data=crlf)
    assert code == 0 and out == crlf.replace(b"objective: a: b", b'objective: "a: b"')
    assert "All checks passed" in err
    assert not any(tmp_path.joinpath("svc/.planning").iterdir())  # nothing written to disk
    code, out, _ = invoke("lint", "--no-cache", "--diff", "--stdin-filename",
                          "svc/.planning/01-01-PLAN.md", data=BROKEN.encode())
    assert code == 1 and b'+objective: "a: b"' in out


def test_paths_and_stdin_together_are_a_usage_error(tmp_path):
    code, _, err = invoke("lint", tmp_path, "--stdin-filename", "x.md", data=b"# x\n")
    assert code == 2 and "give no PATHS" in err


def test_the_readme_editor_command_runs():
    import shlex
    import subprocess
    import sys

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Editors\n", 1)[1]
    command = section.split("```console\n", 1)[1].split("```", 1)[0].strip()
    words = shlex.split(command)
    source = words[words.index("<") + 1]
    with open(REPO / source, "rb") as stream:
        done = subprocess.run([sys.executable, "-m", "planproof", *words[1:words.index("<")],
                               "--no-cache"], stdin=stream, cwd=REPO, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert b'objective: "CSV export: one row per entry"' in done.stdout
    assert b'- "Exported files open in a spreadsheet: columns' in done.stdout  # second pass
    assert b"All checks passed" in done.stderr and (REPO / source).read_bytes() != done.stdout


def test_a_document_that_is_not_utf8_is_returned_unchanged():
    data = b'---\nobjective: a: b\nname: caf\xe9\n---\n'
    code, out, err = invoke("lint", "--no-cache", "--fix", "--stdin-filename", "01-01-PLAN.md",
                            data=data)
    assert out == data and "PP101" in err and "PP110" in err and code == 1
