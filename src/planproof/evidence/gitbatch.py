"""One long-lived `git cat-file --batch-command` per repository and run, asked one object at a time.

Judging claims at their recording commits asks hundreds of small questions ("is `src/x.py` a file
at 164f7b2, which blob?", "the bytes of blob 3f2a..."), each known only after the previous answer.
Starting git for each (or for each document) costs more than the rest of verify; one process,
asked line by line, costs microseconds per question. It is started exactly like `run_git`: the
same hardened command line (`gitcmd.git_command`: no fsmonitor, hooks, pager, transports, so no
lazy fetch in a partial clone) and the same minimal environment (`gitcmd.git_environment`).

`--batch-command` needs git 2.36; with an older git, or when the process dies or stops answering
within TIMEOUT seconds, `ok` turns false and the caller falls back to one `run_git` per batch.
"""

from __future__ import annotations

import os
import select
import subprocess
import weakref

from .gitcmd import git_command, git_environment

TIMEOUT = 20.0
FORMAT = "%(objecttype) %(objectname) %(objectsize)"
CHUNK = 256  # commands written before their answers are read (keeps both pipes far from full)


class GitBatch:
    def __init__(self, top: str) -> None:
        self.top = top
        self.ok = True
        self._process: subprocess.Popen | None = None
        self._buffer = b""
        self._pid = os.getpid()

    def _start(self) -> subprocess.Popen | None:
        if self._pid != os.getpid():  # inherited by a forked worker: the pipes are the parent's
            self._process, self._buffer, self._pid = None, b"", os.getpid()
        if self._process is None and self.ok:
            try:
                self._process = subprocess.Popen(
                    git_command(["cat-file", f"--batch-command={FORMAT}"]), cwd=self.top,
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    env=git_environment())
            except OSError:
                self.ok = False
                return None
            weakref.finalize(self, _stop, self._process)
        return self._process

    def info(self, names: list[str]) -> list[tuple[str, str, int] | None]:
        """(type, object id, size) of each name (`<commit>:<path>` or an object id), None when
        missing. Raises BatchFailed when git cannot answer."""
        answers = []
        for start in range(0, len(names), CHUNK):
            for header in self._ask([f"info {n}" for n in names[start:start + CHUNK]], False):
                parts = header.split()
                ok = len(parts) == 3 and parts[2].isdigit()
                answers.append((parts[0], parts[1], int(parts[2])) if ok else None)
        return answers

    def contents(self, oids: list[str]) -> list[bytes | None]:
        """The bytes of each object (ask only for objects whose size is known to be small)."""
        answers = []
        for start in range(0, len(oids), CHUNK):
            answers += self._ask([f"contents {o}" for o in oids[start:start + CHUNK]], True)
        return answers

    def _ask(self, lines: list[str], with_contents: bool) -> list:
        """Send a chunk of commands at once (one round trip), then read every answer."""
        process = self._start()
        if process is None or any("\n" in line for line in lines):
            raise BatchFailed("git cat-file --batch-command is not available")
        try:
            request = "".join(f"{line}\n" for line in lines)
            process.stdin.write(request.encode("utf-8", "surrogateescape"))
            process.stdin.flush()
            return [self._answer(with_contents) for _ in lines]
        except (OSError, ValueError, BatchFailed) as exc:
            self.close()
            self.ok = False
            raise BatchFailed(str(exc)) from exc

    def _answer(self, with_contents: bool):
        header = self._read_line().decode("utf-8", "replace")
        if not with_contents:
            return header
        parts = header.split()
        if len(parts) != 3 or not parts[2].isdigit():
            return None
        size = int(parts[2])
        return self._read(size + 1)[:size]

    def _fill(self) -> None:
        fd = self._process.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], TIMEOUT)
        chunk = os.read(fd, 1 << 16) if ready else b""
        if not chunk:
            raise BatchFailed("git cat-file stopped answering")
        self._buffer += chunk

    def _read_line(self) -> bytes:
        while b"\n" not in self._buffer:
            self._fill()
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _read(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def close(self) -> None:
        if self._process is not None:
            _stop(self._process)
            self._process = None


class BatchFailed(Exception):
    """The batch process cannot answer (old git, died, timed out)."""


def _stop(process: subprocess.Popen) -> None:
    """End the process now: it only reads, and a forked worker may still hold its stdin open, so
    waiting for it to see end-of-input could wait for that worker."""
    for step in (process.stdin.close, process.kill, process.wait):
        try:
            step()
        except (OSError, ValueError):
            pass
