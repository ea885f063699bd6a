"""Stubs and wiring of artifacts (PP570-PP577) on fixture projects built in temp dirs."""

from __future__ import annotations

import pytest
from verify_helpers import PHASE, SUMMARY, by_code, make_repo, plan, verify

from planproof.evidence.stubs import scan

PY_STUBS = '''
    """Geocoding service."""
    import logging

    logger = logging.getLogger(__name__)


    def geocode(address):
        raise NotImplementedError


    def batch(addresses):
        pass


    def refresh(address):
        logger.info("refresh %s", address)


    def banner():
        return "Coming soon"


    def cache(address):
        # FIXME handle timeouts
        return address.strip()


    def retry(address):
        # TODO: retry with backoff
        return address
'''

PY_REAL = '''
    """Real code: every construct that looks like a stub but is not."""
    import abc
    import logging
    from typing import Protocol, overload

    logger = logging.getLogger(__name__)


    class Provider(abc.ABC):
        @abc.abstractmethod
        def geocode(self, address): ...


    class Reader(Protocol):
        def read(self) -> str: ...


    class BaseStore:
        def save(self, item):
            raise NotImplementedError


    class MemoryStore(BaseStore):
        def save(self, item):
            self.items = [item]

        def _on_close(self):
            pass


    class Unsupported:
        def stream(self):
            raise NotImplementedError("use fetch() instead")


    def noop_hook():
        pass  # no-op on purpose: plugins override it


    def spec():
        """Called before each request; plugins implement it."""


    def geocode(address):
        logger.info("geocoding %s", address)
        return address.upper()  # TODO(#12) use the real provider


    def field_hint():
        return {"placeholder": "Search an address"}


    def mask():
        # phone numbers look like 555-XXX-XXXX
        return "555-XXX-XXXX"


    if False:
        def fallback():
            pass
'''

TSX_STUBS = '''
    // TODO: wire the chart
    export function Chart() {
      return null
    }

    export const Empty = () => <></>

    export default function Dashboard() {
      return (
        <div>
          <p>Coming soon</p>
          <button onClick={() => {}}>Refresh</button>
        </div>
      )
    }

    export function load(): never {
      throw new Error("Not implemented")
    }

    export function track(event: string) {
      console.log(event)
    }
'''

TSX_REAL = '''
    import { useState } from "react"

    export function Chart({ data }: { data: number[] }) {
      if (!data.length) return null
      return <svg>{data.map((d) => <rect key={d} height={d} />)}</svg>
    }

    export function Search() {
      const [q, setQ] = useState("")
      let done = () => {}
      fetch("/x").catch(() => {})
      return <input placeholder="Coming soon" value={q} onChange={(e) => setQ(e.target.value)} />
    }

    class Link {
      constructor() {}
      set resolved(value) {}
    }

    // FIXME(#42): follow redirects
    export function follow(url: string) {
      return fetch(url)
    }
'''


def _kinds(path: str, text: str) -> dict[str, list[str]]:
    import textwrap

    found: dict[str, list[str]] = {}
    for stub in scan(path, textwrap.dedent(text).lstrip("\n")).stubs:
        found.setdefault(stub.kind, []).append(stub.name)
    return found


def test_python_stubs_of_each_kind_are_found_with_function_and_line():
    import textwrap

    result = scan("src/geo.py", textwrap.dedent(PY_STUBS).lstrip("\n"))
    assert result.method == "python ast + tokenize"
    sites = {(s.kind, s.name, s.line) for s in result.stubs}
    assert ("stub-body", "geocode", 7) in sites
    assert ("stub-body", "batch", 11) in sites
    assert ("log-only", "refresh", 15) in sites
    assert ("placeholder", "banner", 20) in sites
    assert ("marker", "cache", 24) in sites
    assert ("todo", "retry", 29) in sites
    assert len(sites) == 6


def test_real_python_code_is_silent():
    assert _kinds("src/real.py", PY_REAL) == {}


def test_tsx_stubs_of_each_kind_are_found():
    found = _kinds("src/Dashboard.tsx", TSX_STUBS)
    assert found["empty-return"] == ["Chart", "Empty", "onClick handler"]
    assert found["placeholder"] == ["Dashboard"]
    assert found["stub-body"] == ["load"]
    assert found["log-only"] == ["track"]
    assert found["todo"] == [""]


def test_real_tsx_code_is_silent():
    assert _kinds("src/Search.tsx", TSX_REAL) == {}


@pytest.mark.parametrize("path, text, kind", [
    ("src/app.js", "export function save() { throw new Error('not implemented yet') }\n", "stub-body"),
    ("src/app.ts", "export const handleSubmit = () => {}\n", "empty-return"),
    ("main.go", 'package main\nfunc Serve() { panic("not implemented") }\n', "stub-body"),
    ("main.go", 'package main\nfunc Serve() { log.Println("serve") }\n', "log-only"),
    ("src/lib.rs", "pub fn serve() -> u8 { todo!() }\n", "stub-body"),
    ("src/lib.rs", "// XXX breaks on empty input\npub fn serve() -> u8 { 1 }\n", "marker"),
])
def test_other_languages(path, text, kind):
    assert kind in _kinds(path, text)


@pytest.mark.parametrize("path, text", [
    ("main.go", "package main\nfunc Serve(x int) int { return x * 2 }\n"),
    ("src/lib.rs", "trait T { fn hook(&self) {} }\npub fn serve() -> u8 { 1 }\n"),
    ("src/app.js", "const noop = () => {}\nexport function save(x) { return db.put(x) }\n"),
])
def test_other_languages_real_code_is_silent(path, text):
    assert _kinds(path, text) == {}


def test_test_files_keep_their_doubles():
    text = "class FakeProvider:\n    def geocode(self):\n        pass\n\ndef helper():\n    pass\n"
    assert _kinds("tests/test_geo.py", text) == {}


# ------------------------------------------------------------------------- through verify

def _project(tmp_path, files: dict, artifacts: str, executed: bool = True, extra_plans: dict = None):
    plans = {f"{PHASE}/01-01-PLAN.md": plan(artifacts=artifacts)}
    if executed:
        plans[f"{PHASE}/01-01-SUMMARY.md"] = SUMMARY
    plans.update(extra_plans or {})
    return make_repo(tmp_path / "repo", {**files, **plans})


def test_verify_reports_each_stub_kind_at_the_artifact(tmp_path):
    root = _project(tmp_path, {"src/geo/service.py": PY_STUBS, "src/geo/__init__.py": "",
                               "src/geo/api.py": "from geo.service import geocode\n"},
                    "- path: src/geo/service.py\n  provides: geocoding")
    findings = verify(root, select=("PP57",))
    codes = sorted(f.code for f in findings)
    assert codes == ["PP570", "PP571", "PP572", "PP573", "PP575"]
    stub = by_code(findings, "PP570")[0]
    assert stub.message == ("src/geo/service.py is a stub: geocode() at line 7: geocode() only raises "
                            "NotImplementedError (and 1 more)")
    assert stub.severity.value == "error" and stub.line == 10  # the artifact's path in the PLAN
    assert [s["function"] for s in stub.evidence["sites"]] == ["geocode", "batch"]
    assert by_code(findings, "PP573")[0].severity.value == "warning"
    assert by_code(findings, "PP572")[0].severity.value == "error"


def test_verify_tsx_component_stub(tmp_path):
    root = _project(tmp_path, {"src/Dashboard.tsx": TSX_STUBS,
                               "src/main.tsx": "import Dashboard from './Dashboard'\n"},
                    "- path: src/Dashboard.tsx\n  provides: the dashboard")
    codes = sorted(f.code for f in verify(root, select=("PP57",)))
    assert codes == ["PP570", "PP571", "PP573", "PP574", "PP575"]


def test_real_code_and_unexecuted_plans_are_silent(tmp_path):
    root = _project(tmp_path, {"src/geo/real.py": PY_REAL, "src/geo/__init__.py": "",
                               "src/geo/api.py": "from geo import real\nreal.geocode('x')\n"},
                    "- path: src/geo/real.py\n  provides: real code")
    assert verify(root, select=STUB_CODES + ("PP576",)) == []
    unexecuted = _project(tmp_path / "u", {"src/geo.py": PY_STUBS},
                          "- path: src/geo.py\n  provides: geocoding", executed=False)
    assert verify(unexecuted, select=("PP57",)) == []


STUB_CODES = ("PP570", "PP571", "PP572", "PP573", "PP574", "PP575")


def test_a_file_listed_by_several_plans_is_reported_once_at_the_last(tmp_path):
    second = plan(artifacts="- path: src/geo.py\n  provides: more").replace('plan: "01"', 'plan: "02"')
    root = _project(tmp_path, {"src/geo.py": "def geocode(a):\n    raise NotImplementedError\n"},
                    "- path: src/geo.py\n  provides: geocoding",
                    extra_plans={f"{PHASE}/01-02-PLAN.md": second, f"{PHASE}/01-02-SUMMARY.md": SUMMARY})
    stubs = by_code(verify(root, select=("PP570",)), "PP570")
    assert len(stubs) == 1 and stubs[0].path.endswith("01-02-PLAN.md")
    assert stubs[0].evidence["also_listed_in"][0].endswith("01-01-PLAN.md")


# ------------------------------------------------------------------------------- wiring

PY_MODULE = "def warm_cache(keys):\n    return {k: None for k in keys}\n\n\ndef unused_helper(x):\n    return x\n"


def test_python_orphan_is_found(tmp_path):
    root = _project(tmp_path, {"src/geo/__init__.py": "", "src/geo/cache.py": PY_MODULE,
                               "src/geo/api.py": "def route():\n    return 1\n"},
                    "- path: src/geo/cache.py\n  provides: the cache")
    orphans = by_code(verify(root, select=("PP576",)), "PP576")
    assert len(orphans) == 1
    assert orphans[0].message == "src/geo/cache.py is not imported or named by any other file (orphaned)"
    assert orphans[0].severity.value == "warning"


@pytest.mark.parametrize("importer", [
    "from geo.cache import warm_cache\nwarm_cache([])\n",
    "from . import cache\ncache.warm_cache([])\n",
    "import geo.cache as c\nc.warm_cache([])\n",
])
def test_imported_python_module_is_silent(tmp_path, importer):
    root = _project(tmp_path, {"src/geo/__init__.py": "", "src/geo/cache.py": PY_MODULE,
                               "src/geo/api.py": importer},
                    "- path: src/geo/cache.py\n  provides: the cache\n  exports: [warm_cache]")
    assert verify(root, select=("PP576", "PP577")) == []


def test_module_named_in_configuration_is_wired(tmp_path):
    root = _project(tmp_path, {"src/geo/__init__.py": "", "src/geo/server.py": PY_MODULE,
                               "Dockerfile": 'CMD ["uvicorn", "geo.server:app"]\n'},
                    "- path: src/geo/server.py\n  provides: the server")
    assert by_code(verify(root, select=("PP576",)), "PP576") == []


def test_module_used_only_by_tests(tmp_path):
    root = _project(tmp_path, {"src/geo/__init__.py": "", "src/geo/cache.py": PY_MODULE,
                               "tests/test_cache.py": "from geo.cache import warm_cache\n"},
                    "- path: src/geo/cache.py\n  provides: the cache")
    orphans = by_code(verify(root, select=("PP576",)), "PP576")
    assert len(orphans) == 1 and "used only by tests (tests/test_cache.py)" in orphans[0].message


def test_entry_points_are_not_orphans(tmp_path):
    root = _project(tmp_path, {"src/geo/__init__.py": "", "scripts/load.py": PY_MODULE,
                               "src/geo/job.py": PY_MODULE + '\nif __name__ == "__main__":\n    warm_cache([])\n'},
                    "- path: scripts/load.py\n  provides: a script\n- path: src/geo/job.py\n  provides: a job")
    assert verify(root, select=("PP576",)) == []


def test_typescript_orphan_and_tsconfig_paths(tmp_path):
    files = {"tsconfig.json": '{\n // comment\n "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}\n}\n',
             "src/lib/format.ts": "export function formatPrice(x: number) { return `$${x}` }\n",
             "src/lib/orphan.ts": "export function lonely() { return 1 }\n",
             "src/index.tsx": "import { formatPrice } from '@/lib/format'\nformatPrice(1)\n"}
    root = _project(tmp_path, files, "- path: src/lib/format.ts\n  provides: formatting\n"
                                     "  exports: [formatPrice]\n- path: src/lib/orphan.ts\n  provides: orphan")
    findings = verify(root, select=("PP576", "PP577"))
    assert [(f.code, f.message) for f in findings] == [
        ("PP576", "src/lib/orphan.ts is not imported or named by any other file (orphaned)")]


def test_unused_export_declared_and_dead_function(tmp_path):
    files = {"src/geo/__init__.py": "", "src/geo/cache.py": PY_MODULE,
             "src/geo/api.py": "from geo import cache\n"}
    declared = _project(tmp_path, files, "- path: src/geo/cache.py\n  provides: c\n  exports: [warm_cache]")
    unused = by_code(verify(declared, select=("PP577",)), "PP577")
    assert [f.message for f in unused] == ["src/geo/cache.py exports 'warm_cache' but no other source "
                                           "file uses it"]
    undeclared = _project(tmp_path / "b", files, "- path: src/geo/cache.py\n  provides: c")
    messages = [f.message for f in by_code(verify(undeclared, select=("PP577",)), "PP577")]
    assert sorted(messages) == [
        "src/geo/cache.py defines the top-level function 'unused_helper' but no other source file uses it",
        "src/geo/cache.py defines the top-level function 'warm_cache' but no other source file uses it"]


@pytest.mark.parametrize("path", ["app/tests.py", "specs/fakes.py", "Tests/fakes.py"])
def test_test_doubles_are_not_stubs_in_any_test_file(path):
    """Stub scans and the wiring rules used their own narrower test-file pattern, which missed
    Django's `tests.py`, `specs/` and capitalised test folders and reported their empty test
    doubles as stubs; they now ask the one definition (evidence/testfiles.py)."""
    result = scan(path, "def fetch(url):\n    pass\n")
    assert result.stubs == [] and "test doubles" in result.notes[-1]
    assert [s.kind for s in scan("app/views.py", "def fetch(url):\n    pass\n").stubs] == ["stub-body"]


def test_without_grammars_markers_are_still_found_by_comment_syntax(monkeypatch):
    from planproof.evidence import stubs_ts

    monkeypatch.setattr(stubs_ts, "parser_for", lambda language: None)
    result = scan("src/app.ts", "// FIXME: broken\nexport function f() { return null }\n")
    assert result.method == "comment syntax only (tree-sitter grammar not installed)"
    assert [(s.kind, s.line) for s in result.stubs] == [("marker", 1)]


@pytest.mark.parametrize("path, data", [
    ("src/bad.py", "def f(:\n    pass\n"),
    ("src/nul.py", "x = 1\x00\n"),
    ("src/bad.tsx", "export function ( { return <div\n"),
])
def test_broken_source_gives_notes_not_exceptions(path, data):
    result = scan(path, data)
    assert result.stubs == [] and result.notes


def test_type_checking_declarations_in_classes_are_not_stubs():
    text = ("from typing import TYPE_CHECKING\n\nclass Stat:\n    if TYPE_CHECKING:\n        @property\n"
            "        def size(self) -> int: ...\n\n    def real(self):\n        return 1\n")
    assert _kinds("src/stat.py", text) == {}


@pytest.mark.parametrize("comment, kinds", [
    ("# FIXME handle timeouts", ["marker"]),
    ("# note: XXX: breaks on empty input", ["marker"]),
    ("/* TODO later */", ["todo"]),
    ("# possibly a FIXME, but too weird to change", []),
    ("# TODO(#12): retry", []),
    ("# FIXME see https://example.com/issues/3", []),
])
def test_markers_lead_their_comment_and_have_no_reference(comment, kinds):
    from planproof.evidence.stub_sites import Stub, comment_markers

    found: list[Stub] = []
    comment_markers([(1, comment)], found)
    assert [s.kind for s in found] == kinds


def test_files_loaded_through_a_dynamic_specifier_are_wired(tmp_path):
    files = {"lib/commands/install.js": "module.exports = function install() { return 1 }\n",
             "lib/cli.js": "const run = (name) => require(`./commands/${name}.js`)\nmodule.exports = run\n",
             "src/geo/__init__.py": "", "src/geo/plugins/osm.py": PY_MODULE,
             "src/geo/loader.py": "import importlib\n\ndef load(n):\n    return importlib.import_module(f\"geo.plugins.{n}\")\n"}
    root = _project(tmp_path, files, "- path: lib/commands/install.js\n  provides: a command\n"
                                     "- path: src/geo/plugins/osm.py\n  provides: a plugin")
    assert by_code(verify(root, select=("PP576",)), "PP576") == []


def test_an_index_too_large_to_read_reports_no_orphans(tmp_path, monkeypatch):
    from planproof.evidence import source_index

    monkeypatch.setattr(source_index, "MAX_BYTES", 10)
    root = _project(tmp_path, {"src/geo/__init__.py": "", "src/geo/cache.py": PY_MODULE},
                    "- path: src/geo/cache.py\n  provides: the cache")
    assert by_code(verify(root, select=("PP576",)), "PP576") == []
    monkeypatch.setattr(source_index, "MAX_BYTES", 10 ** 6)
    assert len(by_code(verify(root, select=("PP576",)), "PP576")) == 1
