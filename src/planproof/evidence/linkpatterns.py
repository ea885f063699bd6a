"""How a key link's pattern is read when it is not found line by line (verify only).

Two habits of real plans, each a class of false "not wired":

- Operational links: the pattern is the shell command run on the file (`kubectl apply -f` for a
  manifest, `locust --headless` for a locustfile), not text in it. Absent from a manifest or a
  module, it proves nothing either way. Files where commands are written down (docs, scripts,
  Makefiles, CI workflows) are still searched for them as text, and fail as usual.
- List patterns: `resources:.*nominatim\\.yaml` where a YAML or JSON file lists the item a few
  lines below its key. Structured configuration spreads one entry over lines; code does not
  (there `.*` across a function is no evidence), so only configuration files get the wider search.
"""

from __future__ import annotations

import posixpath
import re

from .regex import literal_alternatives

# a command word, up to two subcommands, then an option flag: `helm upgrade --install`, `pytest -k x`
COMMAND = re.compile(r"[a-z][\w.-]*(?: [a-z][\w:.-]*){0,2} --?[A-Za-z][\w-]*(?:[ =][^\s|;&]+)*")
COMMAND_TEXT_EXTENSIONS = frozenset("md mdx rst txt adoc sh bash zsh fish ps1 bat cmd mk".split())
COMMAND_TEXT_NAMES = frozenset("Makefile makefile GNUmakefile Justfile justfile Dockerfile "
                               "Containerfile Procfile Tiltfile Jenkinsfile tox.ini noxfile.py "
                               "package.json Taskfile.yml Taskfile.yaml .gitlab-ci.yml".split())
COMMAND_TEXT_FOLDERS = (".github/workflows/", ".circleci/", ".buildkite/")
CONFIG_EXTENSIONS = frozenset("yaml yml json jsonc json5 toml ini cfg conf properties xml hcl tf "
                              "tfvars".split())


def reads_as_command(pattern: str) -> bool:
    """`kubectl apply -f`, `locust --headless`: plain text shaped like a command line with flags."""
    literals = literal_alternatives(pattern)
    return literals is not None and len(literals) == 1 and COMMAND.fullmatch(literals[0]) is not None


def holds_commands(relative: str) -> bool:
    """A file where commands are written as text (docs, scripts, Makefiles, CI workflows)."""
    name = posixpath.basename(relative)
    extension = posixpath.splitext(name)[1][1:].lower()
    return (extension in COMMAND_TEXT_EXTENSIONS or name in COMMAND_TEXT_NAMES
            or name.startswith(("Dockerfile.", "Containerfile."))
            or any(folder in f"/{relative}" for folder in
                   (f"/{prefix}" for prefix in COMMAND_TEXT_FOLDERS)))


def lists_across_lines(relative: str) -> bool:
    """Structured configuration (YAML, JSON, TOML, ...): one entry may span several lines."""
    return posixpath.splitext(relative)[1][1:].lower() in CONFIG_EXTENSIONS
