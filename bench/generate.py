"""Generate a realistic planning tree: phases of PLAN + SUMMARY documents and one VERIFICATION each."""

from __future__ import annotations

from pathlib import Path

PLAN = """---
phase: "{phase:02d}-generated"
plan: "{plan:02d}"
type: execute
wave: {wave}
depends_on: [{depends}]
files_modified:
  - src/module_{phase}_{plan}.py
  - tests/test_module_{phase}_{plan}.py
autonomous: true
must_haves:
  truths:
    - "Module {phase}.{plan} computes totals"
  artifacts:
    - path: "src/module_{phase}_{plan}.py"
      provides: "totals"
      contains: "def total"
  key_links:
    - from: "tests/test_module_{phase}_{plan}.py"
      to: "src/module_{phase}_{plan}.py"
      via: "import"
      pattern: "import module_{phase}_{plan}"
---

<objective>
Build module {phase}.{plan}. Coverage moves from 40.0% to 52.5% (+12.5 points).
</objective>

<tasks>
<task type="auto">
  <name>Task 1: write module</name>
  <files>src/module_{phase}_{plan}.py</files>
  <action>Write the module; 21/40 lines covered (52.5%).</action>
  <verify>pytest tests/test_module_{phase}_{plan}.py</verify>
  <done>Module exists</done>
</task>
</tasks>
"""

SUMMARY = """---
phase: "{phase:02d}-generated"
plan: "{plan:02d}"
key-files:
  created: [src/module_{phase}_{plan}.py]
completed: 2026-01-15
---

# Summary {phase}-{plan}

Tests: 12/12 passing (100%). Commit `abc1234`.
"""

VERIFICATION = """---
phase: "{phase:02d}-generated"
verified: 2026-01-16T10:00:00Z
status: passed
score: {plans}/{plans} must-haves verified
---

# Phase {phase} verification

| Truth | Status |
|-------|--------|
""" 


def generate_tree(root: Path, documents: int, plans_per_phase: int = 4) -> int:
    """Write about `documents` files under root/.planning/phases; returns how many were written."""
    per_phase = plans_per_phase * 2 + 1
    phases = max(1, documents // per_phase)
    written = 0
    for phase in range(1, phases + 1):
        folder = root / ".planning" / "phases" / f"{phase:02d}-generated"
        folder.mkdir(parents=True, exist_ok=True)
        for plan in range(1, plans_per_phase + 1):
            wave = 1 if plan == 1 else 2
            depends = "" if plan == 1 else f'"{phase:02d}-01"'
            values = dict(phase=phase, plan=plan, wave=wave, depends=depends, plans=plans_per_phase)
            (folder / f"{phase:02d}-{plan:02d}-PLAN.md").write_text(PLAN.format(**values))
            (folder / f"{phase:02d}-{plan:02d}-SUMMARY.md").write_text(SUMMARY.format(**values))
            written += 2
        rows = "".join(f"| Module {phase}.{p} computes totals | VERIFIED |\n"
                       for p in range(1, plans_per_phase + 1))
        (folder / f"{phase:02d}-VERIFICATION.md").write_text(
            VERIFICATION.format(phase=phase, plans=plans_per_phase) + rows)
        written += 1
    return written
