"""The click commands: each parses its options, builds Settings (cli/settings.py) and calls the
public API (planproof.lint, verify, signoff); `rules` and `rule` are cli/listing.py's."""

from __future__ import annotations

import os
import sys

import click

from planproof.__about__ import __version__
from planproof.cli import listing
from planproof.cli.execute import execute, show_tracebacks
from planproof.cli.listing import LIST_FORMATS
from planproof.cli.options import (AS_OF, CONFIG, DEBUG, OUTPUT_FILE, absolute_paths, fail,
                                   format_option, output_stream, remember, remembered, run_options,
                                   selection_options)
from planproof.cli.settings import build_settings
from planproof.report import CLAIMS_REPORTER_BY_NAME, SIGNOFF_REPORTER_BY_NAME, reporter
from planproof.schema.locations import KINDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planproof", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint planning documents and prove or refute what they claim."""


@cli.command()
@run_options
@click.option("--with-tree", is_flag=True, expose_value=False, callback=remember,
              help="Also read the rest of each file's .planning tree for cross-document "
                   "checks; report only on the given files (the pre-commit hook uses this).")
def lint(paths, fmt, output_file, select, extend_select, ignore, exclude, strict, exit_zero,
         quiet, statistics, jobs, max_file_size, config_path, debug):
    """Check planning documents on their own: parsing, schema, structure, arithmetic.

    PATHS are files or directories (default: .planning if it exists, else .).
    Exit codes: 0 clean, 1 failing findings, 2 usage/config/internal error.
    """
    settings = build_settings(paths, select, extend_select, ignore, exclude, strict, jobs,
                              max_file_size, config_path, debug)
    execute("lint", paths, fmt, output_file, exit_zero, quiet, statistics, settings)


@cli.command()
@run_options
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Repository root that document paths resolve against "
                   "(default: the git top-level above the documents, else the current directory).")
@click.option("--coverage", multiple=True, callback=absolute_paths,
              type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="Coverage data: .coverage, coverage.json, coverage.xml (Cobertura) or "
                   "lcov.info; repeatable (default: those found at the root).")
@click.option("--coverage-config", callback=absolute_paths,
              type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="coverage.py configuration for reading .coverage (default: the one "
                   "`coverage report` would use next to the data file, else at the root).")
@click.option("--junit", multiple=True, callback=absolute_paths,
              type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="JUnit XML test results (pytest --junitxml); repeatable.")
@AS_OF
def verify(paths, fmt, output_file, select, extend_select, ignore, exclude, strict, exit_zero,
           quiet, statistics, jobs, max_file_size, config_path, debug, root, **evidence):
    """Lint, then check every claim against the working tree and git history.

    PATHS are files or directories (default: .planning if it exists, else .). Nothing written in
    a document is executed: <verify> commands and human checks are listed (PP550).
    Exit codes: 0 clean, 1 failing findings, 2 usage/config/internal error.
    """
    # Evidence options (e.g. --coverage, --junit) are further @click.option decorators above
    # whose parameter names are Settings fields; they arrive in **evidence as settings overrides.
    settings = build_settings(paths, select, extend_select, ignore, exclude, strict, jobs,
                              max_file_size, config_path, debug,
                              root=os.path.abspath(root) if root else None, **evidence)
    execute("verify", paths, fmt, output_file, exit_zero, quiet, statistics, settings)


@cli.command("signoff")
@click.argument("phase")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--root", type=click.Path(exists=True, file_okay=False),
              help="Repository root that document paths resolve against.")
@click.option("--coverage", multiple=True, type=click.Path(exists=True),
              help="Coverage data (.coverage, coverage.xml or coverage.json); repeatable.")
@click.option("--junit", multiple=True, type=click.Path(exists=True),
              help="JUnit XML test results; repeatable.")
@format_option(SIGNOFF_REPORTER_BY_NAME)
@OUTPUT_FILE
@AS_OF
@click.option("--allow-human", is_flag=True,
              help="Exit 0 (not 3) when the only thing left is checks by a person.")
@CONFIG
@DEBUG
def signoff_command(phase, paths, root, coverage, junit, fmt, output_file, as_of, allow_human,
                    config_path, debug):
    """Can PHASE be signed off? A verdict with every reason.

    PHASE is a phase number (12, 09.1), a phase folder name, or a folder path. PATHS are where
    the planning tree lives (default: .planning if it exists, else .). Exit codes: 0 ready,
    1 not ready, 3 ready pending human checks (0 with --allow-human), 2 usage/internal error.
    """
    import planproof

    settings = build_settings(paths, config_path=config_path, debug=debug,
                              root=os.path.abspath(root) if root else None,
                              coverage=[os.path.abspath(p) for p in coverage] or None,
                              junit=[os.path.abspath(p) for p in junit] or None, as_of=as_of)
    try:
        result = planproof.signoff(phase, list(paths), settings)
    except planproof.SignoffError as exc:
        fail(str(exc))
    with output_stream(output_file, sys.stdout) as stream:
        reporter(SIGNOFF_REPORTER_BY_NAME, fmt)(result, stream, allow_human)
    if debug:
        for finding in result.internal_errors:
            click.echo(finding.evidence.get("traceback", finding.message), err=True)
    sys.exit(result.exit_code(allow_human))


@cli.command("schema")
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False))
def show_schema(kind):
    """Print the JSON Schema (draft 2020-12) of KIND's frontmatter."""
    from planproof.schema.locations import schema_path

    click.echo(schema_path(kind.lower()).read_text(encoding="utf-8"), nl=False)


CLAIMS_FAMILY = "PP4"


@cli.command("claims")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option(CLAIMS_REPORTER_BY_NAME)
@selection_options
@CONFIG
@DEBUG
def show_claims(paths, fmt, select, extend_select, ignore, exclude, config_path, debug):
    """Show every claim in PATHS: position, parsed values, verdict; then PP4xx findings.

    The configuration, suppression comments and --select/--ignore/--exclude apply as in lint;
    the selection is limited to the claims rules (PP4xx).
    Exit codes: 0 no failing PP4xx finding, 1 one or more, 2 usage/config/internal error.
    """
    import planproof
    from planproof.report.claims import collect

    def lint_claims(given, given_settings):
        given_settings.select = _claims_rules(given_settings.select) or [CLAIMS_FAMILY]
        given_settings.extend_select = _claims_rules(given_settings.extend_select)
        return planproof.lint(list(given), given_settings)

    settings = build_settings(paths, select, extend_select, ignore, exclude,
                              config_path=config_path, debug=debug, cache=False)
    groups = remembered("config_groups")  # paths that find different configuration files
    if groups:
        from planproof import config_groups

        result = config_groups.run(groups, lint_claims)
    else:
        result = lint_claims(paths, settings)
    reporter(CLAIMS_REPORTER_BY_NAME, fmt)(collect(result), sys.stdout)
    show_tracebacks(result, settings)
    sys.exit(result.exit_code(settings.strict))


def _claims_rules(selectors: list[str]) -> list[str]:
    """The part of a selection that names claims rules (PP4, PP401); `PP` and `ALL` do not."""
    return [s for s in selectors if s.upper().startswith(CLAIMS_FAMILY)]


@cli.command("rules")
@click.argument("prefixes", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="text")
def list_rules(prefixes, fmt):
    """List every rule (or those matching PREFIXES, e.g. PP4): code, name, severity, summary."""
    sys.exit(listing.list_rules(list(prefixes), fmt))


@cli.command("rule")
@click.argument("code")
def show_rule(code):
    """Print a rule's documentation (CODE or name): what, why, a failing and a passing example."""
    sys.exit(listing.show_rule(code))


@cli.command("config")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml",
              show_default=True)
def show_config(paths, config_path, fmt):
    """Print the effective settings for PATHS (config file found by walking up)."""
    import dataclasses
    import json

    from planproof import ConfigError, load_settings
    from planproof.config import describe

    try:
        settings = load_settings(list(paths), None, config_path)
    except (ConfigError, OSError) as exc:
        fail(str(exc))
    click.echo(json.dumps(dataclasses.asdict(settings), indent=2) if fmt == "json"
               else describe(settings))
