"""Panels show the run and the landscape on screen now, never a previous one (issue 12, defect 5)."""

import re

from PySide6.QtCore import QEvent, QObject, Qt

from gdsim.qt.panels.playback_bar import PlaybackBar


class PaintedTexts(QObject):
    """Records what the user sees frame by frame: at each repaint of the window a new frame, and in
    it the text each watched widget paints."""

    def __init__(self, window, watched: dict):
        super().__init__()
        self.frames: list[dict[str, str]] = []
        self._texts = {}
        window.installEventFilter(self)
        for name, (widget, text) in watched.items():
            self._texts[widget] = (name, text)
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.UpdateRequest and watched not in self._texts:
            self.frames.append({})
        elif event.type() == QEvent.Type.Paint and watched in self._texts and self.frames:
            name, text = self._texts[watched]
            self.frames[-1][name] = text()
        return False


def test_the_ball_list_shows_the_toolbars_step_in_every_frame_while_playing(window, qtbot):
    bar = window.findChild(PlaybackBar)
    ball_list = window.control_panel.balls.list
    painted = PaintedTexts(window, {"toolbar": (bar.step_label, bar.step_label.text),
                                    "ball list": (ball_list.viewport(),
                                                  lambda: window.control_panel.balls.status_of(0))})
    qtbot.mouseClick(bar.widgetForAction(window.actions["play_pause"]), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.controller.snapshot().step >= 20, timeout=5000)
    qtbot.mouseClick(bar.widgetForAction(window.actions["play_pause"]), Qt.MouseButton.LeftButton)
    assert not window.controller.playing

    def step_of(text: str) -> int:
        return int(re.search(r"(?i)step (\d+)", text).group(1))

    seen = {}
    lagging = []  # (the toolbar's step, the list's) in frames where they differ
    for frame in painted.frames:
        seen.update({name: step_of(text) for name, text in frame.items()})
        if "toolbar" in frame and "ball list" in seen and seen["ball list"] != seen["toolbar"]:
            lagging.append((seen["toolbar"], seen["ball list"]))
    assert sum("toolbar" in frame for frame in painted.frames) >= 4  # frames of several steps were painted
    assert not lagging
