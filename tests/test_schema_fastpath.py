"""The compiled validators (src/planproof/_schema_validators.py) answer exactly as jsonschema does.

A document of a built-in kind that the compiled check accepts never imports jsonschema or
referencing; one it rejects is worded by jsonschema as before. These tests hold the two answers
equal on real documents, the project's fixtures and generated frontmatter, and the findings of
whole lint runs equal with the compiled check on and off.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import REPO, dedent, shared
from planproof.schema import committed, compile_validators, locations, mappings, validators
from planproof._schema_validators import VALIDATORS, JsonSchemaValueException
from planproof.document import Document, kind_from_name

KINDS = locations.KINDS
DOCUMENT_DIRS = ["corpus", "seeds"]  # real documents beside the checkout: corpus-wide tests
FIXTURE_DIRS = [REPO / "tests", REPO / "fixtures"]


def compiled_accepts(kind: str, data) -> bool:
    try:
        VALIDATORS[kind](data)
    except JsonSchemaValueException:
        return False
    return True


def jsonschema_accepts(kind: str, data) -> bool:
    return validators.validator(kind.upper(), {}).is_valid(data)


def assert_same_answer(data, kinds=KINDS) -> None:
    before = copy.deepcopy(data)
    for kind in kinds:
        assert compiled_accepts(kind, data) == jsonschema_accepts(kind, data), (kind, data)
    assert data == before, "the compiled validator changed the data (defaults written?)"


def frontmatters(directories) -> list[tuple[str, dict]]:
    out = []
    for directory in directories:
        for path in sorted(directory.rglob("*.md")):
            if "__pycache__" in path.parts or ".pytest_cache" in path.parts:
                continue
            doc = Document.from_text(path.read_text(encoding="utf-8", errors="replace"), path.name)
            if isinstance(doc.frontmatter.data, dict):
                out.append((str(path), doc.frontmatter.data))
    return out


# --- the generated module --------------------------------------------------------------------

def test_generated_module_is_current_and_standalone():
    assert locations.COMPILED_NAME not in committed.drifted(), "run: python -m planproof.schema --write"
    source = locations.compiled_path().read_text(encoding="utf-8")
    imports = set(re.findall(r"^\s*(?:import|from)\s+([\w.]+)", source, re.M))
    assert imports == {"decimal", "re"}, imports
    assert set(VALIDATORS) == set(KINDS)
    done = subprocess.run([sys.executable, "-c", "import sys, planproof._schema_validators as m\n"
                           "print(sorted(k for k in sys.modules if 'jsonschema' in k"
                           " or k.startswith('referencing')))"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_stale_module_is_drift(tmp_path):
    committed.write_all(tmp_path)
    assert committed.drifted(tmp_path) == []
    module = tmp_path / locations.COMPILED_NAME
    module.write_text(module.read_text().replace("'failed', 'partial'", "'failed'"))
    assert committed.drifted(tmp_path) == [locations.COMPILED_NAME]


def test_schemas_draft7_would_read_differently_are_refused():
    with pytest.raises(ValueError, match="prefixItems"):
        compile_validators._compilable({"properties": {"a": {"prefixItems": [{"type": "string"}]}}})
    with pytest.raises(ValueError, match="required"):  # draft-07 ignores siblings of $ref
        compile_validators._compilable({"$defs": {"x": {}}, "items": {"$ref": "#/$defs/x", "required": ["a"]}})
    compile_validators._compilable({"$ref": "#/$defs/x", "description": "annotations are fine"})


def test_defaults_are_not_written_into_the_data():
    data = {"phase": "01", "plan": "01", "type": "execute", "wave": 1, "depends_on": [],
            "files_modified": [], "autonomous": True, "must_haves": {"artifacts": [{"path": "a"}]}}
    before = copy.deepcopy(data)
    assert compiled_accepts("plan", data)
    assert data == before


# --- (a) the same yes/no answer as jsonschema ---------------------------------------------------

@pytest.mark.parametrize("name", DOCUMENT_DIRS)
def test_real_documents_get_the_same_answer(name):
    directory = shared(name)
    found = frontmatters([directory])
    assert found
    valid = 0
    for path, data in found:
        kind = (kind_from_name(path) or "").lower()
        assert_same_answer(data, [kind] if kind in KINDS else KINDS)
        valid += kind in KINDS and compiled_accepts(kind, data)
    assert valid, "no valid document: the fast path would never be taken"


def test_project_fixtures_get_the_same_answer():
    found = frontmatters(FIXTURE_DIRS)
    assert len(found) >= 5
    for _path, data in found:
        assert_same_answer(data)


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        node = mappings.LocalResolver(root).lookup(node["$ref"]).contents
    return node


def conforming(node: dict, root: dict):
    """Values the schema node accepts, built from its keywords (the built-in schemas are not
    recursive, so this ends)."""
    node = _resolve(node, root)
    if "anyOf" in node:
        return st.one_of([conforming(branch, root) for branch in node["anyOf"]])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    types = node.get("type", ["string", "integer", "null"])
    options = []
    for kind in [types] if isinstance(types, str) else types:
        if kind == "string":
            options.append(st.from_regex(node["pattern"]) if "pattern" in node else st.text(max_size=8))
        elif kind == "integer":
            options.append(st.integers(min_value=node.get("minimum", -3), max_value=40))
        elif kind == "number":
            options.append(st.one_of(st.integers(0, 100), st.floats(0, 100)))
        elif kind == "boolean":
            options.append(st.booleans())
        elif kind == "null":
            options.append(st.none())
        elif kind == "array":
            options.append(st.lists(conforming(node.get("items", {}), root), max_size=3))
        elif kind == "object":
            properties = node.get("properties", {})
            required = set(node.get("required", []))
            options.append(st.fixed_dictionaries(
                {k: conforming(v, root) for k, v in properties.items() if k in required},
                optional={k: conforming(v, root) for k, v in properties.items()
                          if k not in required}))
    return st.one_of(options)


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-2, 3), st.floats(allow_nan=False),
                 st.sampled_from(["", "verified", "3/4", "2026-01-01", "x"]),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                        st.integers(), max_size=2))


def _mutate(draw, value):
    """Replace one value somewhere inside `value` with junk (or drop a key)."""
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value, key=str)))
        if draw(st.booleans()):
            return {k: v for k, v in value.items() if k != key}
        return {**value, key: _mutate(draw, value[key])}
    if isinstance(value, list) and value and draw(st.booleans()):
        i = draw(st.integers(0, len(value) - 1))
        return [*value[:i], _mutate(draw, value[i]), *value[i + 1:]]
    return draw(JUNK)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data(), st.sampled_from(KINDS))
def test_generated_frontmatter_gets_the_same_answer(data, kind):
    root = validators.builtin(kind)
    document = data.draw(conforming(root, root))
    assert compiled_accepts(kind, document), document
    assert_same_answer(document)
    for _ in range(3):
        assert_same_answer(_mutate(data.draw, document))


KEYS = ["phase", "plan", "type", "wave", "depends_on", "files_modified", "autonomous", "status",
        "must_haves", "truths", "artifacts", "path", "min_lines", "score", "gaps", "truth",
        "progress", "percent", "verified", "key-files", "key_files", "created", 1, None]
SCALARS = st.one_of(JUNK, st.sampled_from(["passed", "execute", "01", "05-04", "failed",
                                           "testing", "5/5 must-haves verified"]))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(st.sampled_from(KEYS), st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12), max_size=9))
def test_arbitrary_mappings_get_the_same_answer(document):
    assert_same_answer(document)


# --- (b) whole runs: the same findings with the compiled check on and off -------------------------

def _findings(run_cli, *paths):
    code, _output, parsed = run_cli("lint", "--no-cache", "-j", "1", "--format", "json", *paths)
    assert parsed is not None
    return code, parsed


@pytest.mark.parametrize("name", ["corpus", "fixtures", "seeds"])
def test_lint_findings_do_not_depend_on_the_compiled_check(name, run_cli, monkeypatch):
    target = REPO / "fixtures" if name == "fixtures" else shared(name)
    fast = _findings(run_cli, target)
    monkeypatch.setattr(validators, "USE_COMPILED", False)
    slow = _findings(run_cli, target)
    assert fast == slow
    assert json.dumps(fast[1]).count('"PP2') > 0 or target.name != "corpus"


# --- (c) what a process imports ------------------------------------------------------------------

VALID_PLAN = """
    ---
    phase: "01"
    plan: "01"
    type: execute
    wave: 1
    depends_on: []
    files_modified: [src/app.py]
    autonomous: true
    must_have:
      truths: ["The app starts"]
    key_files:
      created: [src/app.py]
    ---
    # Plan
    """
INVALID_PLAN = """
    ---
    phase: "01"
    plan: "01"
    type: exec
    wave: 0
    files_modified: src/app.py
    autonomous: true
    must_haves:
      artifacts: [{min_lines: 3}]
    ---
    # Plan
    """
PROBE = ("import sys, json; from planproof.cli import main\n"
         "try:\n    main(['lint', '--no-cache', '-j', '1', '--select', 'ALL', '--format', 'json', sys.argv[1]])\n"
         "except SystemExit:\n    pass\n"
         "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & "
         "{'jsonschema', 'referencing'}), file=sys.stderr)")


def _probe(path: Path) -> tuple[list, str]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout), done.stderr


def _pp2(findings) -> list:
    return sorted((f["code"], f["message"], f["line"], f["column"], f.get("hint"))
                  for f in findings["findings"] if f["code"].startswith("PP2"))


VALID_SUMMARY = """
    ---
    phase: "03"
    plan: 1
    key_files:
      created: [src/app.py]
      modifed: [src/b.py]
    ---
    # Summary
    """


@pytest.mark.parametrize("name, text, expected", [
    ("01-01-PLAN.md", VALID_PLAN, [("PP203", "unknown key 'must_have' in the frontmatter; "
                                   "did you mean 'must_haves'?", 9, 1)]),
    ("03-01-SUMMARY.md", VALID_SUMMARY, [
        ("PP203", "unknown key 'modifed' in key_files; did you mean 'modified'?", 6, 3),
        ("PP204", "'key_files' is accepted, but the canonical spelling is 'key-files'", 4, 1),
        ("PP205", "plan is written as a number: it is read as the number 1; the canonical form "
                  "is a string", 3, 7)]),
])
def test_a_valid_document_never_imports_jsonschema(write, name, text, expected):
    findings, stderr = _probe(write(name, text))
    assert "LOADED []" in stderr, stderr
    # the key-name advice (PP203, PP204) still comes, from the plain schema walk
    assert [found[:4] for found in _pp2(findings)] == expected


def test_an_invalid_plan_gets_the_same_worded_findings(write, run_cli, monkeypatch):
    path = write("01-01-PLAN.md", INVALID_PLAN)
    findings, stderr = _probe(path)
    assert "LOADED ['jsonschema', 'referencing']" in stderr, stderr
    fast = _pp2(findings)
    assert {"PP201", "PP202"} <= {code for code, *_ in fast}
    assert any("type must be one of execute" in message for _c, message, *_ in fast)
    monkeypatch.setattr(validators, "USE_COMPILED", False)
    _code, _out, slow = run_cli("lint", "--no-cache", "-j", "1", "--format", "json", path)
    assert fast == _pp2(slow)


def test_custom_schema_keeps_the_jsonschema_path(write, tmp_path, run_cli):
    custom = write("plan.schema.json", json.dumps({"allOf": [
        {"$ref": "https://planproof.dev/schemas/plan.schema.json"}], "required": ["ticket"]}))
    path = write("01-01-PLAN.md", dedent(VALID_PLAN))
    _code, _out, parsed = run_cli("lint", "--no-cache", "-j", "1", "--format", "json",
                                  "--schema", f"plan={custom}", path)
    messages = [f["message"] for f in parsed["findings"] if f["code"] == "PP202"]
    assert messages == ["PLAN frontmatter has no 'ticket' key"]
