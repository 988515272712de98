"""The student edition: solutions and hidden tests out, learners' work never lost."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import nbformat
import pytest

from course_lib import editions
from course_lib.__main__ import main

SOURCE = textwrap.dedent(
    '''\
    # ---
    # jupyter:
    #   kernelspec:
    #     display_name: Python 3 (ipykernel)
    #     language: python
    #     name: python3
    # ---

    # %% [markdown]
    # # A lesson

    # %% nbgrader={"grade": false, "grade_id": "double", "locked": false, "schema_version": 3, "solution": true, "task": false}
    def double(x):
        """Twice x."""
        ### BEGIN SOLUTION
        return 2 * x
        ### END SOLUTION

    # %% nbgrader={"grade": true, "grade_id": "double_check", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
    print("visible check")
    ### BEGIN HIDDEN TESTS
    assert double(21) == 42
    ### END HIDDEN TESTS
    '''
)


def write_lesson(folder: Path, text: str = SOURCE, name: str = "00_demo.py") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def code_sources(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_student_edition_stubs_solutions_and_drops_hidden_tests(tmp_path):
    notebook = editions.read_source(write_lesson(tmp_path / "src"))
    student = editions.student_edition(notebook)
    solution, check = [c.source for c in student.cells if c.cell_type == "code"]
    assert solution == (
        'def double(x):\n    """Twice x."""\n    # YOUR CODE HERE\n    raise NotImplementedError()'
    )
    assert check == 'print("visible check")'
    assert "return 2 * x" in notebook.cells[1].source, "the source notebook is not modified"


def test_student_edition_has_a_kernel_and_no_outputs(tmp_path):
    notebook = editions.read_source(write_lesson(tmp_path / "src"))
    notebook.cells[1].outputs = [nbformat.v4.new_output("stream", text="old output")]
    student = editions.student_edition(notebook)
    assert student.metadata.kernelspec.name == "python3"
    assert all(c.outputs == [] for c in student.cells if c.cell_type == "code")


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("### END SOLUTION", "without 'BEGIN SOLUTION'"),
        ("### BEGIN SOLUTION\n    ### BEGIN SOLUTION", "inside another"),
    ],
)
def test_malformed_markers_are_reported_with_the_cell(tmp_path, broken, message):
    text = SOURCE.replace("### BEGIN SOLUTION", broken, 1)
    notebook = editions.read_source(write_lesson(tmp_path / "src", text))
    with pytest.raises(editions.EditionError, match=message) as error:
        editions.student_edition(notebook, "00_demo.py")
    assert "00_demo.py, cell 2" in str(error.value)


def test_solution_outside_a_solution_cell_is_refused(tmp_path):
    text = SOURCE.replace('"solution": true', '"solution": false')
    notebook = editions.read_source(write_lesson(tmp_path / "src", text))
    with pytest.raises(editions.EditionError, match="not marked as a solution"):
        editions.student_edition(notebook)


def test_refresh_creates_then_leaves_an_untouched_copy_unchanged(tmp_path):
    src, work = tmp_path / "src", tmp_path / "work"
    write_lesson(src)
    first = editions.refresh_working_copy(work, src)
    second = editions.refresh_working_copy(work, src)
    assert [r.action for r in first] == ["created"]
    assert [r.action for r in second] == ["unchanged"]


def test_refresh_updates_a_copy_the_learner_has_not_changed(tmp_path):
    src, work = tmp_path / "src", tmp_path / "work"
    write_lesson(src)
    editions.refresh_working_copy(work, src)
    write_lesson(src, SOURCE.replace("# # A lesson", "# # A better lesson"))
    report = editions.refresh_working_copy(work, src)
    assert [r.action for r in report] == ["updated"]
    assert "A better lesson" in (work / "00_demo.ipynb").read_text()


def learner_edits(path: Path) -> bytes:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].source = notebook.cells[1].source.replace(
        "# YOUR CODE HERE\n    raise NotImplementedError()", "return x + x"
    )
    nbformat.write(notebook, path)
    return path.read_bytes()


def test_refresh_never_overwrites_the_learners_work(tmp_path):
    src, work = tmp_path / "src", tmp_path / "work"
    write_lesson(src)
    editions.refresh_working_copy(work, src)
    theirs = learner_edits(work / "00_demo.ipynb")

    same_lesson = editions.refresh_working_copy(work, src)
    assert [r.action for r in same_lesson] == ["kept yours"]
    assert (work / "00_demo.ipynb").read_bytes() == theirs

    write_lesson(src, SOURCE.replace("# # A lesson", "# # A better lesson"))
    new_lesson = editions.refresh_working_copy(work, src)
    assert [r.action for r in new_lesson] == ["kept yours; new version beside"]
    assert (work / "00_demo.ipynb").read_bytes() == theirs
    assert "A better lesson" in (work / "00_demo (new version).ipynb").read_text()


def test_refresh_never_overwrites_an_edited_new_version_either(tmp_path):
    src, work = tmp_path / "src", tmp_path / "work"
    write_lesson(src)
    editions.refresh_working_copy(work, src)
    learner_edits(work / "00_demo.ipynb")
    write_lesson(src, SOURCE.replace("# # A lesson", "# # Lesson v2"))
    editions.refresh_working_copy(work, src)
    beside = work / "00_demo (new version).ipynb"
    edited_beside = learner_edits(beside)
    write_lesson(src, SOURCE.replace("# # A lesson", "# # Lesson v3"))
    report = editions.refresh_working_copy(work, src)
    assert report[0].action == "kept yours"
    assert "rename one" in report[0].detail
    assert beside.read_bytes() == edited_beside


def test_refresh_keeps_an_unreadable_notebook(tmp_path):
    src, work = tmp_path / "src", tmp_path / "work"
    write_lesson(src)
    editions.refresh_working_copy(work, src)
    (work / "00_demo.ipynb").write_text("{ not json", encoding="utf-8")
    editions.refresh_working_copy(work, src)
    assert (work / "00_demo.ipynb").read_text() == "{ not json"


def test_refresh_survives_a_lost_manifest(tmp_path):
    src, work = tmp_path / "src", tmp_path / "work"
    write_lesson(src)
    editions.refresh_working_copy(work, src)
    theirs = learner_edits(work / "00_demo.ipynb")
    (work / editions.MANIFEST).unlink()
    report = editions.refresh_working_copy(work, src)
    assert report[0].action.startswith("kept yours")
    assert (work / "00_demo.ipynb").read_bytes() == theirs


def test_cli_release_reports_what_it_did(tmp_path, capsys):
    assert main(["release", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "index.ipynb: created" in out
    manifest = json.loads((tmp_path / editions.MANIFEST).read_text())
    assert "index.ipynb" in manifest


def test_cli_release_writes_only_the_lessons_chosen(tmp_path):
    assert main(["release", "01", "index", "--dir", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == ["01_loss.ipynb", "index.ipynb"]
    assert not editions.holds_solutions(tmp_path / "01_loss.ipynb")


def test_cli_release_names_the_lessons_when_one_is_unknown(tmp_path, capsys):
    assert main(["release", "99_nothing", "--dir", str(tmp_path)]) == 2
    assert (
        "no lesson called '99_nothing'; the lessons are: 00_training_loop"
        in capsys.readouterr().err
    )
    assert not list(tmp_path.iterdir())


def test_release_refuses_a_folder_that_holds_notebooks_with_solutions(tmp_path, capsys):
    editions.build_source_notebooks(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main(["release", "00", "--dir", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "holds notebooks with solutions (00_training_loop.ipynb" in error
    assert "choose another folder" in error
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_cli_nbgrader_course_lays_out_source_folders(tmp_path):
    assert main(["nbgrader-course", str(tmp_path)]) == 0
    lessons = [p.stem for p in editions.lesson_sources() if p.stem != "index"]
    for lesson in lessons:
        assert (tmp_path / "source" / lesson / f"{lesson}.ipynb").is_file()


def test_cli_start_builds_the_working_copy_and_passes_options_to_jupyter(tmp_path, monkeypatch):
    launched = []
    monkeypatch.setattr(
        "course_lib.__main__._run_until_stopped", lambda command: launched.append(command) or 0
    )
    assert main(["start", "--dir", str(tmp_path), "--no-browser", "--port", "8890"]) == 0
    assert (tmp_path / "index.ipynb").is_file()
    assert ["--no-browser", "--port", "8890"] == [
        arg for arg in launched[0] if arg in ("--no-browser", "--port", "8890")
    ]
    assert f"--ServerApp.root_dir={tmp_path.resolve()}" in launched[0]
    assert "--LabApp.default_url=/lab/tree/index.ipynb" in launched[0]
    assert (
        "--ContentsManager.pre_save_hook=course_lib.saving.keep_pictures_not_widgets"
        in (launched[0])
    )


def test_cli_refuses_unknown_options_outside_start(capsys):
    with pytest.raises(SystemExit):
        main(["release", "--bogus"])
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_a_self_study_copy_holds_the_solutions_a_class_edition_refuses_its_folder(tmp_path):
    editions.refresh_working_copy(tmp_path, self_study=True)
    assert (tmp_path / editions.SOLUTIONS_DIR / "01_loss.json").is_file()
    with pytest.raises(editions.EditionError, match="holds reference solutions"):
        editions.refresh_working_copy(tmp_path)


def test_a_class_edition_writes_no_solutions(tmp_path):
    editions.refresh_working_copy(tmp_path)
    assert not (tmp_path / editions.SOLUTIONS_DIR).exists()
