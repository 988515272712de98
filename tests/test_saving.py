"""A saved notebook keeps an experiment's picture and loses only its widget view."""

import copy

from course_lib.live import Experiment, slider
from course_lib.saving import WIDGET_VIEW, keep_pictures_not_widgets


class Tiny(Experiment):
    call_name = "demo.Tiny"

    def make_controls(self):
        return {"a": slider("a", 1.0, 0.0, 2.0, 0.5)}

    def compute(self, a):
        return a

    def build(self, fig):
        self.ax = fig.subplots()
        self.ax.set(title="Tiny", xlabel="x")

    def update(self, result):
        pass

    def describe(self, result):
        return f"a is {result}."


def notebook_with(*outputs):
    return {
        "type": "notebook",
        "content": {"cells": [{"cell_type": "code", "outputs": list(outputs)}]},
    }


def test_an_experiment_output_keeps_its_picture_and_a_way_back_but_not_its_widget():
    bundle = Tiny()._repr_mimebundle_()
    assert WIDGET_VIEW in bundle and "Run this cell" in bundle["text/html"]
    model = notebook_with({"output_type": "display_data", "data": bundle})
    keep_pictures_not_widgets(model)
    saved = model["content"]["cells"][0]["outputs"][0]["data"]
    assert WIDGET_VIEW not in saved
    assert saved["image/png"] == bundle["image/png"] and "a is 1.0." in saved["text/html"]


def test_a_widget_without_a_picture_and_other_outputs_are_left_alone():
    widget_only = {"output_type": "display_data", "data": {WIDGET_VIEW: {}, "text/plain": "x"}}
    stream = {"output_type": "stream", "name": "stdout", "text": "hi"}
    model = notebook_with(widget_only, stream)
    before = copy.deepcopy(model)
    keep_pictures_not_widgets(model)
    assert model == before


def test_files_that_are_not_notebooks_are_left_alone():
    model = {"type": "file", "content": "text"}
    keep_pictures_not_widgets(model)
    assert model == {"type": "file", "content": "text"}
