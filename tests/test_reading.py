"""Reading bytes: BOM, line endings, invalid UTF-8, binary and oversized files."""

from __future__ import annotations

from planproof import document
from planproof.config import Settings
from planproof.pipeline import run


def _codes(path, **settings):
    settings.setdefault("select", ["PP1"])
    return [(f.code, f.line, f.column) for f in run([str(path)], Settings(**settings)).findings]


def test_bom_is_stripped_and_frontmatter_still_found(write):
    path = write("01-01-PLAN.md", b"\xef\xbb\xbf---\nphase: '01'\n---\n# Plan\n")
    doc = document.load(str(path))
    assert doc.meta == {"phase": "01"}
    assert doc.lines[0] == "---"


def test_crlf_and_cr_line_endings_keep_line_numbers(write):
    text = "---\nphase: '01'\nbad: a: b\n---\n"
    for newline in ("\r\n", "\r"):
        path = write(f"x{len(newline)}/01-01-PLAN.md", text.replace("\n", newline).encode())
        assert _codes(path) == [("PP110", 3, 7)]


def test_mixed_line_endings(write):
    path = write("01-01-PLAN.md", b"---\r\nphase: '01'\nplan: '02'\rbad: a: b\r\n---\n")
    assert _codes(path) == [("PP110", 4, 7)]


def test_invalid_utf8_is_replaced_and_reported_at_its_position(write):
    path = write("01-01-PLAN.md", b"---\nphase: '01'\n---\n# Plan\nabc \xff\xfe end\n")
    findings = run([str(path)], Settings(select=["PP1"])).findings
    assert [(f.code, f.line, f.column) for f in findings] == [("PP101", 5, 5)]
    doc = document.load(str(path))
    assert "\ufffd" in doc.lines[4]


def test_valid_utf8_is_not_reported(write):
    path = write("01-01-PLAN.md", "---\nphase: '01'\n---\n# Plan → done ✅\n")
    assert _codes(path) == []


def test_nul_bytes_mark_the_file_binary_and_skip_it(write):
    path = write("01-01-PLAN.md", b"---\nphase: [\n\x00\x01\x02")
    findings = run([str(path)], Settings(select=["PP1"])).findings
    assert [f.code for f in findings] == ["PP102"]
    assert findings[0].line == 3
    assert document.load(str(path)).skipped


def test_oversized_file_is_reported_not_read(write):
    path = write("01-01-PLAN.md", "---\nphase: [\n---\n" + "x" * 5000)
    findings = run([str(path)], Settings(max_file_size=1000, select=["PP1"])).findings
    assert [f.code for f in findings] == ["PP103"]
    assert findings[0].evidence["limit"] == 1000
    assert _codes(path, max_file_size=100_000) == [("PP110", 3, 1)]
