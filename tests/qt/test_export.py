"""Exports: sharp pictures of each view, the clipboard, animations recorded from the engine, trajectories
as `gdsim run` writes them, and setups saved and opened as lesson files.

What is drawn or written is tested on the views with a controller and File ▸ Export's actions (told which
widget shows which view); the whole window for its dialog, its keys, its menu, and a picture of it all."""

import csv
import io
import os
import sys
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage
from PySide6.QtWidgets import QDialogButtonBox, QProgressDialog, QPushButton

from gdsim.cli import main
from gdsim.formats import ExportCancelled, ExportFormat
from gdsim.qt import style, window_menus
from gdsim.qt.export.actions import ExportActions
from gdsim.qt.export.dialog import ExportDialog, ExportRequest
from gdsim.qt.export.rendering import ExportView, image_array, record_run, render_image
from gdsim.qt.panels.lessons import LessonBar, LessonPlayer
from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.loss_plot import LossPlot
from gdsim.qt.views.surface_view import SurfaceView
from tests.qt.conftest import activate, view_to_widget
from tests.strict_json import strict_json
from tests.test_export_cli import color_mask, cores

SVG = "{http://www.w3.org/2000/svg}"


def run_stdout(capsys, *args) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def exports_of(controller, parent, views: dict, lessons=None) -> ExportActions:
    """File ▸ Export's actions drawing `views` (ExportView → the widget that shows it)."""
    return ExportActions(controller, lessons or LessonPlayer(controller), views.__getitem__, parent)


@pytest.fixture
def views(controller, view_state, show_views):
    """The contour map and the loss plot shown side by side, each at about its size in the window (a picture
    of the wrong one has the wrong size), with the export actions that draw them and the status messages
    they give."""
    contour_view, loss_plot = ContourView(controller, view_state), LossPlot(controller)
    loss_plot.setFixedSize(420, 300)
    host = show_views(controller, contour_view, loss_plot, size=(1000, 720))
    assert contour_view.size() != loss_plot.size()
    exports = exports_of(controller, host, {ExportView.LANDSCAPE: contour_view, ExportView.LOSS: loss_plot})
    statuses = []
    exports.sigStatus.connect(statuses.append)
    return SimpleNamespace(contour_view=contour_view, loss_plot=loss_plot, exports=exports, statuses=statuses)



def apart(controller, contour_view, steps: int) -> None:
    """The three balls of the default setup `steps` steps on, far enough apart to be told apart (Nesterov
    with a smaller η: with the same, it keeps close to Momentum)."""
    controller.set_ball_param(2, "lr", 0.002)
    controller.advance(steps)
    pixels = [view_to_widget(contour_view, p) for p in controller.snapshot().positions]
    assert min(abs(a.x() - b.x()) + abs(a.y() - b.y()) for i, a in enumerate(pixels) for b in pixels[i + 1:]) > 25


@pytest.mark.parametrize("scale", [1, 2, 4])
def test_png_has_the_scaled_size_and_shows_every_ball_where_the_engine_has_it(views, controller, tmp_path, scale):
    apart(controller, views.contour_view, 40)
    path = tmp_path / f"map-{scale}.png"
    assert views.exports.export_to(ExportRequest(ExportFormat.PNG, ExportView.LANDSCAPE, scale), path)
    image = QImage(str(path))
    view = views.contour_view
    assert (image.width(), image.height()) == (view.width() * scale, view.height() * scale)
    pixels = image_array(image)
    # Offscreen the viewport is the widget; the ball's pixel is where the model says, times the scale.
    offset = view.viewport().pos()
    for index, position in enumerate(controller.snapshot().positions):
        where = view_to_widget(view, position) + offset
        x, y = where.x() * scale, where.y() * scale
        near = pixels[max(y - 9 * scale, 0):y + 9 * scale, max(x - 9 * scale, 0):x + 9 * scale]
        color = style.BALL_COLORS[controller.setup.balls[index].color]
        assert cores(color_mask(near, color, 30), radius=scale).sum() >= 4 * scale * scale, index
    assert os.listdir(tmp_path) == [path.name]


def test_lines_are_drawn_afresh_not_enlarged(views):
    """At 4× a contour line is as sharp as at 1×: few pixels of in-between shades, none blurred."""
    one, four = (image_array(render_image(views.contour_view, s)).astype(int) for s in (1, 4))
    assert four.shape[0] == 4 * one.shape[0]
    enlarged = np.repeat(np.repeat(one, 4, axis=0), 4, axis=1)
    assert np.abs(four - enlarged).mean() > 1  # not merely the 1× picture made bigger


def svg_is_xml_with_paths_and_text(exports, tmp_path, view: ExportView) -> None:
    path = tmp_path / f"{view}.svg"
    assert exports.export_to(ExportRequest(ExportFormat.SVG, view), path)
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{SVG}svg" and path.read_text().lstrip().startswith("<?xml")
    assert len(list(root.iter(f"{SVG}path"))) >= 3  # curves, trails, balls, contour lines
    assert any(t.text and "SGD" in t.text for t in root.iter(f"{SVG}text")) or view is ExportView.LOSS


def test_svg_is_xml_with_paths_and_text(views, controller, tmp_path):
    apart(controller, views.contour_view, 40)
    for view in (ExportView.LANDSCAPE, ExportView.LOSS):
        svg_is_xml_with_paths_and_text(views.exports, tmp_path, view)


def test_svg_of_the_whole_window_is_xml_with_paths_and_text(window, tmp_path):
    apart(window.controller, window.contour_view, 40)
    svg_is_xml_with_paths_and_text(window.exports, tmp_path, ExportView.WINDOW)


def test_the_3d_surface_is_not_offered_as_svg(controller, view_state, show_views, tmp_path):
    surface = SurfaceView(controller, view_state)
    host = show_views(controller, surface, size=(420, 420))
    exports = exports_of(controller, host, {ExportView.SURFACE: surface})
    path = tmp_path / "surface.svg"
    assert not exports.export_to(ExportRequest(ExportFormat.SVG, ExportView.SURFACE), path)
    assert "PNG" in exports.message.text() or "3-D" in exports.message.text()
    assert not path.exists()
    exports.message.close()


def test_copy_to_clipboard(views):
    QGuiApplication.clipboard().clear()
    assert views.exports.export_to(ExportRequest(ExportFormat.PNG, ExportView.LOSS, 2, clipboard=True))
    image = QGuiApplication.clipboard().image()
    assert not image.isNull()
    assert (image.width(), image.height()) == (views.loss_plot.width() * 2, views.loss_plot.height() * 2)


def test_a_recording_does_not_depend_on_the_playback_speed_and_leaves_the_run_as_it_was(views, controller):
    controller.advance(13)
    before = controller.snapshot()
    recordings = []
    for speed in (1, 5000):
        controller.set_steps_per_second(speed)
        controller.play()  # recording pauses it: the timer must not add steps
        recordings.append(record_run(controller, views.contour_view, 5, 9))
        assert not controller.playing
        after = controller.snapshot()
        assert after.step == 13
        np.testing.assert_array_equal(after.positions, before.positions)
        np.testing.assert_array_equal(after.history_positions, before.history_positions)
    assert len(recordings[0]) == 5
    for a, b in zip(*recordings, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(recordings[0][0], recordings[0][-1])
    with pytest.raises(ExportCancelled):
        record_run(controller, views.contour_view, 5, 9, progress=lambda done, total: done < 2)
    assert controller.step_count == 13


def test_gif_of_a_view_and_a_cancelled_one_writes_nothing(views, tmp_path, monkeypatch):
    import imageio.v3 as iio

    path = tmp_path / "run.gif"
    request = ExportRequest(ExportFormat.GIF, ExportView.LOSS, frames=4, steps_per_frame=15, fps=10)
    assert views.exports.export_to(request, path)
    frames = iio.imread(path, index=None)
    assert frames.shape[0] == 4 and frames.shape[1:3] == (views.loss_plot.height(), views.loss_plot.width())
    assert not np.array_equal(frames[0], frames[-1])
    set_value = QProgressDialog.setValue

    def cancel_pressed(dialog, value):  # the user presses Cancel as the first frame is recorded
        set_value(dialog, value)
        dialog.findChild(QPushButton).click()

    monkeypatch.setattr("gdsim.qt.export.actions.QProgressDialog.setValue", cancel_pressed)
    cancelled = tmp_path / "cancelled.gif"
    assert not views.exports.export_to(request, cancelled)
    assert os.listdir(tmp_path) == ["run.gif"]
    assert "cancelled" in views.statuses[-1]


def test_mp4_without_imageio_ffmpeg_says_how_to_add_it(views, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)
    dialog = ExportDialog(100, 0, views.contour_view)
    index = dialog.index_of(ExportFormat.MP4)
    assert 'pip install "gdsim[video]"' in dialog.what.itemText(index)
    assert not dialog.what.model().item(index).isEnabled()
    assert not views.exports.export_to(ExportRequest(ExportFormat.MP4, frames=3), tmp_path / "a.mp4")
    assert 'pip install "gdsim[video]"' in views.exports.message.text()
    assert os.listdir(tmp_path) == []
    views.exports.message.close()


def test_export_dialog_turns_its_choices_into_a_request(window):
    window.controller.advance(30)
    window.actions["export"].trigger()
    dialog = window.exports.dialog
    assert dialog.isVisible()
    dialog.choose(ExportFormat.GIF)
    dialog.view.setCurrentIndex(dialog.view.findData(ExportView.WINDOW))
    dialog.frames.setValue(11)
    assert dialog.steps_per_frame.value() == 1  # 30 steps over 100 frames
    dialog.steps_per_frame.setValue(3)
    assert dialog.request() == ExportRequest(ExportFormat.GIF, ExportView.WINDOW, 1, False, 11, 3, 20)
    assert "step 30" in dialog.summary.text() and dialog.fps.isEnabled()
    dialog.choose(ExportFormat.CSV)
    assert not dialog.view.isEnabled() and not dialog.frames.isEnabled()
    dialog.reject()


def test_trajectories_json_and_csv_are_what_gdsim_run_prints(views, controller, tmp_path, capsys):
    controller.advance(40)
    json_path, csv_path = tmp_path / "t.json", tmp_path / "t.csv"
    assert views.exports.export_to(ExportRequest(ExportFormat.JSON), json_path)
    assert views.exports.export_to(ExportRequest(ExportFormat.CSV), csv_path)
    assert strict_json(json_path.read_text()) == strict_json(run_stdout(capsys, "run", "--steps", "40"))
    expected = run_stdout(capsys, "run", "--steps", "40", "--format", "csv")
    assert csv_path.read_text() == expected
    rows = list(csv.DictReader(io.StringIO(expected)))
    assert len(rows) == 3 * 41 and {r["optimizer"] for r in rows} == {"sgd", "momentum", "nag"}


def test_a_setup_saved_as_a_lesson_opens_to_the_same_run(controller, show_views, tmp_path):
    lessons = LessonPlayer(controller)
    lesson_bar = LessonBar(lessons, {"previous_stage": QAction("Previous stage"), "next_stage": QAction("Next stage")})
    host = show_views(controller, lesson_bar, size=(640, 40))
    exports = exports_of(controller, host, {}, lessons)
    controller.set_start((1.25, 4.5))
    controller.set_ball_param(1, "momentum", 0.8)
    controller.set_ball_schedule(0, "cosine")
    controller.set_ball_enabled(2, False)
    controller.advance(42)
    expected = controller.snapshot()
    balls = [(b.optimizer, b.params, b.gradient, b.schedule) for b in controller.setup.balls if b.enabled]
    path = tmp_path / "mine.toml"
    assert exports.save_setup_file(path)
    assert os.listdir(tmp_path) == ["mine.toml"]
    controller.set_preset("himmelblau")
    assert exports.open_setup_file(path)
    assert lessons.lesson.path == path and lesson_bar.isVisible()
    assert controller.stage_steps == 42 and controller.setup.starts == ((1.25, 4.5),)
    assert [(b.optimizer, b.params, b.gradient, b.schedule) for b in controller.setup.balls] == balls
    controller.advance(42)
    np.testing.assert_array_equal(controller.snapshot().positions, expected.positions)


@pytest.mark.parametrize("text, named", [
    ('id = "x"\n[[stages]]\nlandscape = "nowhere"\n[[stages.balls]]\noptimizer = "sgd"\n', "landscape"),
    ("this is not TOML", "TOML"),
    ('id = "x"\n[[stages]]\nlandscape = "momentum-demo"\ngradient = ["x +* y", "y"]\n'
     '[[stages.balls]]\noptimizer = "sgd"\ngradient = "user"\n', "stage 1"),
])
def test_a_broken_lesson_file_gives_a_message_and_changes_nothing(controller, show_views, tmp_path, text, named):
    lessons = LessonPlayer(controller)
    exports = exports_of(controller, show_views(controller, size=(200, 100)), {}, lessons)
    controller.advance(5)
    setup, lesson = controller.setup, lessons.lesson
    path = tmp_path / "broken.toml"
    path.write_text(text)
    assert not exports.open_setup_file(path)
    message = exports.message.text()
    assert "broken.toml" in message and named in message and "unchanged" in message
    assert controller.setup is setup and controller.step_count == 5
    assert lessons.lesson is lesson
    exports.message.close()


def test_the_file_actions_are_registered_with_their_shortcuts_and_in_the_file_menu(window):
    table = dict(window_menus.shortcut_table(window.actions))
    for name, keys in (("export", "Ctrl+E"), ("open_setup", "Ctrl+O"), ("save_setup", "Ctrl+S")):
        assert window.actions[name].shortcut().toString() == keys
        assert keys in table
    file_menu = window.menuBar().actions()[0].menu()
    assert {window.actions[n] for n in ("export", "open_setup", "save_setup", "quit")} <= set(file_menu.actions())


@pytest.mark.gl
def test_the_3d_surface_as_png(surface_view, controller, tmp_path):
    controller.advance(30)
    path = tmp_path / "surface.png"
    exports = exports_of(controller, surface_view, {ExportView.SURFACE: surface_view.frame})
    assert exports.export_to(ExportRequest(ExportFormat.PNG, ExportView.SURFACE, 2), path)
    image = QImage(str(path))
    view = surface_view.view
    assert (image.width(), image.height()) == (view.width() * 2, view.height() * 2)
    pixels = image_array(image)
    assert pixels.std() > 10  # a picture, not a blank
    assert color_mask(pixels, style.BALL_COLORS[0], 40).sum() > 20  # SGD's ball rides on it


VIEW_TEXT = {ExportView.LANDSCAPE: "Landscape: the contour map, or the curve", ExportView.SURFACE: "3-D surface",
             ExportView.LOSS: "Loss plot"}
FORMAT_TEXT = {ExportFormat.PNG: "PNG image", ExportFormat.SVG: "SVG image (lines and text stay sharp at any size)",
               ExportFormat.GIF: "GIF animation"}


def export_through_the_dialog(window, qtbot, monkeypatch, path, fmt: ExportFormat, view: ExportView) -> None:
    """What a user does: Ctrl+E, pick the format and the view in the dialog's lists, press OK, name the file."""
    monkeypatch.setattr("gdsim.qt.export.actions.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(path), ""))
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.exports.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.what.setCurrentIndex(dialog.what.findText(FORMAT_TEXT[fmt]))
    dialog.view.setCurrentIndex(dialog.view.findText(VIEW_TEXT[view]))
    if fmt is ExportFormat.GIF:
        dialog.frames.setValue(3)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(path.exists, timeout=30_000)


def shown_size(window, view: ExportView) -> tuple[int, int]:
    widget = {ExportView.LANDSCAPE: window.landscape_stack.currentWidget(), ExportView.LOSS: window.loss_plot,
              ExportView.SURFACE: window.surface_view.view}[view]
    return widget.width(), widget.height()


@pytest.mark.parametrize("fmt, view", [(ExportFormat.PNG, ExportView.LOSS), (ExportFormat.PNG, ExportView.LANDSCAPE),
                                       (ExportFormat.SVG, ExportView.LOSS), (ExportFormat.SVG, ExportView.LANDSCAPE),
                                       (ExportFormat.GIF, ExportView.LOSS), (ExportFormat.GIF, ExportView.LANDSCAPE)])
def test_the_export_dialog_writes_the_view_chosen_in_it_not_the_window(window, qtbot, monkeypatch, tmp_path, fmt,
                                                                          view):
    import imageio.v3 as iio

    window.controller.advance(20)
    path = tmp_path / f"chosen.{fmt}"
    export_through_the_dialog(window, qtbot, monkeypatch, path, fmt, view)
    width, height = shown_size(window, view)
    assert (width, height) != (window.width(), window.height())
    assert window.statusBar().currentMessage() == f"Saved {path}"
    if fmt is ExportFormat.PNG:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (width, height)
    elif fmt is ExportFormat.SVG:
        assert ElementTree.parse(path).getroot().get("viewBox").split() == ["0", "0", str(width), str(height)]
    else:
        frames = iio.imread(path, index=None)
        assert frames.shape[:3] == (3, height, width)


@pytest.mark.gl
def test_the_export_dialog_writes_the_3d_surface_when_chosen(window, opengl, qtbot, monkeypatch, tmp_path):
    path = tmp_path / "surface.png"
    export_through_the_dialog(window, qtbot, monkeypatch, path, ExportFormat.PNG, ExportView.SURFACE)
    image = QImage(str(path))
    assert (image.width(), image.height()) == shown_size(window, ExportView.SURFACE) != (1280, 800)


def test_a_blank_3d_picture_is_not_saved_and_the_user_is_told(window, opengl, qtbot, monkeypatch, tmp_path):
    """Where OpenGL draws nothing (an X server without GLX, before it was detected), the surface export wrote
    a one-colour PNG and said "Saved"."""
    window.surface_view.ensure_built()
    blank = QImage(300, 200, QImage.Format.Format_ARGB32)
    blank.fill(Qt.GlobalColor.white)
    monkeypatch.setattr(window.surface_view.view, "grabFramebuffer", lambda: blank)
    path = tmp_path / "surface.png"
    monkeypatch.setattr("gdsim.qt.export.actions.QFileDialog.getSaveFileName", lambda *args, **kwargs: (str(path), ""))
    activate(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.exports.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.what.setCurrentIndex(dialog.what.findText(FORMAT_TEXT[ExportFormat.PNG]))
    dialog.view.setCurrentIndex(dialog.view.findText(VIEW_TEXT[ExportView.SURFACE]))
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.exports.message is not None)
    assert not path.exists()
    assert "drew nothing" in window.exports.message.text()
    window.exports.message.close()


def test_dialogs_closed_by_the_user_do_not_pile_up(window, qtbot):
    """Every File ▸ Export…, every problem and every Help ▸ Keyboard Shortcuts made a dialog that stayed
    in memory after it was closed: 21 message boxes and their 190 widgets after 1,000 monkey actions."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QMessageBox

    for _ in range(10):
        window.actions["export"].trigger()
        window.exports.dialog.reject()
        window.actions["shortcuts"].trigger()
        window.shortcuts_box.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(ExportDialog) == [] and window.findChildren(QMessageBox) == []
