"""Command-line parts for adopting planproof on an existing repository: fixes (--fix, --diff,
--unsafe-fixes), baselines, --stdin-filename and --respect-gitignore. cli.py adds the options
and calls these; option values are read back through cli._remembered."""

from __future__ import annotations

import sys

import click


def _remembered(name: str):
    from planproof.cli import _remembered as remembered

    return remembered(name)


def _fail(message: str) -> None:
    from planproof.cli import _fail as fail

    fail(message)


def adoption_options(remember) -> list:
    """Options every run command gets; `remember` stores their values in the click context."""
    return [
        click.option("--fix", is_flag=True, expose_value=False, callback=remember,
                     help="Apply safe fixes in place, then report what remains."),
        click.option("--diff", is_flag=True, expose_value=False, callback=remember,
                     help="Print the fixes as a unified diff and change nothing "
                          "(exit 1 when there is something to fix)."),
        click.option("--unsafe-fixes", is_flag=True, expose_value=False, callback=remember,
                     help="With --fix or --diff, also fixes that change what a document says."),
        click.option("--stdin-filename", metavar="PATH", expose_value=False, callback=remember,
                     help="Read the document from standard input; report it as PATH, with "
                          "the settings PATH would get (with --fix: the fixed document to "
                          "standard output, the findings to standard error)."),
        click.option("--respect-gitignore/--no-respect-gitignore", default=None,
                     expose_value=False, callback=remember,
                     help="Skip files git ignores in the folders given (default; files named "
                          "on the command line are always read)."),
        click.option("--baseline", type=click.Path(dir_okay=False), expose_value=False,
                     callback=remember, metavar="FILE",
                     help="Report only findings not recorded in FILE (see --write-baseline)."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), expose_value=False,
                     callback=remember, metavar="FILE",
                     help="Record the current findings in FILE and exit 0."),
    ]


def run(run_once, settings, mode: str, fixable_note: bool):
    """Run (with --diff, --fix, a baseline as asked); returns the result to report and lines
    for standard error. --diff and --write-baseline exit here."""
    if _remembered("diff"):
        diff(run_once, settings, mode)
    result, notes = fixed(run_once, settings) if _remembered("fix") else (run_once(), [])
    if _remembered("write_baseline"):
        write_baseline(result, _remembered("write_baseline"))
    if settings.baseline:
        notes = baselined(result, settings.baseline) + notes
    if fixable_note and not _remembered("fix") and any(f.fix for f in result.findings):
        from planproof.fix import note

        notes += [line for line in [note(result.findings, settings)] if line]
    return result, notes


def diff(run_once, settings, mode: str) -> None:
    """--diff: print the fixes, write nothing; exit 1 when there is something to fix."""
    from planproof import fix

    result, outcome, text = fix.diff_run(run_once, settings, bool(_remembered("unsafe_fixes")),
                                         mode)
    click.echo(text, nl=False)
    for line in fix.summary(outcome, result.findings, settings, True,
                            bool(_remembered("unsafe_fixes"))):
        click.echo(line, err=True)
    sys.exit(1 if outcome.files else 0)


def fixed(run_once, settings):
    """--fix: apply fixes until none applies; the result is what remains."""
    from planproof import fix

    result, outcome = fix.fix_run(run_once, settings, bool(_remembered("unsafe_fixes")))
    return result, fix.summary(outcome, result.findings, settings, False,
                               bool(_remembered("unsafe_fixes")))


def from_stdin(mode: str, fmt, output_file, exit_zero, quiet, statistics, settings) -> None:
    """--stdin-filename: check (and with --fix/--diff, fix) the document on standard input."""
    from planproof import stdin
    from planproof.report import ReportOptions, render

    path = _remembered("stdin_filename")
    data = sys.stdin.buffer.read()
    if _remembered("fix") or _remembered("diff"):
        fixed, result, count = stdin.fix_bytes(path, data, settings, mode,
                                               bool(_remembered("unsafe_fixes")))
        if _remembered("diff"):
            from planproof.fix import FileFix, diff_text

            click.echo(diff_text(FileFix(path, data, fixed, [])), nl=False)
            sys.exit(1 if fixed != data else 0)
        sys.stdout.buffer.write(fixed)
        sys.stdout.flush()
        report = sys.stderr
    else:
        result, report = stdin.check_bytes(path, data, settings, mode), sys.stdout
    if settings.baseline:
        for line in baselined(result, settings.baseline):
            click.echo(line, err=True)
    stream = open(output_file, "w", encoding="utf-8") if output_file else report
    try:
        render(fmt, result, ReportOptions(False, quiet, statistics, settings.root), stream)
    finally:
        if output_file:
            stream.close()
    code = result.exit_code(settings.strict)
    sys.exit(0 if exit_zero and code == 1 else code)


def write_baseline(result, path: str) -> None:
    from planproof import baseline

    try:
        count = baseline.write(result, path)
    except OSError as exc:
        _fail(f"cannot write the baseline {path}: {exc.strerror or exc}")
    click.echo(f"Wrote {count} finding{'' if count == 1 else 's'} to {path}.", err=True)
    sys.exit(2 if any(f.code == "PP000" for f in result.findings) else 0)


def baselined(result, path: str) -> list[str]:
    """Drop the findings the baseline records; lines saying what it hid and what it no
    longer matches."""
    from planproof import baseline

    try:
        return baseline.summary(baseline.apply(result, path), path)
    except baseline.BaselineError as exc:
        _fail(str(exc))
