"""planning.ids: the names and tags other modules used to read with their own patterns."""

from __future__ import annotations

from planproof.planning import ids


def test_sibling_name_keeps_the_case_of_the_name():
    assert ids.sibling_name("p/01-02-PLAN.md", "PLAN", "SUMMARY") == "01-02-SUMMARY.md"
    assert ids.sibling_name("plan.md", "PLAN", "SUMMARY") == "summary.md"
    assert ids.sibling_name("01-02-summary.md", "SUMMARY", "PLAN") == "01-02-plan.md"
    assert ids.sibling_name("01-02-NOTES.md", "PLAN", "SUMMARY") is None


def test_named_plan_reads_the_name_as_the_tree_pairs_it():
    assert ids.named_plan("28-01-PLAN.md", "PLAN") == ("28", "1")
    assert ids.named_plan("29-argocd-cutover-01-SUMMARY.md", "SUMMARY") == ("29", "1")
    assert ids.named_plan("09.1-02-SUMMARY.md", "SUMMARY") == ("9.1", "2")
    assert ids.named_plan("PLAN.md", "PLAN") is None


def test_work_tags_compare_as_numbers():
    assert ids.work_tag("phase-07") == ids.work_tag("07") == "7"
    assert ids.work_tag("07-01") == "7-1"
    assert ids.work_tag("09.1-02") == ids.work_tag("9.1-2") == "9.1-2"
    assert ids.work_tag("15-04a") == "15-4a"
    assert ids.work_tag("auth-01") == "auth-1"


def test_an_import_commit_counts_phase_folders_as_the_tree_names_them():
    """`phase_21/` is phase 21 (planning.ids.phase_folder_number), `05-a/` and `5-b/` one phase."""
    from planproof.evidence.history import Commit, History

    def imports(folders):
        added = [("A", f"{folder}/{n:02d}-NOTES.md", f"{folder}/{n:02d}-NOTES.md")
                 for n in range(4) for folder in folders]
        history = History("/nowhere")
        history._record([(Commit("c" * 40, 0, "import"), added)])
        return history.imports

    assert imports(["p/phase_21", "p/phase_22", "p/phase_23"]) == {"c" * 40: 12}
    assert imports(["p/05-a", "p/5-b", "p/06-c"]) == {}


def test_id_from_name_is_the_strict_reading_of_named_plan():
    assert ids.id_from_name("15-04a-PLAN.md") == ids.named_plan("15-04a-PLAN.md", "PLAN") == ("15", "4a")
    assert ids.named_plan("29-cutover-01-PLAN.md", "PLAN") == ("29", "1")
    assert ids.id_from_name("29-cutover-01-PLAN.md") is None
    assert ids.id_from_name("29-01-CONTEXT.md") is None
