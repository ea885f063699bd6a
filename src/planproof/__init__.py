"""planproof: lint planning documents and prove or refute what they claim.

Library use::

    import planproof

    settings = planproof.load_settings([".planning"])  # the configuration file, as the CLI finds it
    result = planproof.lint([".planning"], settings)
    for finding in result.findings:
        print(finding.path, finding.line, finding.code, finding.severity.value, finding.message)
    raise SystemExit(result.exit_code(settings.strict))

The public API is what this module lists in ``__all__``, and nothing else:

- functions: ``lint``, ``verify``, ``signoff``, ``check_text``, ``load_settings``;
- types: ``Result`` (``documents``, ``findings``, ``files``, ``counts()``, ``exit_code()``),
  ``Finding`` (its fields and ``to_dict()``, whose keys are the JSON output's), ``Severity``,
  ``Settings`` (its fields are the ``[tool.planproof]`` keys with ``_`` for ``-``), ``Signoff``
  (``verdict``, ``checks``, ``exit_code()``, ``to_dict()``);
- errors: ``ConfigError`` (a configuration the user must fix), ``DiscoveryError`` (a path that
  does not exist), ``SignoffError`` (no such phase, or an ambiguous one).

Only this documented API is supported. Every other module, function, class and attribute
(``planproof.engine``, ``planproof.rules``, the reporters, anything whose name starts with ``_``)
is internal: it may change in any release without notice. The command line and its JSON output
are the other supported interfaces (see README.md). ``import planproof`` is cheap: each name is
imported on first use.
"""

from __future__ import annotations

import os

from planproof.__about__ import __version__

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Iterable, Union

    from planproof.config import ConfigError, Settings
    from planproof.discovery import DiscoveryError
    from planproof.engine import Result, check_text
    from planproof.findings import Finding, Severity
    from planproof.signoff_verdict import Signoff, SignoffError

    Paths = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]

__all__ = [
    "__version__", "lint", "verify", "signoff", "check_text", "load_settings",
    "Result", "Finding", "Severity", "Settings", "Signoff",
    "ConfigError", "DiscoveryError", "SignoffError",
]

# the public names defined in other modules, imported when first asked for
_HOME = {
    "check_text": "planproof.engine",
    "Result": "planproof.engine",
    "Finding": "planproof.findings",
    "Severity": "planproof.findings",
    "Settings": "planproof.config",
    "ConfigError": "planproof.config",
    "DiscoveryError": "planproof.discovery",
    "Signoff": "planproof.signoff_verdict",
    "SignoffError": "planproof.signoff_verdict",
}


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'planproof' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOME[name]), name)


def __dir__() -> list[str]:
    return sorted(__all__)


def lint(paths: Paths, settings: Settings | None = None, *, with_tree: bool = False) -> Result:
    """Lint the planning documents under `paths` (files or folders; none: `.planning` if it
    exists, else `.`): every finding of the selected lint rules, sorted, suppressions applied.

    `settings` defaults to `Settings()`, the built-in defaults; `load_settings(paths)` reads the
    configuration file the command line would use. Raises DiscoveryError for a missing path.
    A path may be a str or an os.PathLike; one path may be given alone.

    `with_tree=True` (`--with-tree`, what pre-commit runs): findings only for `paths`, with the
    other documents of their planning trees (the nearest `.planning` folder above each) read as
    context, so that rules across documents judge them as a run over the whole tree would.
    """
    return _run(paths, settings, "lint", with_tree)


def verify(paths: Paths, settings: Settings | None = None, *, with_tree: bool = False) -> Result:
    """`lint`, then check every claim against the repository (working tree, git history,
    coverage and test results named in `settings`); what `planproof verify` reports."""
    return _run(paths, settings, "verify", with_tree)


def _run(paths: Paths, settings: Settings | None, mode: str, with_tree: bool) -> Result:
    if with_tree:
        from planproof.config import Settings
        from planproof.given_files import check_given_files

        return check_given_files(_path_list(paths), settings or Settings(), mode)
    from planproof.pipeline import run

    return run(_path_list(paths), settings, mode)


def signoff(phase: str, paths: Paths = (), settings: Settings | None = None) -> Signoff:
    """Whether `phase` (a number like "12" or "09.1", a folder name, or a folder path) can be
    signed off: a `Signoff` with the verdict and every check behind it. Nothing is written.
    Raises SignoffError when the phase cannot be found or is ambiguous."""
    from planproof.config import Settings
    from planproof.signoff_verdict import decide

    return decide(phase, _path_list(paths), settings or Settings())


def load_settings(paths: Paths = (), overrides: dict | None = None,
                  config_path: str | os.PathLike | None = None) -> Settings:
    """The settings the command line would use for `paths`: the configuration file found by
    walking up from the first path (none: the working directory), or `config_path`; then
    `overrides` (setting name -> value, as command-line options override the file). Raises
    ConfigError for a configuration the user must fix. Paths are given as to `lint`."""
    from planproof.config import load_settings as load

    return load(_path_list(paths), overrides, os.fspath(config_path) if config_path else None)


def _path_list(paths: Paths) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return [os.fspath(path) for path in paths]
