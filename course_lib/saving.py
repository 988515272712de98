"""What a saved notebook keeps of a live experiment: its picture, never a dead widget.

A live experiment is shown as a widget, with a static picture in the same output.
Reopened without running, a saved widget has no kernel behind it, and JupyterLab
shows "Error displaying widget: model not found" in its place. This pre-save hook
(``python -m course_lib start`` and the Binder set-up install it) removes the
widget part of such outputs as the notebook is written to disk, so that the
picture, with a line saying how to bring the experiment back, is what comes back.
The open session is not touched: only the file on disk loses the widget.
"""

from __future__ import annotations

from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: What the command line passes to Jupyter to install the hook.
HOOK = "course_lib.saving.keep_pictures_not_widgets"


def keep_pictures_not_widgets(model: dict[str, Any], **kwargs: Any) -> None:
    """A Jupyter pre-save hook: drop widget views that carry a picture of their own."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    for cell in model["content"].get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {})
            if WIDGET_VIEW in data and ("image/png" in data or "text/html" in data):
                del data[WIDGET_VIEW]
