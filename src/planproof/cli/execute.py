"""`lint` and `verify` on the command line: run through the public API, report, exit."""

from __future__ import annotations

import os
import sys

import click

from planproof.cli import adopt
from planproof.cli.options import exit_with, fail, output_stream, remembered


def execute(mode: str, paths, fmt, output_file, exit_zero, quiet, statistics, settings) -> None:
    """Run and report; exits with the documented code."""
    from planproof.report import render

    if remembered("stdin_filename"):
        adopt.from_stdin(mode, fmt, output_file, exit_zero, quiet, statistics, settings)
    result, notes = adopt.run(lambda: _run(mode, paths, settings), settings, mode,
                              fmt == "text" and not quiet and not output_file)
    with output_stream(output_file, sys.stdout) as stream:
        color = (fmt == "text" and not output_file and stream.isatty()
                 and "NO_COLOR" not in os.environ)
        render(fmt, result, report_options(settings, color, quiet, statistics), stream)
    for line in notes:  # what was fixed, what the baseline hid (standard error)
        click.echo(line, err=True)
    show_tracebacks(result, settings)
    exit_with(result.exit_code(settings.strict), exit_zero)


def show_tracebacks(result, settings) -> None:
    """--debug: the traceback of every internal error (PP000), on standard error."""
    if settings.debug:
        for finding in result.findings:
            if finding.code == "PP000" and "traceback" in finding.evidence:
                click.echo(finding.evidence["traceback"], err=True)


def _run(mode: str, paths, settings):
    """One run over `paths` (per configuration file when they find several)."""
    from planproof import DiscoveryError

    try:
        if remembered("config_groups"):
            from planproof import config_groups

            result = config_groups.run(remembered("config_groups"),
                                       lambda given, given_settings: _run_paths(mode, given,
                                                                                given_settings))
        else:
            result = _run_paths(mode, paths, settings)
    except DiscoveryError as exc:
        fail(str(exc))
    if result.files == 0:
        _nothing_read(mode, paths)
    return result


def _run_paths(mode: str, paths, settings):
    import planproof

    run = planproof.verify if mode == "verify" else planproof.lint
    return run(list(paths), settings, with_tree=bool(remembered("with_tree")))


def _nothing_read(mode: str, paths) -> None:
    """No document found: verify has nothing to prove (exit 2); lint warns and reports, as ruff
    does when no file matches."""
    where = ", ".join(paths) if paths else "the default paths (.planning, else .)"
    if mode == "verify":
        fail(f"no planning documents (*.md) found under {where}: nothing to verify")
    click.echo(f"planproof: warning: no planning documents (*.md) found under {where}", err=True)


def report_options(settings, color: bool, quiet: bool, statistics: bool):
    from planproof.report import ReportOptions
    from planproof.rules import explicitly_selected

    info_codes = frozenset(explicitly_selected([*settings.select, *settings.extend_select]))
    return ReportOptions(color, quiet, statistics, settings.root,
                         show_info=bool(remembered("show_info")), info_codes=info_codes,
                         strict=settings.strict)
