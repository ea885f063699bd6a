"""PP101-PP104: a file whose bytes did not become clean text (not UTF-8, binary, too large, or
not readable at all). `planproof.decoding` and `planproof.document` record these problems while
reading; each rule reports its own code."""

from __future__ import annotations

from planproof.rules import rule


@rule("PP101", "invalid-utf8", "warning",
      summary="The file is not valid UTF-8; undecodable bytes were replaced.",
      what="Reports the first byte sequence that is not UTF-8 and reads the rest with U+FFFD.",
      why="""
         Claims next to undecodable bytes may be misread, and other tools will show garbage.
         Planning documents are shared between tools and people: save them as UTF-8.
      """,
      bad="(a file containing the byte 0xFF)",
      good="---\nphase: '01'\n---\n# Plan\n")
def invalid_utf8(doc, ctx):
    return doc.recorded("PP101")


@rule("PP102", "binary-content", "error",
      summary="The file contains NUL bytes and was skipped.",
      what="A `.md` file with NUL bytes is treated as binary: it is reported and not checked.",
      why="A binary file named like a planning document is almost always a mistake in the tree.",
      bad="(a file containing a NUL byte)",
      good="---\nphase: '01'\n---\n# Plan\n")
def binary_content(doc, ctx):
    return doc.recorded("PP102")


@rule("PP103", "file-too-large", "error",
      summary="The file is larger than --max-file-size and was skipped.",
      what="Files over the size limit (default 2 MiB) are reported and not read.",
      why="""
         Planning documents are a few kilobytes; a multi-megabyte one is generated output or an
         attack on the linter's time. Raise --max-file-size when it is intended.
      """,
      bad="(a 20 MB document)",
      good="---\nphase: '01'\n---\n# Plan\n")
def file_too_large(doc, ctx):
    return doc.recorded("PP103")


@rule("PP104", "unreadable-file", "error",
      summary="The path is not a readable regular file (FIFO, device, dangling symlink, no permission).",
      what="""
         A `.md` path that is a named pipe, a socket, a device, a directory, a dangling or looping
         symlink, or a file without read permission is reported and not read. Named pipes and
         devices are never opened for reading, so they cannot block or stream without end.
      """,
      why="""
         A repository can contain anything a pull request adds, including a symlink to /dev/zero
         or a named pipe; reading one must not hang CI, and a file that was not checked must not
         pass silently.
      """,
      bad="(a dangling symlink named 01-01-PLAN.md)",
      good="---\nphase: '01'\n---\n# Plan\n")
def unreadable_file(doc, ctx):
    return doc.recorded("PP104")
