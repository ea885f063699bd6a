"""lazyre: module-level patterns compiled on first use, used exactly like re's compiled patterns."""

from __future__ import annotations

import re
import subprocess
import sys

from planproof import lazyre


def test_a_lazy_pattern_answers_like_the_compiled_one():
    lazy = lazyre.compile(r"(?P<num>\d+)\s?%", re.I)
    eager = re.compile(r"(?P<num>\d+)\s?%", re.I)
    assert "_compiled" not in vars(lazy)
    text = "from 40 % to 85% (+45)"
    assert lazy.pattern == eager.pattern
    assert "_compiled" not in vars(lazy)  # .pattern needs no compiling
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.search(text).group("num") == "40"
    assert lazy.sub("N", text) == eager.sub("N", text)
    assert lazy.flags == eager.flags and lazy.groupindex == eager.groupindex
    assert "search" in vars(lazy)  # later calls find the bound method directly


def test_importing_the_claim_and_tree_modules_compiles_none_of_their_patterns():
    probe = ("import planproof.claims.extract, planproof.claims.checkable, "
             "planproof.planning.roadmap as t, planproof.planning.ids as i, "
             "planproof.planning.requirements as q, planproof.rules.repository.counts as r, "
             "planproof.claims.report_contradictions\n"
             "import sys\n"
             "from planproof.lazyre import LazyPattern\n"
             "claims = [m for n, m in sys.modules.items() if n.startswith('planproof.claims.')]\n"
             "lazy = [v for m in (*claims, t, i, q, r) for v in vars(m).values()"
             " if isinstance(v, LazyPattern)]\n"
             "print(len(lazy), sum('_compiled' in vars(v) for v in lazy))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    total, compiled = map(int, done.stdout.split())
    assert total >= 60 and compiled == 0, done.stdout  # FRACTION.pattern is read, not compiled
