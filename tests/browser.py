"""Drive the course in a real browser: a JupyterLab server, Debian's chromium, Playwright.

Used by ``tests/test_browser.py`` (every lesson runs, every experiment's figure
follows its controls) and by ``benchmarks/run.py`` (how long a move takes to
reach the canvas).
"""

from __future__ import annotations

import ast
import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from course_lib import editions, saving
from course_lib.lessons.player import PAUSE, PLAY, STOP

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: JupyterLab settings for a quiet, predictable page: every cell in the DOM, no news pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
RUN_TIMEOUT_S = 180.0
MOVE_TIMEOUT_S = 30.0  # generous: CI runs other notebooks beside the browser on 2 cores
_LESSON = re.compile(r"^\d\d_[a-z0-9_]+$")


def lesson_names() -> list[str]:
    """Every numbered lesson of the course (``NN_topic``), in order."""
    return [p.stem for p in editions.lesson_sources() if _LESSON.match(p.stem)]


def browser_unavailable() -> str | None:
    """Why a browser test cannot run here, or None if it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterServer:
    """A ``jupyter lab`` server on 127.0.0.1 serving ``root_dir``, stopped by its own process."""

    def __init__(self, root_dir: Path, start_timeout: float = 90.0) -> None:
        self.root_dir = root_dir
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None
        self.state_dir = root_dir / ".lab-state"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, query: str = "") -> str:
        return f"{self.base_url}/{path}?{query + '&' if query else ''}token={self.token}"

    def start(self) -> JupyterServer:
        settings_dir = self.state_dir / "settings"
        for name, values in LAB_SETTINGS.items():
            path = settings_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.expose_app_in_browser=True",
            f"--LabApp.user_settings_dir={settings_dir}",
            f"--LabApp.workspaces_dir={self.state_dir / 'workspaces'}",
            f"--ContentsManager.pre_save_hook={saving.HOOK}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(self.state_dir / "runtime"))
        self.log_path = self.state_dir / "server.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited at start-up:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer in {self.start_timeout:.0f} s")

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server and its kernels (its whole process group)."""
        if self.process is None or self.process.poll() is not None:
            return
        group = os.getpgid(self.process.pid)
        os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=10)
        try:  # kernels left behind in the group
            os.killpg(group, signal.SIGKILL)
        except ProcessLookupError:
            pass


@contextmanager
def course_server(root_dir: Path) -> Iterator[JupyterServer]:
    """The student edition of every lesson in ``root_dir``, served by JupyterLab."""
    editions.build_student_notebooks(root_dir)
    server = JupyterServer(root_dir).start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.state_dir, ignore_errors=True)


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# What the notebook holds, read from JupyterLab's own model (every cell, on screen or not).
_NOTEBOOK_STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model || !panel.sessionContext) return null;
  const session = panel.sessionContext.session;
  const kernel = session && session.kernel;
  const state = {
    path: panel.context.path, id: panel.id, kernel: kernel ? kernel.status : null,
    pending: 0, errors: [], experiments: 0,
  };
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code' || !cell.sharedModel.getSource().trim()) continue;
    if (cell.executionCount === null) state.pending += 1;
    for (const output of cell.outputs.toJSON()) {
      if (output.output_type === 'error') {
        state.errors.push(output.ename + ': ' + output.evalue);
      } else if (output.output_type === 'stream' && output.name === 'stderr') {
        const text = [].concat(output.text).join('');
        if (text.includes('Traceback')) state.errors.push(text.slice(-400));
      }
      const data = output.data || {};
      if (data['application/vnd.jupyter.widget-view+json'] && data['image/png']) {
        state.experiments += 1;  // Experiment._repr_mimebundle_: a widget with a PNG fallback
      }
    }
  }
  return state;
}"""

# How many experiment widgets show a canvas with pixels in it.
_DRAWN_CANVASES = """(boxes) => boxes.filter((box) => {
  const canvas = box.querySelector('.jupyter-matplotlib-figure canvas');
  return canvas && canvas.width > 0 && canvas.height > 0;
}).length"""

# Watch one experiment's canvas; note when an input event starts and when the pixels change.
_WATCH_CANVAS = """(box) => {
  const canvas = box.querySelector('.jupyter-matplotlib-figure canvas');
  const context = canvas.getContext('2d');
  const signature = () => {
    const pixels = new Uint32Array(
      context.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
    let hash = canvas.width * 65536 + canvas.height;
    for (let i = 0; i < pixels.length; i++) hash = (Math.imul(hash, 31) + pixels[i]) | 0;
    return hash;
  };
  const before = signature();
  const watch = {start: null, changed: null};
  const started = () => { if (watch.start === null) watch.start = performance.now(); };
  const events = ['keydown', 'pointerdown', 'input', 'change'];
  events.forEach((e) => document.addEventListener(e, started, true));
  const tick = () => {
    if (watch.start !== null && signature() !== before) {
      watch.changed = performance.now();
      events.forEach((e) => document.removeEventListener(e, started, true));
    } else {
      requestAnimationFrame(tick);
    }
  };
  requestAnimationFrame(tick);
  window.__courseWatch = watch;
}"""


class BrowserCheckError(AssertionError):
    """A browser check failed; the message names the screenshot saved for it."""


@dataclass
class Move:
    """One control moved in the browser and what it did to its experiment."""

    experiment: int
    control: str
    seconds: float

    @property
    def ms(self) -> float:
        return round(self.seconds * 1000, 1)


class LessonPage:
    """One lesson open in JupyterLab."""

    def __init__(self, page, server: JupyterServer, lesson: str) -> None:
        self.page = page
        self.server = server
        self.lesson = lesson

    # -- evidence ---------------------------------------------------------------
    def fail(self, what: str, message: str) -> BrowserCheckError:
        """A failure with a full-page screenshot saved as test-artifacts/<lesson>-<what>.png."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{self.lesson}-{what}.png"
        try:
            self.page.screenshot(path=str(path), full_page=True)
            where = f"screenshot: {path}"
        except Exception as error:  # the page itself may be gone
            where = f"no screenshot ({error})"
        return BrowserCheckError(f"{self.lesson}: {message} [{where}]")

    def state(self) -> dict | None:
        """The notebook's state, or None while the page is (re)loading."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            return self.page.evaluate(_NOTEBOOK_STATE)
        except PlaywrightError:  # the execution context was replaced: JupyterLab reloading
            return None

    def wait_until(self, predicate, timeout: float, what: str, message) -> dict:
        """Poll the notebook state until ``predicate(state)``; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if state is not None and predicate(state):
                return state
            if time.monotonic() > deadline:
                raise self.fail(what, message(state))
            self.page.wait_for_timeout(100)

    # -- running ----------------------------------------------------------------
    def open(self, timeout: float = 90.0) -> None:
        """Open the notebook and wait for an idle kernel (accepting a kernel dialog)."""
        path = f"{self.lesson}.ipynb"
        self.page.goto(self.server.url(f"lab/tree/{path}", "reset"))  # reset: no other tabs
        accept = self.page.locator(".jp-Dialog .jp-mod-accept")
        deadline = time.monotonic() + timeout
        while True:
            if accept.count() and accept.first.is_visible():
                accept.first.click()
            state = self.state()
            if state is not None and state["path"] == path and state["kernel"] == "idle":
                self.panel = self.page.locator(f"[id='{state['id']}']")
                return
            if time.monotonic() > deadline:
                raise self.fail("open", f"no idle kernel after {timeout:.0f} s (state {state})")
            self.page.wait_for_timeout(200)

    def run_all(self, timeout: float = RUN_TIMEOUT_S) -> float:
        """Run every cell; wait until all ran (or one failed) and the kernel is idle."""
        start = time.monotonic()
        self.page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.wait_until(
            lambda s: s["kernel"] == "idle" and (s["pending"] == 0 or s["errors"]),
            timeout,
            "run-all",
            lambda s: f"cells still pending after {timeout:.0f} s (state {s})",
        )
        return time.monotonic() - start

    def check_no_errors(self) -> None:
        """No error output, no traceback on stderr, no widget that failed to display."""
        state = self.wait_until(lambda s: True, 30.0, "state", lambda s: "the notebook is gone")
        if state["errors"]:
            raise self.fail("error-output", "error outputs:\n" + "\n".join(state["errors"]))
        stderr = self.panel.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
            has_text="Traceback",
        )
        if stderr.count():
            raise self.fail("error-output", f"a traceback is shown: {stderr.first.inner_text()}")
        broken = self.panel.get_by_text("Error displaying widget")
        if broken.count():
            raise self.fail("widget-error", f"a widget failed: {broken.first.inner_text()}")

    def experiments(self, timeout: float = 30.0) -> list:
        """Every displayed experiment, once each shows its controls and a drawn canvas."""
        expected = self.state()["experiments"]
        boxes = self.panel.locator(".course-experiment")
        deadline = time.monotonic() + timeout
        while (drawn := boxes.evaluate_all(_DRAWN_CANVASES)) < expected:
            if time.monotonic() > deadline:
                raise self.fail(
                    "experiments",
                    f"{expected} experiments displayed, but only {drawn} of the "
                    f"{boxes.count()} experiment widgets show a drawn (non-empty) canvas "
                    f"after {timeout:.0f} s",
                )
            self.page.wait_for_timeout(100)
        return [boxes.nth(i) for i in range(boxes.count())]

    # -- moving a control ---------------------------------------------------------
    def move_first_control(self, index: int, box, timeout: float = MOVE_TIMEOUT_S) -> Move:
        """Move the experiment's first control; return how long until its canvas changed.

        Fails unless both the canvas pixels and the summary line change within
        ``timeout`` seconds.
        """
        control = box.locator(":scope > .widget-hbox > *").first
        canvas = box.locator(".jupyter-matplotlib-figure canvas").first
        summary = box.locator(":scope > .widget-html").first
        box.scroll_into_view_if_needed()
        pixels_before = canvas.screenshot()
        summary_before = summary.inner_text()
        box.evaluate(_WATCH_CANVAS)
        kind = self._move(control, index)
        try:
            self.page.wait_for_function(
                "() => window.__courseWatch.changed !== null", timeout=timeout * 1000, polling=20
            )
        except Exception:
            raise self.fail(
                f"experiment{index}-pixels",
                f"experiment {index}: moving its {kind} did not change the canvas "
                f"within {timeout:.0f} s",
            ) from None
        watch = self.page.evaluate("window.__courseWatch")
        deadline = time.monotonic() + timeout
        while canvas.screenshot() == pixels_before or summary.inner_text() == summary_before:
            if time.monotonic() > deadline:
                what = "canvas" if canvas.screenshot() == pixels_before else "summary"
                raise self.fail(
                    f"experiment{index}-{what}",
                    f"experiment {index}: moving its {kind} did not change the {what} "
                    f"within {timeout:.0f} s (summary: {summary_before!r})",
                )
            self.page.wait_for_timeout(50)
        return Move(index, kind, (watch["changed"] - watch["start"]) / 1000)

    def _move(self, control, index: int) -> str:
        classes = control.get_attribute("class") or ""
        if "widget-slider" in classes:
            handle = control.locator(".noUi-handle").first
            readout = control.locator(".widget-readout").first
            at_max = handle.evaluate(
                "(h) => Number(h.getAttribute('aria-valuenow')) >= "
                "Number(h.getAttribute('aria-valuemax'))"
            )
            before = readout.inner_text()
            handle.focus()
            self.page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            if readout.inner_text() == before:
                self.page.wait_for_timeout(200)
            if readout.inner_text() == before:
                raise self.fail(f"experiment{index}-slider", "the slider did not move")
            return "slider"
        if "widget-dropdown" in classes:
            select = control.locator("select")
            options = select.locator("option").all_inner_texts()
            current = select.evaluate("(s) => s.options[s.selectedIndex].text")
            other = next((o for o in options if o != current), None)
            if other is None:
                raise self.fail(f"experiment{index}-dropdown", "the dropdown has one option")
            select.select_option(label=other)
            return "dropdown"
        if control.evaluate("(c) => c.tagName") == "BUTTON":
            control.click()
            return "button"
        raise self.fail(f"experiment{index}-control", f"unknown first control ({classes})")


# -- the full sweep: every control, and the browser's pixels against the kernel's ---------------
# The model ids of the displayed experiments, in output order (= the order of their boxes).
_EXPERIMENT_MODELS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const ids = [];
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    for (const output of cell.outputs.toJSON()) {
      const data = output.data || {};
      const view = data['application/vnd.jupyter.widget-view+json'];
      if (view && data['image/png']) ids.push(view.model_id);
    }
  }
  return ids;
}"""

# Run code in the notebook's kernel (a test's question, not the learner's) and return its output.
_ASK_KERNEL = """async (code) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  const parts = [];
  future.onIOPub = (msg) => {
    const type = msg.header.msg_type;
    if (type === 'stream' && msg.content.name === 'stdout') parts.push(msg.content.text);
    if (type === 'error') parts.push('ERROR ' + msg.content.ename + ': ' + msg.content.evalue);
  };
  await future.done;
  return parts.join('');
}"""

# The kernel's own full render of one experiment's figure, written as a PNG file whose path it
# prints (nothing is sent to the browser: the render goes to the canvas's own buffer, which the
# next repaint restores). It holds the course's drawing lock: the controls' messages are handled
# on a widget thread, whose refresh must not draw into the same buffer at the same time.
_KERNEL_RENDER = """
import os as _os
from ipywidgets import Widget as _W
from matplotlib.backends.backend_agg import FigureCanvasAgg as _Agg
from PIL import Image as _Image
from course_lib.plots import DRAW_LOCK as _LOCK
_canvas = next(c for c in _W.widgets[{model_id!r}].children if hasattr(c, "figure"))
with _LOCK:
    _Agg.draw(_canvas)
    _pixels = __import__("numpy").asarray(_canvas.buffer_rgba()).copy()
_path = _os.path.abspath(".kernel-render.png")
_Image.fromarray(_pixels).save(_path)
print(_path)
"""

# The values of an experiment's controls (the row above its figure), and setting them back.
_CONTROL_VALUES = """
from ipywidgets import Widget as _W
_plain = [getattr(c, "value", None) for c in _W.widgets[{model_id!r}].children[0].children]
print(repr([v.item() if hasattr(v, "item") else v for v in _plain]))
"""
# A player among an experiment's controls: (value, playing, min, max, interval in ms).
_PLAYER_STATE = """
from ipywidgets import Widget as _W
_p = _W.widgets[{model_id!r}].children[0].children[{position}]
print(repr((_p.value, _p.playing, _p.min, _p.max, _p.interval)))
"""
_SET_CONTROLS = """
from ipywidgets import Widget as _W
for _c, _v in zip(_W.widgets[{model_id!r}].children[0].children, {values}):
    if _v is not None and _c.value != _v:
        _c.value = _v
"""

# The pixels the browser shows on one experiment's canvas, as base64 PNG.
_CANVAS_PNG = """(box) => {
  const canvas = box.querySelector('.jupyter-matplotlib-figure canvas');
  return canvas.toDataURL('image/png').split(',')[1];
}"""

#: Pixels allowed to differ between the browser's canvas and the kernel's full render: where
#: a moving artist crosses a static one drawn above it in a full draw (a spine, a legend).
PIXEL_TOLERANCE = 12


def png_pixels(encoded: str):
    """An RGB array from base64 PNG text."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGB"))


def differing_pixels(first, second) -> int:
    """How many pixels differ noticeably (any channel by more than 8 of 255)."""
    import numpy as np

    if any(abs(a - b) > 1 for a, b in zip(first.shape, second.shape, strict=True)):
        return first.shape[0] * first.shape[1]
    # ipympl sizes its canvas with int(), Agg with round(): a figure 447.99 px tall is 447
    # px in the browser and 448 in the kernel. Compare the area both have.
    rows, columns = min(first.shape[0], second.shape[0]), min(first.shape[1], second.shape[1])
    first, second = first[:rows, :columns], second[:rows, :columns]
    return int(np.any(np.abs(first.astype(int) - second.astype(int)) > 8, axis=2).sum())


@dataclass
class Sweep:
    """Every move made on one experiment, and how long each took to reach the pixels."""

    experiment: int
    moves: list[str]
    milliseconds: list[float]
    most_differing: int = 0  # the most pixels that differed from the kernel's drawing
    #: per control (its label, or its position): milliseconds from each move to new pixels
    by_control: dict[str, list[float]] = field(default_factory=dict)


class SweepingPage(LessonPage):
    """A lesson page that moves every control and holds the browser to the kernel's picture."""

    def save(self, timeout: float = 30.0) -> None:
        """Save the notebook and wait until the file on disk holds it."""
        self.page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
        deadline = time.monotonic() + timeout
        while self.page.evaluate("window.jupyterapp.shell.currentWidget.context.model.dirty"):
            if time.monotonic() > deadline:
                raise self.fail("save", f"the notebook was not saved in {timeout:.0f} s")
            self.page.wait_for_timeout(100)

    def model_ids(self) -> list[str]:
        return self.page.evaluate(_EXPERIMENT_MODELS)

    def ask_kernel(self, code: str) -> str:
        answer = self.page.evaluate(_ASK_KERNEL, code)
        if answer.startswith("ERROR"):
            raise self.fail("kernel", f"the kernel could not answer: {answer[:300]}")
        return answer

    def controls(self, box) -> list:
        """The experiment's own controls, in order: sliders, dropdowns and play buttons."""
        row = box.locator(":scope > .widget-hbox").first
        return [row.locator(":scope > *").nth(i) for i in range(row.locator(":scope > *").count())]

    def settle(self, box, timeout: float = MOVE_TIMEOUT_S) -> None:
        """Wait until the kernel is idle and the canvas has stopped changing."""
        self.wait_until(
            lambda s: s["kernel"] == "idle", timeout, "settle", lambda s: f"kernel busy ({s})"
        )
        previous, deadline = None, time.monotonic() + timeout
        while True:
            now = box.evaluate(_CANVAS_PNG)
            if now == previous:
                return
            if time.monotonic() > deadline:
                raise self.fail("settle", "the canvas kept changing")
            previous = now
            self.page.wait_for_timeout(150)

    def check_pixels(
        self, index: int, box, model_id: str, after: str, timeout: float = MOVE_TIMEOUT_S
    ) -> int:
        """The browser shows what the kernel draws for the same settings.

        A move reaches the kernel as a message, so the browser's last picture may still be
        the old one for a moment, even with the kernel idle: compare again until the two
        agree, or until ``timeout`` says a stale or missing part of the picture stays.
        """
        deadline = time.monotonic() + timeout
        while True:
            self.settle(box)
            shown = png_pixels(box.evaluate(_CANVAS_PNG))
            path = self.ask_kernel(_KERNEL_RENDER.format(model_id=model_id)).strip()
            drawn = png_pixels(base64.b64encode(Path(path).read_bytes()).decode())
            differ = differing_pixels(shown, drawn)
            if differ <= PIXEL_TOLERANCE:
                return differ
            if time.monotonic() > deadline:
                raise self.fail(
                    f"experiment{index}-stale",
                    f"experiment {index}: after {after}, {differ} pixels of the canvas still "
                    f"differ from the kernel's own drawing of the same settings after "
                    f"{timeout:.0f} s (shown {shown.shape}, drawn {drawn.shape}): a stale or "
                    "missing part of the picture",
                )
            self.page.wait_for_timeout(250)

    def restore(self, model_id: str, values: str) -> None:
        """Set every control of the experiment back to ``values`` (a repr from the kernel)."""
        self.ask_kernel(_SET_CONTROLS.format(model_id=model_id, values=values))

    def sweep(self, index: int, box, model_id: str) -> Sweep:
        """Move every control through its range and back; check the pixels after each move."""
        box.scroll_into_view_if_needed()
        self.settle(box)
        start_picture = png_pixels(box.evaluate(_CANVAS_PNG))
        start_values = self.ask_kernel(_CONTROL_VALUES.format(model_id=model_id)).strip()
        sweep = Sweep(index, [], [])
        for position, control in enumerate(self.controls(box)):
            name = self.control_name(control) or f"control {position}"
            for label, act in self._moves(
                control, f"experiment{index}-{position}", model_id, position
            ):
                box.evaluate(_WATCH_CANVAS)
                act()
                what = f"control {position} {label}"
                differ = self.check_pixels(index, box, model_id, what)
                sweep.most_differing = max(sweep.most_differing, differ)
                watch = self.page.evaluate("window.__courseWatch")
                if watch["changed"] is not None and watch["start"] is not None:
                    sweep.milliseconds.append(watch["changed"] - watch["start"])
                    sweep.by_control.setdefault(name, []).append(sweep.milliseconds[-1])
                sweep.moves.append(what)
            self.restore(model_id, start_values)
            self.check_pixels(index, box, model_id, f"control {position} back to its start")
        self.check_no_errors()
        back = differing_pixels(png_pixels(box.evaluate(_CANVAS_PNG)), start_picture)
        if back > PIXEL_TOLERANCE:
            raise self.fail(
                f"experiment{index}-return",
                f"experiment {index}: back at its starting settings, {back} pixels differ from "
                "the starting picture",
            )
        return sweep

    @staticmethod
    def control_name(control) -> str:
        """The control's visible label (a slider's or dropdown's description), if it has one."""
        if "course-player" in (control.get_attribute("class") or ""):
            return "play, pause, stop"
        label = control.locator(".widget-label")
        return label.first.inner_text().strip() if label.count() else ""

    def _moves(self, control, name: str, model_id: str, position: int) -> list:
        """(label, action) pairs that take a control through its range and back to the start."""
        classes = control.get_attribute("class") or ""
        if "widget-slider" in classes:
            handle = control.locator(".noUi-handle").first

            def press(key: str):
                def act():
                    handle.focus()
                    self.page.keyboard.press(key)

                return act

            return [("to its minimum", press("Home")), ("to its maximum", press("End"))]
        if "widget-dropdown" in classes:
            select = control.locator("select")
            options = select.locator("option").all_inner_texts()
            start = select.evaluate("(s) => s.options[s.selectedIndex].text")
            order = [o for o in options if o != start] + [start]
            return [(f"to {o!r}", lambda o=o: select.select_option(label=o)) for o in order]
        if "course-player" in classes:
            return self._player_moves(control, name, model_id, position)
        return []

    def _player_moves(self, player, name: str, model_id: str, position: int) -> list:
        """Play until the value advances, pause, then stop: each button found by its
        accessible name (what a screen reader announces), each effect read from the kernel."""

        def state() -> tuple[int, bool, int, int, int]:
            answer = self.ask_kernel(_PLAYER_STATE.format(model_id=model_id, position=position))
            return ast.literal_eval(answer.strip())

        def button(label: str):
            found = player.get_by_role("button", name=label, exact=True)
            if found.count() != 1:
                names = player.get_by_role("button").all_inner_texts()
                raise self.fail(name, f"no button named {label!r} in the player (has {names})")
            return found

        def wait_for(condition, what: str):
            deadline = time.monotonic() + MOVE_TIMEOUT_S
            while not condition(now := state()):
                if time.monotonic() > deadline:
                    raise self.fail(name, f"{what} within {MOVE_TIMEOUT_S:.0f} s (state {now})")
                self.page.wait_for_timeout(100)
            return now

        def play_then_pause():
            start, _, low, high, _ = state()
            first = low if start >= high else start  # Play at the end starts again at min
            button(PLAY).click()
            wait_for(lambda s: s[1] and s[0] > first, f"▶ Play did not advance from {first}")
            button(PAUSE).click()
            value, _, _, _, interval = wait_for(lambda s: not s[1], "❚❚ Pause did not pause")
            button(PLAY)  # the button says Play again
            self.page.wait_for_timeout(max(500, 3 * interval))
            if state()[0] != value:
                raise self.fail(name, f"the value moved on after ❚❚ Pause (from {value})")

        def stop():
            button(STOP).click()
            low = state()[2]
            wait_for(lambda s: s[0] == low and not s[1], f"■ Stop did not go back to {low}")

        return [("play, then pause", play_then_pause), ("stop", stop)]
