"""JUnit XML from a real pytest run: deduplication, worst outcome, per-file matching."""

from __future__ import annotations

import pytest

from coverage_helpers import generated_junit
from planproof.evidence.junit import JUnitReadError, read_junit


@pytest.fixture(scope="session")
def junit(tmp_path_factory):
    return read_junit(str(generated_junit(tmp_path_factory)))


def test_counts_after_deduplication(junit):
    # pytest: "2 failed, 5 passed, 1 skipped, 1 xfailed, 1 error"; the test that fails and then
    # errors in teardown is one test whose worst outcome is the error.
    assert junit.counts().as_dict() == {"tests": 9, "passed": 5, "failed": 1, "errors": 1,
                                        "skipped": 2}
    assert junit.duplicates == 1
    twice = [c for c in junit.cases if c.name == "test_fails_then_teardown_error"]
    assert len(twice) == 1 and twice[0].outcome == "error"
    xfail = next(c for c in junit.cases if c.name == "test_expected_failure")
    assert xfail.outcome == "skipped"


def test_timestamp_from_the_testsuite(junit):
    assert junit.timestamp_origin == "testsuite timestamp"
    assert junit.timestamp_text().startswith("20")


@pytest.mark.parametrize("claimed", ["tests/unit/test_api.py", "unit/test_api.py",
                                     "backend/tests/unit/test_api.py"])
def test_classname_maps_to_the_test_file(junit, claimed):
    found = junit.for_file(claimed)
    assert found.kind == "file" and found.module == "tests/unit/test_api.py"
    names = {c.name for c in found.cases}
    assert "test_method_passes" in names  # a method of TestAccount: classname ends in the class
    assert len(found.cases) == 7


def test_bare_name_of_two_test_files_is_ambiguous(junit):
    found = junit.for_file("test_api.py")
    assert found.kind == "ambiguous"
    assert found.candidates == ("tests/integration/test_api.py", "tests/unit/test_api.py")


def test_unknown_file(junit):
    assert junit.for_file("tests/test_nothing.py").kind == "none"
    assert junit.for_file("api.py").kind == "none"


def test_xunit1_file_attribute_and_single_testsuite_root(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text('<testsuite tests="2"><testcase classname="x.Y" name="a" file="pkg/t_x.py"/>'
                    '<testcase classname="x.Y" name="b" file="pkg/t_x.py"><failure/></testcase>'
                    '</testsuite>')
    results = read_junit(str(path))
    assert results.timestamp_origin == "file modification time"
    found = results.for_file("t_x.py")
    assert found.kind == "file" and [c.outcome for c in found.cases] == ["passed", "failed"]


@pytest.mark.parametrize("content, message", [
    ("<testsuites><testcase", "not well-formed XML"),
    ("<coverage/>", "not <testsuites>"),
    ('<!DOCTYPE x [<!ENTITY a "b">]><testsuites/>', "entities"),
])
def test_bad_junit_files(tmp_path, content, message):
    path = tmp_path / "junit.xml"
    path.write_text(content)
    with pytest.raises(JUnitReadError) as caught:
        read_junit(str(path))
    assert message in caught.value.message


def test_missing_junit_file(tmp_path):
    with pytest.raises(JUnitReadError):
        read_junit(str(tmp_path / "none.xml"))


def test_shards_merge_into_one_run(tmp_path):
    from planproof.evidence.junit import merge

    one, two = tmp_path / "a.xml", tmp_path / "b.xml"
    one.write_text('<testsuite timestamp="2026-01-01T00:00:00"><testcase classname="t.test_a" '
                   'name="x"/><testcase classname="t.test_a" name="y"/></testsuite>')
    two.write_text('<testsuite timestamp="2026-01-02T00:00:00"><testcase classname="t.test_b" '
                   'name="z"><failure/></testcase><testcase classname="t.test_a" name="y">'
                   '<error/></testcase></testsuite>')
    merged = merge([read_junit(str(one)), read_junit(str(two))])
    assert merged.counts().as_dict() == {"tests": 3, "passed": 1, "failed": 1, "errors": 1,
                                         "skipped": 0}
    assert merged.duplicates == 1
    assert merged.timestamp_text().startswith("2026-01-02")
