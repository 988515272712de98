"""The player: labelled buttons, and an integer that ticks from the kernel's event loop."""

from __future__ import annotations

import asyncio
import threading

import ipywidgets as widgets
import pytest

from course_lib.lessons.player import Player


def test_every_button_says_what_it_does_in_its_text_and_its_tooltip():
    player = Player(description="episodes", step=10)
    for button in (player.play_button, player.stop_button):
        assert isinstance(button, widgets.Button)  # a real <button>: Tab, Enter and Space
        assert button.description and button.tooltip
    assert player.play_button.description == "▶ Play"
    assert "episodes, 10 at a time" in player.play_button.tooltip
    assert player.stop_button.tooltip == "Stop: back to 0 episodes"
    assert player.loop_box.description == "loop"  # a checkbox named by its label
    assert list(player.children) == [player.play_button, player.stop_button, player.loop_box]


def test_the_play_button_becomes_a_pause_button_while_playing():
    player = Player()
    player.play_button.click()
    assert player.playing
    assert player.play_button.description == "❚❚ Pause"
    assert player.play_button.tooltip.startswith("Pause")
    player.play_button.click()
    assert not player.playing
    assert player.play_button.description == "▶ Play"


def test_ticks_advance_by_step_and_the_last_lands_on_max_and_pauses():
    player = Player(value=0, min=0, max=12, step=5)
    player.play()
    seen = []
    while player.playing:
        player.tick()
        seen.append(player.value)
    assert seen == [5, 10, 12]
    assert player.play_button.description == "▶ Play"
    player.tick()  # at the end, not playing: it stays
    assert player.value == 12


def test_pause_keeps_the_value_and_stop_goes_back_to_the_start():
    player = Player(value=3, min=2, max=20, step=4)
    player.play()
    player.tick()
    player.pause()
    assert (player.value, player.playing) == (7, False)
    player.play()
    player.stop_button.click()
    assert (player.value, player.playing) == (2, False)


def test_play_at_the_end_starts_again_from_the_beginning():
    player = Player(value=10, min=0, max=10, step=5)
    player.play_button.click()
    assert player.value == 0 and player.playing
    player.tick()
    assert player.value == 5


def test_with_loop_it_starts_again_after_the_end():
    player = Player(value=0, min=0, max=4, step=2)
    player.loop_box.value = True
    assert player.repeat
    player.play()
    seen = []
    for _ in range(6):
        player.tick()
        seen.append(player.value)
    assert seen == [2, 4, 0, 2, 4, 0] and player.playing


def test_values_are_kept_in_range_and_a_bad_range_is_refused():
    player = Player(value=50, min=0, max=10)
    assert player.value == 10
    player.value = -3
    assert player.value == 0
    player.value = 7.0  # as a float slider or numpy would give it
    assert player.value == 7 and isinstance(player.value, int)
    with pytest.raises(ValueError, match="min must not exceed max, got min=5 and max=1"):
        Player(min=5, max=1)
    with pytest.raises(ValueError, match="step must be a positive number"):
        Player(step=0)


def test_without_an_event_loop_play_ticks_nothing_and_fails_nothing():
    player = Player(value=0, max=10)  # made outside any running loop, as in plain Python
    player.play_button.click()
    assert player.playing and player.value == 0  # nothing ticks by itself
    player.tick()  # but the timer's step can be driven by hand
    assert player.value == 1


def test_it_links_to_a_slider_both_ways():
    player = Player(value=0, max=100, step=10)
    scrubber = widgets.IntSlider(0, 0, 100, 1)
    widgets.link((player, "value"), (scrubber, "value"))
    player.tick()
    assert scrubber.value == 10
    scrubber.value = 42
    assert player.value == 42
    player.stop()
    assert scrubber.value == 0


async def _until(condition, timeout: float = 10.0) -> None:
    """Let the loop run until condition() holds (a bound against a hang, not a timing check)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "the player never got there"
        await asyncio.sleep(0.005)


def test_a_press_from_another_thread_ticks_on_the_loop_the_player_was_made_on():
    # JupyterLab delivers a button press on a kernel subshell thread; the ticks must come
    # from the kernel's own event loop, where the cell made the player.
    async def scenario():
        player = Player(value=0, max=6, step=2, interval=1)
        ticked_on = []
        player.observe(lambda change: ticked_on.append(threading.get_ident()), names="value")
        presser = threading.Thread(target=player.play_button.click)
        presser.start()
        presser.join()
        await _until(lambda: not player.playing)
        return player.value, ticked_on

    value, ticked_on = asyncio.run(scenario())
    assert value == 6
    assert ticked_on and set(ticked_on) == {threading.get_ident()}  # the loop's thread


def test_a_pause_from_another_thread_stops_the_ticks():
    async def scenario():
        player = Player(value=0, max=10_000, step=1, interval=1)
        player.play()
        await _until(lambda: player.value >= 3)
        presser = threading.Thread(target=player.play_button.click)  # "Pause"
        presser.start()
        presser.join()
        held = player.value
        await asyncio.sleep(0.05)  # fifty intervals
        return held, player.value, player.playing

    held, later, playing = asyncio.run(scenario())
    assert later == held and not playing


def test_a_closed_player_stops_ticking():
    async def scenario():
        player = Player(value=0, max=10_000, interval=1)
        player.play()
        await _until(lambda: player.value >= 2)
        player.close()
        held = player.value
        await asyncio.sleep(0.05)
        return held, player.value

    held, later = asyncio.run(scenario())
    assert later == held


def test_a_player_whose_loop_has_closed_pauses_instead_of_failing():
    async def make():
        return Player(value=0, max=10)

    player = asyncio.run(make())  # asyncio.run closes its loop on the way out
    player.play_button.click()
    assert not player.playing and player.value == 0


def test_no_course_widget_is_ipywidgets_play_whose_buttons_have_no_names():
    import ast
    from pathlib import Path

    import course_lib

    uses = []
    for path in sorted(Path(course_lib.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = isinstance(node, ast.Attribute) and node.attr == "Play"
            imported = isinstance(node, ast.ImportFrom) and any(
                alias.name == "Play" for alias in node.names
            )
            if named or imported:
                uses.append(f"{path.name}:{node.lineno}")
    assert not uses, f"ipywidgets' Play (icon buttons without names) is used at {uses}"
