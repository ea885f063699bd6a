"""Adopting planproof on an existing repository: fixes (--fix, --diff, --unsafe-fixes),
baselines and --stdin-filename. The options are declared in cli/options.py
(`adoption_options`); their values are read back here through `remembered`."""

from __future__ import annotations

import sys

import click

from planproof.cli.options import exit_with, fail, output_stream, remembered


def run(run_once, settings, mode: str, fixable_note: bool):
    """Run (with --diff, --fix, a baseline as asked); returns the result to report and lines
    for standard error. --diff and --write-baseline exit here."""
    if remembered("diff"):
        diff(run_once, settings, mode)
    result, notes = fixed(run_once, settings) if remembered("fix") else (run_once(), [])
    if remembered("write_baseline"):
        write_baseline(result, remembered("write_baseline"))
    if settings.baseline:
        notes = baselined(result, settings.baseline) + notes
    if fixable_note and not remembered("fix") and any(f.fix for f in result.findings):
        from planproof.fix import note

        notes += [line for line in [note(result.findings, settings)] if line]
    return result, notes


def diff(run_once, settings, mode: str) -> None:
    """--diff: print the fixes, write nothing; exit 1 when there is something to fix."""
    from planproof import fix, stdin

    def recheck(path: str, data: bytes):
        return stdin.check_bytes(path, data, settings, mode)

    result, outcome, text = fix.diff_run(run_once, recheck, settings,
                                         bool(remembered("unsafe_fixes")))
    click.echo(text, nl=False)
    for line in fix.summary(outcome, result.findings, settings, True,
                            bool(remembered("unsafe_fixes"))):
        click.echo(line, err=True)
    sys.exit(1 if outcome.files else 0)


def fixed(run_once, settings):
    """--fix: apply fixes until none applies; the result is what remains."""
    from planproof import fix

    result, outcome = fix.fix_run(run_once, settings, bool(remembered("unsafe_fixes")))
    return result, fix.summary(outcome, result.findings, settings, False,
                               bool(remembered("unsafe_fixes")))


def from_stdin(mode: str, fmt, output_file, exit_zero, quiet, statistics, settings) -> None:
    """--stdin-filename: check (and with --fix/--diff, fix) the document on standard input."""
    from planproof import stdin
    from planproof.report import ReportOptions, render

    path = remembered("stdin_filename")
    data = sys.stdin.buffer.read()
    if remembered("fix") or remembered("diff"):
        fixed, result, count = stdin.fix_bytes(path, data, settings, mode,
                                               bool(remembered("unsafe_fixes")))
        if remembered("diff"):
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
    with output_stream(output_file, report) as stream:
        render(fmt, result, ReportOptions(False, quiet, statistics, settings.root), stream)
    exit_with(result.exit_code(settings.strict), exit_zero)


def write_baseline(result, path: str) -> None:
    from planproof import baseline

    try:
        count = baseline.write(result, path)
    except OSError as exc:
        fail(f"cannot write the baseline {path}: {exc.strerror or exc}")
    click.echo(f"Wrote {count} finding{'' if count == 1 else 's'} to {path}.", err=True)
    sys.exit(2 if any(f.code == "PP000" for f in result.findings) else 0)


def baselined(result, path: str) -> list[str]:
    """Drop the findings the baseline records; lines saying what it hid and what it no
    longer matches."""
    from planproof import baseline

    try:
        return baseline.summary(baseline.apply(result, path), path)
    except baseline.BaselineError as exc:
        fail(str(exc))
