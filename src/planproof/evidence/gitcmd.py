"""The one way planproof starts git: read-only plumbing, with every setting that could start
another program or reach the network switched off.

A repository under review is untrusted, and so is its `.git/config`: partial-clone settings make
a missing object trigger a fetch (which runs `core.sshCommand` or `remote.*.uploadpack`), and
`core.fsmonitor` names a program git starts on its own. The command-line `-c` settings below win
over the repository's config; `protocol.allow=never` refuses every transport, so no lazy fetch
can happen whatever the config says. git receives a minimal environment, so nothing from the
caller's environment (CI secrets included) can reach git or come back through its output.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

SAFE_SETTINGS = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=false",
    "core.askPass=false",
    "credential.helper=",
    "protocol.allow=never",
    "fetch.recurseSubmodules=false",
    "diff.external=",
    "gpg.program=false",
    "uploadpack.packObjectsHook=",
)

_KEPT_ENVIRONMENT = ("PATH", "HOME", "SYSTEMROOT", "TMPDIR")


@dataclass
class GitResult:
    returncode: int
    stdout: bytes
    stderr: str


class GitUnavailable(Exception):
    """git could not be started, or did not finish in time."""


def git_environment() -> dict[str, str]:
    env = {name: os.environ[name] for name in _KEPT_ENVIRONMENT if name in os.environ}
    env.update({
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_LAZY_FETCH": "1",
        "GIT_PROTOCOL_FROM_USER": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_ASKPASS": "false",
        "SSH_ASKPASS": "false",
        "GIT_SSH_COMMAND": "false",
    })
    return env


def git_command(args: list[str]) -> list[str]:
    command = ["git", "--no-pager"]
    for setting in SAFE_SETTINGS:
        command += ["-c", setting]
    return command + args


def run_git(args: list[str], cwd: str, stdin: bytes = b"", timeout: float = 20.0) -> GitResult:
    """Run one read-only git command in `cwd`; raise GitUnavailable when it cannot run."""
    try:
        completed = subprocess.run(
            git_command(args), input=stdin, capture_output=True, cwd=cwd,
            env=git_environment(), timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise GitUnavailable("the git program is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitUnavailable(f"git did not finish within {timeout:g} s") from exc
    except OSError as exc:
        raise GitUnavailable(str(exc)) from exc
    return GitResult(completed.returncode, completed.stdout,
                     completed.stderr.decode("utf-8", "replace"))
