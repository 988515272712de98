"""Every lesson in a real browser: it runs without an error, and every figure follows its control.

A JupyterLab server serves the student edition; Debian's chromium, driven by
Playwright, runs all cells of each lesson and then moves the first control of
every live experiment, requiring the canvas pixels and the summary line to
change. Without chromium or playwright the tests are skipped, except on CI
(``CI`` set), where they fail.
"""

from __future__ import annotations

import os

import pytest
from browser import LessonPage, browser_unavailable, chromium, course_server, lesson_names


@pytest.fixture(scope="module")
def browser_session(tmp_path_factory):
    reason = browser_unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run on CI: {reason}")
        pytest.skip(reason)
    with course_server(tmp_path_factory.mktemp("student")) as server, chromium() as browser:
        yield server, browser


@pytest.fixture
def lesson_page(browser_session, request):
    server, browser = browser_session
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        yield lambda lesson: LessonPage(page, server, lesson)
    finally:
        context.close()


@pytest.mark.parametrize("lesson", lesson_names())
def test_lesson_runs_in_the_browser_and_its_figures_follow_their_controls(
    lesson, lesson_page, record_property
):
    notebook = lesson_page(lesson)
    notebook.open()
    seconds = notebook.run_all()
    record_property("run_all_s", round(seconds, 2))
    notebook.check_no_errors()

    moves = [notebook.move_first_control(i, box) for i, box in enumerate(notebook.experiments())]
    notebook.check_no_errors()

    for move in moves:
        record_property(f"experiment{move.experiment}_{move.control}_to_pixels_ms", move.ms)
        print(f"{lesson} experiment {move.experiment} ({move.control}): {move.ms:.0f} ms to pixels")
