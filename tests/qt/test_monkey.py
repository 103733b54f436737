"""The monkey: a seeded random user drives the real window through its actions, widgets, keys, map
clicks, files (good and mutated lessons), exports and lesson stages, and no exception, Qt critical
message or Python warning may come of it.

Every exception a user action raises reaches sys.excepthook, where the app's ErrorDialogs would show
it: the test installs them and fails as soon as one reports. On a failure it prints the seed and the
actions taken, to replay with GDSIM_MONKEY_SEED=<seed> (and GDSIM_MONKEY_ACTIONS=<n>).

CI runs 300 actions; GDSIM_LONG_FUZZ=1 runs 10,000, as the hostile-input tests do.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import random
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QtMsgType
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QWidget,
)

from gdsim.app import ErrorDialogs
from gdsim.formats import ExportFormat
from gdsim.qt.export.dialog import ExportRequest
from gdsim.qt.export.rendering import ExportView
from gdsim.resources import resource_path

LONG_FUZZ = os.environ.get("GDSIM_LONG_FUZZ") == "1"
ACTIONS = int(os.environ.get("GDSIM_MONKEY_ACTIONS") or (10_000 if LONG_FUZZ else 300))
SEED = int(os.environ.get("GDSIM_MONKEY_SEED") or 18)
# GDSIM_MONKEY_COLLECT=1 goes on past an exception and lists every distinct one at the end (a hunt).
COLLECT = os.environ.get("GDSIM_MONKEY_COLLECT") == "1"
TRACE = os.environ.get("GDSIM_MONKEY_TRACE") == "1"  # every action on stderr as it is taken (for a crash)

# Actions the monkey leaves alone: Quit ends the window, and the file dialogs of Open and Save block
# on a dialog the monkey would only cancel (it opens and saves files through the same functions).
SKIPPED_ACTIONS = {"quit", "open_setup", "save_setup"}
TEXTS = ("x^2 + y^2", "sin(x)*cos(y)", "x^4 - x^2", "(1 - x)^2 + 100*(y - x^2)^2", "x", "1e308*x^2",
         "1e-300*(x^2+y^2)", "log(x)", "sqrt(-x^2)", "x^", "9^9^9", "", " ", "((((x))))", "nan", "inf",
         "-5", "0", "1e-9", "2.5e-5", "-1e308", "3", "abc", "x/0", "2*x", "exp(x^2+y^2)", "ﬁ", "한국어",
         "x" * 300, "1,5", "  7 ", "0.1", "100")
KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Right, Qt.Key.Key_R, Qt.Key.Key_Escape, Qt.Key.Key_PageDown,
        Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_E, Qt.Key.Key_G, Qt.Key.Key_F3,
        Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_1, Qt.Key.Key_Minus, Qt.Key.Key_Period)
LESSONS = sorted(resource_path("lessons").glob("*.toml"))


def _close_dialogs() -> None:
    """Close what an action opened: a popup menu, a message box or a dialog (modal or not)."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        popup.close()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and isinstance(widget, (QDialog, QMessageBox)):
            widget.reject()
        elif widget.isVisible() and isinstance(widget, QMenu):
            widget.close()


def mutated_lesson(rng: random.Random) -> tuple[str | bytes, str]:
    """A bundled lesson file with a few of the changes a forum copy or a careless edit makes, and
    what was changed."""
    source = rng.choice(LESSONS)
    text = source.read_text(encoding="utf-8")
    done = [source.name]
    for _ in range(rng.randint(1, 4)):
        lines = text.splitlines()
        if not lines:
            break
        at = rng.randrange(len(lines))
        kind = rng.randrange(9)
        done.append(f"line {at + 1}: mutation {kind}")
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2 and "=" in lines[at]:
            key = lines[at].split("=", 1)[0]
            value = rng.choice(('"text"', "-1", "0", "1e308", "-1e308", "nan", "inf", "[1, 2]", "{ a = 1 }", "true",
                                "123456789012", "[]", '""', "2.5e-5"))
            done[-1] += f" {key.strip()} = {value}"
            lines[at] = key + "= " + value
        elif kind == 3:
            lines[at] = lines[at][:rng.randrange(len(lines[at]) + 1)]
        elif kind == 4:
            lines[at] = lines[at].replace("1", rng.choice(("0", "-1", "99999", "1e9")), 1)
        elif kind == 5:
            lines.insert(at, "[[stages]]")
        elif kind == 6:
            lines[at] = lines[at].replace("=", "= [" * rng.randint(1, 40), 1)
        elif kind == 7:
            return "\ufeff" + "\n".join(lines), ", ".join(done)
        else:
            return ("\n".join(lines)).encode("utf-8")[:-rng.randint(1, 40)] + b"\xff\xfe", ", ".join(done)
        text = "\n".join(lines)
    return text, ", ".join(done)


def resident_mb() -> float:
    """The process's resident memory now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


class Monkey:
    """Random user actions on one window, each logged as a line that says what was done."""

    def __init__(self, window, qtbot, rng: random.Random, folder: Path):
        self.window = window
        self.qtbot = qtbot
        self.rng = rng
        self.folder = folder
        self.log: list[str] = []
        self.kinds: list[tuple[float, Callable[[], None]]] = [
            (6, self.trigger_action), (12, self.combo_box), (8, self.spin_box), (7, self.line_edit),
            (8, self.button), (4, self.check_box), (4, self.tab), (6, self.key), (5, self.map_click),
            (3, self.open_file), (2, self.export), (3, self.lesson_stage), (4, self.play_a_little)]
        self.files = 0
        self.seconds: dict[str, float] = {}  # time spent per kind of action

    def act(self) -> None:
        weights = [weight for weight, _ in self.kinds]
        kind = self.rng.choices([kind for _, kind in self.kinds], weights)[0]
        started = time.perf_counter()
        try:
            kind()
        finally:
            self.seconds[kind.__name__] = self.seconds.get(kind.__name__, 0.0) + time.perf_counter() - started
        QApplication.processEvents()
        _close_dialogs()
        if self.window.isFullScreen():
            self.window.showNormal()

    def note(self, text: str) -> None:
        self.log.append(text)
        if TRACE:
            print(text[:300], file=sys.__stderr__, flush=True)

    def visible(self, kind) -> list:
        """The window's widgets of `kind` a user could reach now: shown and enabled."""
        return [w for w in self.window.findChildren(kind) if w.isVisible() and w.isEnabled()
                and w.window() is self.window]

    def type_text(self, edit: QLineEdit, text: str) -> None:
        """Replace the text of `edit` by typing `text`, then press Enter."""
        edit.selectAll()
        if text.isascii():
            self.qtbot.keyClicks(edit, text)
        else:  # QTest types ASCII only; other text comes as an input method would commit it
            edit.insert(text)
        self.qtbot.keyClick(edit, Qt.Key.Key_Return)

    # --- what a user does ------------------------------------------------------------------------
    def trigger_action(self) -> None:
        names = [name for name, action in self.window.actions.items()
                 if name not in SKIPPED_ACTIONS and action.isEnabled()]
        name = self.rng.choice(names)
        self.note(f"action {name}")
        self.window.actions[name].trigger()

    def combo_box(self) -> None:
        boxes = self.visible(QComboBox)
        if not boxes:
            return
        box = self.rng.choice(boxes)
        index = self.rng.randrange(box.count()) if box.count() else -1
        # Sometimes an item that is disabled: a keyboard or a stale list can still pick it.
        self.note(f"combo {box.objectName() or type(box.parent()).__name__}: item {index} "
                  f"({box.itemText(index)!r})")
        box.setCurrentIndex(index)

    def spin_box(self) -> None:
        spins = [s for s in self.visible(QAbstractSpinBox) if isinstance(s, (QSpinBox, QDoubleSpinBox))
                 or hasattr(s, "lineEdit")]
        if not spins:
            return
        spin = self.rng.choice(spins)
        name = spin.objectName() or type(spin.parent()).__name__
        if self.rng.random() < 0.5:
            steps = self.rng.choice((1, -1, 10, -10, 1000))
            self.note(f"spin {name}: stepBy({steps})")
            spin.stepBy(steps)
            spin.editingFinished.emit()
        else:
            text = self.rng.choice(TEXTS)
            self.note(f"spin {name}: type {text!r} and Enter")
            spin.setFocus()
            self.type_text(spin.lineEdit(), text)

    def line_edit(self) -> None:
        edits = [e for e in self.visible(QLineEdit) if not isinstance(e.parent(), (QAbstractSpinBox, QComboBox))]
        if not edits:
            return
        edit = self.rng.choice(edits)
        text = self.rng.choice(TEXTS)
        self.note(f"line edit {edit.objectName() or edit.placeholderText()!r}: type {text!r} and Enter")
        edit.setFocus()
        self.type_text(edit, text)

    def button(self) -> None:
        buttons = [b for b in self.visible(QAbstractButton) if not isinstance(b, QCheckBox)]
        if not buttons:
            return
        button = self.rng.choice(buttons)
        self.note(f"button {button.objectName() or button.text()!r} ({type(button).__name__})")
        if isinstance(button, (QPushButton, QToolButton)) and button.menu() is not None:
            # A menu of choices: pick one, as a user would.
            actions = [a for a in button.menu().actions() if a.isEnabled()]
            if actions:
                action = self.rng.choice(actions)
                self.note(f"  menu item {action.text()!r}")
                action.trigger()
            return
        button.click()

    def check_box(self) -> None:
        boxes = self.visible(QCheckBox)
        if boxes:
            box = self.rng.choice(boxes)
            self.note(f"check box {box.text()!r}")
            box.click()

    def tab(self) -> None:
        tabs = self.visible(QTabWidget)
        if tabs:
            widget = self.rng.choice(tabs)
            index = self.rng.randrange(widget.count())
            self.note(f"tab {index} ({widget.tabText(index)!r}) of {type(widget).__name__}")
            widget.setCurrentIndex(index)

    def key(self) -> None:
        key = self.rng.choice(KEYS)
        modifier = self.rng.choice((Qt.KeyboardModifier.NoModifier,) * 4 + (Qt.KeyboardModifier.ControlModifier,))
        target = QApplication.focusWidget() or self.window
        if target.window() is not self.window:
            target = self.window
        self.note(f"key {Qt.Key(key).name} {modifier.name} on {type(target).__name__}")
        self.qtbot.keyClick(target, key, modifier)

    def map_click(self) -> None:
        view = self.window.landscape_stack.currentWidget()
        viewport = view.viewport()
        point = QPoint(self.rng.randrange(max(viewport.width(), 1)), self.rng.randrange(max(viewport.height(), 1)))
        self.note(f"click the {type(view).__name__} at {point.x()}, {point.y()}")
        self.qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)

    def open_file(self) -> None:
        self.files += 1
        path = self.folder / f"opened-{self.files}.toml"
        if self.rng.random() < 0.3:
            source = self.rng.choice(LESSONS)
            path.write_bytes(source.read_bytes())
            self.note(f"open a copy of {source.name}")
        else:
            content, mutations = mutated_lesson(self.rng)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            self.note(f"open a mutated lesson: {mutations}")
        self.window.exports.open_setup_file(path)

    def export(self) -> None:
        fmt = self.rng.choice((ExportFormat.PNG, ExportFormat.SVG, ExportFormat.GIF, ExportFormat.CSV,
                               ExportFormat.JSON))
        view = self.rng.choice((ExportView.LANDSCAPE, ExportView.LOSS, ExportView.WINDOW))
        request = ExportRequest(fmt, view, scale=self.rng.choice((1, 1, 1, 2)), frames=self.rng.randint(2, 3),
                                steps_per_frame=self.rng.choice((1, 5, 50)), fps=10)
        path = self.folder / f"export.{fmt}"
        self.note(f"export {request}")
        if fmt is ExportFormat.GIF and self.rng.random() < 0.5:
            # A user who clicks about while the progress dialog shows: an action on the first frames.
            chosen = self.rng.choice((self.combo_box, self.button, self.trigger_action, self.play_a_little))
            self.note("  during the recording:")
            QTimer.singleShot(0, chosen)
        self.window.exports.export_to(request, path)

    def lesson_stage(self) -> None:
        lessons = self.window.lessons.lessons
        lesson = self.rng.choice(lessons)
        stage = self.rng.randrange(len(lesson.stages))
        self.note(f"lesson {lesson.id} stage {stage + 1}")
        self.window.open_lesson(lesson.id, stage)

    def play_a_little(self) -> None:
        frames = self.rng.randint(1, 4)
        self.note(f"play for {frames} frames")
        self.window.controller.play()
        for _ in range(frames):
            self.qtbot.wait(17)
        self.window.controller.pause()


@pytest.mark.qt_no_exception_capture
def test_the_monkey_finds_no_exception(window, qtbot, qtlog, tmp_path, monkeypatch):
    """ACTIONS random actions from SEED: no exception reaches the error dialog, no Qt critical message,
    no Python warning."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # ErrorDialogs.install replaces it
    errors = ErrorDialogs(window)
    errors.install()
    reports: list[str] = []
    errors.sigReported.connect(reports.append)
    rng = random.Random(SEED)
    monkey = Monkey(window, qtbot, rng, tmp_path)
    closer = QTimer()
    closer.timeout.connect(_close_dialogs)  # dialogs that block (a question) wait on an event loop
    closer.start(20)

    def failure(what: str) -> str:
        return (f"{what}\nseed {SEED}, after {len(monkey.log)} logged steps; replay with "
                f"GDSIM_MONKEY_SEED={SEED} GDSIM_MONKEY_ACTIONS={done + 1}\n" + "\n".join(monkey.log[-60:]))

    done = 0
    resident: list[float] = []  # MB, sampled every 100 actions
    logged = 0  # Qt messages looked at
    found: dict[tuple, str] = {}  # with COLLECT: each distinct error, with where the monkey was
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for done in range(ACTIONS):
                monkey.note(f"--- {done}")
                try:
                    monkey.act()
                except Exception as error:  # raised straight out of a call the test made
                    errors.report(type(error), error, error.__traceback__)
                if done % 100 == 99:
                    # The Qt fixture turns automatic collection off for a test; a user's session collects
                    # (on the GUI thread), so a long monkey run does too, or its memory says little.
                    gc.collect()
                    resident.append(resident_mb())
                    if LONG_FUZZ:  # a hang still dumps the stacks; 10,000 actions just take longer than one test
                        faulthandler.dump_traceback_later(120, exit=False)
                records = qtlog.records
                reports.extend(f"Qt critical message: {r.message}" for r in records[logged:]
                               if r.type in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg))
                logged = len(records)
                if reports and not COLLECT:
                    pytest.fail(failure(f"an exception reached the error dialog:\n{reports[0]}"), pytrace=False)
                for report in reports:
                    key = tuple(report.strip().splitlines()[-3:])
                    found.setdefault(key, failure(report))
                reports.clear()
    finally:
        closer.stop()
        window.controller.pause()
        _close_dialogs()
    seconds = ", ".join(f"{name} {t:.1f} s" for name, t in sorted(monkey.seconds.items(), key=lambda i: -i[1]))
    print(f"\nmonkey: time per kind of action: {seconds}")
    if found:
        pytest.fail(f"{len(found)} distinct errors:\n\n" + "\n\n".join(found.values()), pytrace=False)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"monkey: seed {SEED}, {ACTIONS} actions, {monkey.files} files opened, peak resident {peak_mb:.0f} MB")
    if len(resident) > 1:
        print(f"monkey: resident every 100 actions from {resident[0]:.0f} MB to {resident[-1]:.0f} MB "
              f"(lowest {min(resident):.0f}, highest {max(resident):.0f})")
    window.controller.reset()
    window.actions["step"].trigger()
    assert window.controller.snapshot().step == 1
    assert isinstance(window, QWidget) and window.isVisible()


# --- what the monkey found, each on the path a user takes ------------------------------------------
def test_following_my_gradient_before_typing_one_says_so_under_the_box(controller, qtbot):
    from gdsim.qt.panels.ball_list import BallList

    balls = BallList(controller)
    qtbot.addWidget(balls)
    balls.show()
    controller.publish()
    follows = balls.editor.gradient
    assert not follows.model().item(1).isEnabled()  # nothing typed yet
    follows.setCurrentIndex(1)  # chosen anyway (a stale list, a keyboard)
    message = balls.editor.gradient_message
    assert message.isVisible() and "Check my gradient" in message.text() and "\n" not in message.text()
    assert follows.currentIndex() == 0
    assert str(controller.setup.balls[0].gradient) == "exact"
    controller.set_user_gradient(("2*x", "2*y"))
    assert follows.model().item(1).isEnabled() and not message.isVisible()
    follows.setCurrentIndex(1)
    assert str(controller.setup.balls[0].gradient) == "user"


def test_every_ball_s_arrows_follow_a_lesson_to_a_stage_with_fewer_balls(window, qtbot):
    window.actions["explain_step"].trigger()  # the Explain step tab, arrows for the selected ball
    every = next(b for b in window.explain_panel.arrow_choice.buttons() if b.property("shown") == "every")
    every.click()
    window.open_lesson("fitting", 2)  # two balls, one following the notebook's gradient
    window.actions["step"].trigger()
    assert len(window.contour_view.step_arrows.explanations) == 2
    window.actions["previous_stage"].trigger()  # one ball, on another range of the map
    qtbot.waitUntil(lambda: window.lessons.index == 1)
    arrows = window.contour_view.step_arrows
    assert [e.ball for e in arrows.explanations] == [0]
    assert len(arrows.ghosts.data) == 1


def test_a_click_during_a_recording_changes_neither_the_recording_nor_the_run(window, qtbot, tmp_path):
    controller = window.controller
    controller.advance(7)
    request = ExportRequest(ExportFormat.GIF, ExportView.LANDSCAPE, frames=4, steps_per_frame=5, fps=10)
    assert window.exports.export_to(request, tmp_path / "calm.gif")
    balls = len(controller.setup.balls)
    seen, notices = [], []
    controller.sigStepped.connect(lambda snapshot: seen.append(len(snapshot.positions)))
    controller.sigNotice.connect(notices.append)
    add_adam = window.control_panel.balls.add_actions["adam"]
    # Clicked while the progress dialog shows: Add ball ▸ Adam, then Step.
    QTimer.singleShot(0, lambda: (add_adam.trigger(), window.actions["step"].trigger()))
    assert window.exports.export_to(request, tmp_path / "busy.gif")
    assert notices and "Recording" in notices[0]
    assert (tmp_path / "busy.gif").read_bytes() == (tmp_path / "calm.gif").read_bytes()
    assert len(controller.setup.balls) == balls and controller.step_count == 7  # the run on screen, as it was
    assert set(seen) == {len(controller.setup.placed_from)}  # the views saw this run's balls only
    assert window.loss_plot._curves and controller.snapshot().step == 7
