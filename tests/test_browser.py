"""Every lesson in a real browser, every control of every experiment moved.

A JupyterLab server serves the student edition; Debian's chromium, driven by
Playwright, runs all cells of each lesson, then moves every control of every
live experiment through its range (sliders to both ends, every dropdown option,
play / pause / stop, each button found by its accessible name) and back. After each
move the pixels the browser shows must equal the kernel's own full drawing of the same
settings, and back at the start the picture must be the starting picture: a stale
fragment or a lost background fails, not only a canvas that does not change. One
lesson is also saved, closed and reopened without running: it shows pictures, never a
widget error.

Each lesson is its own test class, so pytest-xdist (--dist loadscope) sweeps
lessons in parallel. Without chromium or playwright the tests are skipped,
except on CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os

import pytest
from browser import SweepingPage, browser_unavailable, chromium, course_server, lesson_names


@pytest.fixture(scope="class")
def browser_session(tmp_path_factory):
    reason = browser_unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run on CI: {reason}")
        pytest.skip(reason)
    with course_server(tmp_path_factory.mktemp("student")) as server, chromium() as browser:
        yield server, browser


@pytest.fixture
def open_lesson(browser_session):
    server, browser = browser_session
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        yield lambda lesson: SweepingPage(context.new_page(), server, lesson)
    finally:
        context.close()


class LessonSweep:
    lesson = ""

    def test_every_control_of_every_experiment_shows_what_the_kernel_drew(
        self, open_lesson, record_property
    ):
        notebook = open_lesson(self.lesson)
        notebook.open()
        record_property("run_all_s", round(notebook.run_all(), 2))
        notebook.check_no_errors()
        boxes, model_ids = notebook.experiments(), notebook.model_ids()
        assert len(boxes) == len(model_ids) > 0
        for index, (box, model_id) in enumerate(zip(boxes, model_ids, strict=True)):
            sweep = notebook.sweep(index, box, model_id)
            assert sweep.moves, f"experiment {index} has no control the sweep could move"
            record_property(f"experiment{index}_most_differing_pixels", sweep.most_differing)
            print(f"{self.lesson} experiment {index}: {len(sweep.moves)} moves, at most "
                  f"{sweep.most_differing} pixels off the kernel's drawing")  # fmt: skip
            if sweep.milliseconds:
                median = sorted(sweep.milliseconds)[len(sweep.milliseconds) // 2]
                record_property(f"experiment{index}_median_ms", round(median, 1))
        notebook.check_no_errors()


for _lesson in lesson_names():
    _name = "TestLesson" + _lesson.split("_")[0]
    globals()[_name] = type(_name, (LessonSweep,), {"lesson": _lesson})


class TestReopening:
    def test_a_saved_lesson_reopened_without_running_shows_pictures_not_widget_errors(
        self, open_lesson
    ):
        lesson = lesson_names()[0]
        notebook = open_lesson(lesson)
        notebook.open()
        notebook.run_all()
        notebook.experiments()
        shown = len(notebook.model_ids())
        notebook.save()
        again = open_lesson(lesson)  # a new page: the notebook as read back from disk
        again.open()
        again.check_no_errors()
        pictures = again.panel.locator(".course-experiment-static img")
        assert pictures.count() == shown > 0
