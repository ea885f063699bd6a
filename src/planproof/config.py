"""Settings: `[tool.planproof]` in pyproject.toml or `.planproof.toml`, then command-line overrides."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planproof.decoding import DEFAULT_MAX_FILE_SIZE


class ConfigError(Exception):
    """A configuration problem the user must fix; the CLI exits 2 with this message."""


@dataclass
class Settings:
    """Everything that decides a run (public: `planproof.Settings`): the `[tool.planproof]` keys,
    `-` written `_`, and the command-line-only ones (root, debug, config_file)."""

    select: list[str] = field(default_factory=lambda: ["PP"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)  # code or prefix -> severity
    exclude: list[str] = field(default_factory=list)
    strict: bool = False
    jobs: int = 0  # 0: as many as the machine has
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    schemas: dict[str, str] = field(default_factory=dict)  # kind -> schema file
    coverage: list[str] = field(default_factory=list)
    coverage_config: str | None = None
    junit: list[str] = field(default_factory=list)
    root: str | None = None
    as_of: str = "written"  # verify: judge claims when written | now | at a revision
    cache_dir: str | None = None
    cache: bool = True
    baseline: str | None = None  # findings recorded there are not reported
    respect_gitignore: bool = True  # files git ignores are not read from folders
    debug: bool = False
    config_file: str | None = None  # where the settings came from, for `planproof config`

    def fingerprint(self) -> str:
        """A stable text of everything that changes results (cache keys use it)."""
        data = dataclasses.asdict(self)
        for volatile in ("jobs", "debug", "cache", "cache_dir", "config_file", "baseline"):
            data.pop(volatile)
        return repr(sorted(data.items()))


CONFIG_KEYS = {f.name.replace("_", "-") for f in dataclasses.fields(Settings)} - {
    "debug", "config-file", "root"}


def find_config(start: Path) -> Path | None:
    """The nearest `.planproof.toml`, or `pyproject.toml` with a [tool.planproof] table."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory, *directory.parents]:
        found = config_in(folder)
        if found is not None:
            return found
    return None


def config_in(folder: Path) -> Path | None:
    """`folder`'s own configuration file, if it has one."""
    dedicated = folder / ".planproof.toml"
    if dedicated.is_file():
        return dedicated
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        import tomllib  # here: no pyproject.toml above the documents, no tomllib import

        try:  # as ruff: a pyproject.toml that cannot be read is an error, not skipped
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{pyproject}: not valid TOML: {exc}") from exc
        except OSError as exc:
            raise ConfigError(f"{pyproject}: cannot be read: {exc.strerror or exc}") from exc
        if "planproof" in data.get("tool", {}):
            return pyproject
    return None


def read_config(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("planproof", {})
    return data


LIST_KEYS = ("select", "ignore", "extend-select", "exclude", "coverage", "junit")
CODE_LIST_KEYS = ("select", "ignore", "extend-select")
SEVERITIES = ("error", "warning", "info")


def settings_from_table(table: dict[str, Any], source: Path | None = None) -> Settings:
    settings = Settings(config_file=str(source) if source else None)
    where = f"{source}: " if source else ""
    for written, value in table.items():
        key = str(written).replace("_", "-")
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{where}unknown setting '{written}' in [tool.planproof] "
                              f"(known: {', '.join(sorted(CONFIG_KEYS))})")
        attribute = key.replace("-", "_")
        if key in LIST_KEYS and isinstance(value, str):
            value = [value]
        expected = type(getattr(settings, attribute))
        if getattr(settings, attribute) is None:
            expected = str
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"{where}setting '{written}' must be a {_type_word(expected)}, "
                              f"got {type(value).__name__}")
        setattr(settings, attribute, _checked(key, value, where))
    if source is not None:
        _anchor_paths(settings, source.parent)
    return settings


def _type_word(expected: type) -> str:
    return {list: "list", dict: "table", str: "string", int: "integer", bool: "boolean"}.get(
        expected, expected.__name__)


def _strings(key: str, values: list, where: str) -> list[str]:
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"{where}'{key}' must list strings, got {value!r}")
    return list(values)


def _checked(key: str, value: Any, where: str) -> Any:
    """Validate one setting's contents; rule codes are upper-cased and must name rules."""
    if key in LIST_KEYS:
        value = _strings(key, value, where)
        if key in CODE_LIST_KEYS:
            value = _codes(key, value, where)
    elif key == "per-file-ignores":
        checked = {}
        for glob, codes in value.items():
            codes = _strings(f"per-file-ignores.{glob}", codes if isinstance(codes, list)
                             else [codes], where)
            checked[str(glob)] = _codes(f'per-file-ignores."{glob}"', codes, where)
        value = checked
    elif key == "severity":
        for code, level in value.items():
            if level not in SEVERITIES:
                raise ConfigError(f"{where}severity.{code} must be one of "
                                  f"{', '.join(SEVERITIES)}, got {level!r}")
        value = dict(zip(_codes("severity", list(value), where), value.values()))
    elif key == "schemas":
        value = schema_kinds(value, where)
    elif key in ("jobs", "max-file-size") and value < (0 if key == "jobs" else 1):
        raise ConfigError(f"{where}setting '{key}' must be at least {0 if key == 'jobs' else 1}")
    return value


def schema_kinds(schemas: dict, where: str = "") -> dict[str, str]:
    """Custom schemas as {KIND: path}: each kind a document kind (upper-cased), each path a
    string; anything else is a ConfigError. `where` names the config file."""
    from planproof.document import KINDS

    checked = {}
    for kind, path in schemas.items():
        if str(kind).upper() not in KINDS:
            raise ConfigError(f"{where}schemas: unknown document kind '{kind}' "
                              f"(known: {', '.join(k.lower() for k in KINDS)})")
        if not isinstance(path, str):
            raise ConfigError(f"{where}schemas.{kind} must be a file path, got {path!r}")
        checked[str(kind).upper()] = path
    return checked


def _codes(key: str, codes: list[str], where: str) -> list[str]:
    from planproof.rules import unknown_codes

    codes = [code.strip().upper() for code in codes]
    unknown = unknown_codes(codes)
    if unknown:
        raise ConfigError(f"{where}unknown rule code or prefix in {key}: {', '.join(unknown)} "
                          f"(see `planproof rules`)")
    return codes


def _anchor_paths(settings: Settings, base: Path) -> None:
    """Paths written in a config file are relative to that file."""
    def anchor(value: str) -> str:
        return value if os.path.isabs(value) else str(base / value)

    settings.coverage = [anchor(p) for p in settings.coverage]
    settings.junit = [anchor(p) for p in settings.junit]
    settings.schemas = {k: anchor(v) for k, v in settings.schemas.items()}
    if settings.coverage_config:
        settings.coverage_config = anchor(settings.coverage_config)
    if settings.cache_dir:
        settings.cache_dir = anchor(settings.cache_dir)
    if settings.baseline:
        settings.baseline = anchor(settings.baseline)
    missing = [f"{kind} = {path}" for kind, path in settings.schemas.items()
               if not os.path.isfile(path)]
    if missing:
        raise ConfigError(f"{base}: schemas: file not found: {', '.join(missing)}")


ADDITIVE = ("ignore", "extend_select", "exclude")  # the command line adds to the config's lists


def load_settings(paths: list[str], overrides: dict[str, Any] | None = None,
                  config_path: str | None = None) -> Settings:
    """Settings for a run over `paths`: config file found by walking up, then `overrides`.

    Command-line values win: `select` replaces the configured selection (and drops configured
    ignores of exactly the codes it names); `ignore`, `extend_select` and `exclude` add to the
    configured lists; every other value replaces the configured one.
    """
    start = Path(paths[0]) if paths else Path.cwd()
    source = Path(config_path) if config_path else find_config(Path(os.path.realpath(start)))
    settings = settings_from_table(read_config(source), source) if source else Settings()
    for key, value in (overrides or {}).items():
        if value is None or value == () or value == []:
            continue
        if not hasattr(settings, key):
            raise ConfigError(f"unknown setting '{key}'")
        value = list(value) if isinstance(value, tuple) else value
        if key in ("select", "extend_select", "ignore"):
            value = _codes("--" + key.replace("_", "-"), value, "")
        if key in ADDITIVE:
            value = [*getattr(settings, key), *(v for v in value if v not in getattr(settings, key))]
        elif key == "select":
            settings.extend_select = []
            settings.ignore = [code for code in settings.ignore if code not in value]
        setattr(settings, key, value)
    return settings


def describe(settings: Settings) -> str:
    """The effective settings as TOML for `[tool.planproof]` (what `planproof config` prints)."""
    import json

    lines = [f"# from {settings.config_file or 'defaults (no configuration file found)'}",
             "[tool.planproof]"]
    tables = []
    for item in dataclasses.fields(Settings):
        if item.name == "config_file":
            continue
        value = getattr(settings, item.name)
        key = item.name.replace("_", "-")
        if key not in CONFIG_KEYS:
            if value not in (None, False):
                lines.append(f"# {key} = {json.dumps(value)} (command line only)")
        elif isinstance(value, dict):
            tables.append(f"\n[tool.planproof.{key}]")
            tables.extend(f"{json.dumps(k)} = {json.dumps(v, ensure_ascii=False)}"
                          for k, v in value.items())
        elif value is None:
            lines.append(f"# {key} is not set")
        else:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines + tables)
