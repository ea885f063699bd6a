"""The code keeps its shape (tools/layout.py): modules of at most 500 lines, functions of at most
60, and no import cycle between planproof's modules, deferred imports included."""

from __future__ import annotations

import importlib.util
import textwrap

from conftest import REPO

_spec = importlib.util.spec_from_file_location("layout", REPO / "tools" / "layout.py")
layout = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(layout)


def test_the_source_tree_has_no_layout_breach():
    assert layout.breaches() == []


def test_a_cycle_hidden_in_a_function_is_still_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert layout.cycles(graph) == [["a", "b", "c"]]
    assert layout.cycles({"a": {"b"}, "b": set()}) == []


def test_deferred_and_typing_only_imports(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text("def f():\n    from pkg import two\n")
    (package / "two.py").write_text(textwrap.dedent("""\
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from pkg import one
        from . import one as again
    """))
    monkeypatch.setattr(layout, "SOURCE", tmp_path)
    graph = layout.import_graph(layout.modules())
    assert graph["pkg.one"] == {"pkg.two"} and graph["pkg.two"] == {"pkg.one"}
    assert layout.cycles(graph) == [["pkg.one", "pkg.two"]]


def test_a_long_module_and_a_long_function_are_breaches(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    package.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(layout.MAX_FUNCTION_LINES))
    decorated = "@rule(\n" + "    'documentation',\n" * 20 + ")\ndef short():\n    pass\n"
    (package / "__init__.py").write_text("")
    (package / "fits.py").write_text(decorated + "def fits():\n" + body[:-len(body.splitlines()[-1]) - 1])
    (package / "long_function.py").write_text("def too_long():\n" + body)
    (package / "long_module.py").write_text("x = 1\n" * (layout.MAX_MODULE_LINES + 1))
    monkeypatch.setattr(layout, "SOURCE", tmp_path)
    found = layout.modules()
    assert layout.long_modules(found) == [f"pkg/long_module.py: {layout.MAX_MODULE_LINES + 1} lines"
                                          f" (at most {layout.MAX_MODULE_LINES})"]
    assert layout.long_functions(found) == [f"pkg/long_function.py:1 too_long: "
                                            f"{layout.MAX_FUNCTION_LINES + 1} lines"
                                            f" (at most {layout.MAX_FUNCTION_LINES})"]
    assert len(layout.breaches()) == 2
