"""Stubs and wiring (PP570-PP577) judged when the plan was recorded: real git repositories built
commit by commit in temp dirs (code, then the SUMMARY that records the plan, then later work)."""

from __future__ import annotations

from test_verify_history import commit, summary, verify
from verify_helpers import plan

PHASE = ".planning/phases/01-core"
STUB = "def geocode(address):\n    raise NotImplementedError\n"
REAL = "def geocode(address):\n    return address.strip().lower()\n"
STUB_CODES = ("PP570", "PP571", "PP572", "PP573", "PP574", "PP575")


def recorded(root, files: dict, artifact: str = "src/geo.py") -> str:
    """The plan's code, then the commit recording the plan with `artifact`; returns its sha."""
    commit(root, "feat(01-01): the code", files, when=1)
    return commit(root, "docs(01-01): complete the plan", {
        f"{PHASE}/01-01-PLAN.md": plan(artifacts=f"- path: {artifact}\n  provides: geocoding"),
        f"{PHASE}/01-01-SUMMARY.md": summary([artifact])}, when=2)


def stubs(root, as_of: str = "written"):
    return [f for f in verify(root, as_of, select=STUB_CODES) if f.code in STUB_CODES]


def test_a_stub_when_recorded_and_implemented_later_is_no_finding(tmp_path):
    recorded(tmp_path, {"src/geo.py": STUB})
    commit(tmp_path, "feat(02-01): implement geocode", {"src/geo.py": REAL}, when=3)
    assert stubs(tmp_path) == []


def test_real_when_recorded_and_stubbed_later_is_not_an_error(tmp_path):
    recorded(tmp_path, {"src/geo.py": REAL})
    commit(tmp_path, "refactor(02-01): stub geocode out", {"src/geo.py": STUB}, when=3)
    assert stubs(tmp_path) == []
    [today] = stubs(tmp_path, "now")  # judged against the work tree, as before history
    assert today.code == "PP570" and today.evidence["judged_at"]["why"] == "--as-of now"


def test_a_stub_then_and_now_is_an_error_at_todays_line_naming_the_commit(tmp_path):
    sha = recorded(tmp_path, {"src/geo.py": STUB})
    later = "import os\n\n\n" + STUB + "\n\ndef batch(addresses):\n    pass\n"
    commit(tmp_path, "feat(02-01): add batch", {"src/geo.py": later}, when=3)
    [stub] = stubs(tmp_path)
    assert stub.code == "PP570" and stub.severity.value == "error"
    # batch() was stubbed after the plan: not what the plan recorded, so not in this finding
    assert stub.message == ("src/geo.py is a stub: geocode() at line 4: geocode() only raises "
                            "NotImplementedError")
    assert stub.evidence["judged_at"]["commit"] == sha
    assert [s["function"] for s in stub.evidence["sites"]] == ["geocode"]


def test_as_of_now_and_as_of_a_revision_judge_one_tree(tmp_path):
    sha = recorded(tmp_path, {"src/geo.py": STUB})
    commit(tmp_path, "feat(02-01): implement geocode", {"src/geo.py": REAL}, when=3)
    assert stubs(tmp_path, "now") == []
    [then] = stubs(tmp_path, sha[:10])
    assert then.code == "PP570" and then.evidence["judged_at"]["commit"] == sha


CACHE = "def warm_cache(keys):\n    return {k: None for k in keys}\n"
GEO = {"src/geo/__init__.py": "", "src/geo/cache.py": CACHE,
       "src/geo/api.py": "def route():\n    return 1\n"}


def orphans(root, as_of: str = "written"):
    return [f for f in verify(root, as_of, select=("PP576",)) if f.code == "PP576"]


def test_an_orphan_unchanged_since_the_plan_is_reported(tmp_path):
    sha = recorded(tmp_path, GEO, "src/geo/cache.py")
    commit(tmp_path, "feat(02-01): other work", {"src/geo/api.py": "def route():\n    return 2\n"},
           when=3)
    [orphan] = orphans(tmp_path)
    assert orphan.message == "src/geo/cache.py is not imported or named by any other file (orphaned)"
    assert orphan.evidence["judged_at"]["commit"] == sha


def test_an_orphan_changed_since_the_plan_is_not_judged_for_wiring(tmp_path):
    recorded(tmp_path, GEO, "src/geo/cache.py")
    commit(tmp_path, "feat(02-01): grow the cache",
           {"src/geo/cache.py": CACHE + "\n\ndef drop(keys):\n    return None\n"}, when=3)
    assert orphans(tmp_path) == []
    [today] = orphans(tmp_path, "now")
    assert today.evidence["judged_at"]["work_tree"] is True
