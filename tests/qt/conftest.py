import gc

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from gdsim.app import prepare_qt
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import PresetName
from gdsim.model.setup import Setup
from gdsim.qt import language, style
from gdsim.qt.controller import Controller
from gdsim.qt.main_window import MainWindow
from gdsim.qt.panels.control_panel import ControlPanel
from gdsim.qt.view_state import ViewState
from gdsim.qt.views.surface_view import FORCE_NO_OPENGL, opengl_problem

prepare_qt()  # before pytest-qt makes the QApplication


# Settings under which each optimizer's state moves visibly in five steps on momentum-demo.
OPTIMIZER_SETTINGS = {
    OptimizerKind.SGD: {"lr": 0.01},
    OptimizerKind.MOMENTUM: {"lr": 0.005, "momentum": 0.9, "form": 0.0},
    OptimizerKind.NAG: {"lr": 0.005, "momentum": 0.9, "form": 0.0},
    OptimizerKind.ADAGRAD: {"lr": 0.3, "eps": 1e-10},
    OptimizerKind.RMSPROP: {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
    OptimizerKind.ADAM: {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    OptimizerKind.ADAMW: {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1},
    OptimizerKind.AMSGRAD: {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    OptimizerKind.ADAMAX: {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    OptimizerKind.NADAM: {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum_decay": 0.004},
    OptimizerKind.RADAM: {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    OptimizerKind.ADADELTA: {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    OptimizerKind.RPROP: {"lr": 0.05, "eta_minus": 0.5, "eta_plus": 1.2, "step_min": 1e-6, "step_max": 50.0},
    OptimizerKind.LBFGS: {"lr": 0.5, "history_size": 10.0, "line_search": 0.0},
    OptimizerKind.NEWTON: {"lr": 0.5, "damping": 0.0},
    OptimizerKind.LION: {"lr": 0.05, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0},
}


@pytest.fixture(autouse=True)
def garbage_collected_on_the_gui_thread():
    """Python's cyclic garbage collector runs in whichever thread happens to allocate, and a job's thread
    (a basin map, a sweep) allocates a lot: it freed pyqtgraph items left in reference cycles by earlier
    redraws (ScatterPlotItems removed from a plot, with their pixmap atlases), so their C++ destructors ran
    off the GUI thread while it painted, and the process died in GraphicsView.paintEvent. Automatic
    collection is off while a test runs, and the generation the automatic collector would choose is
    collected here, on the GUI thread (pyqtgraph's util.garbage_collector does the same on a timer).
    Set up before the other fixtures, so torn down after them (a basin job is stopped by then)."""
    gc.disable()
    yield
    counts, thresholds = gc.get_count(), gc.get_threshold()
    gc.collect(next((generation for generation in (2, 1) if counts[generation] > thresholds[generation]), 0))
    gc.enable()


@pytest.fixture(autouse=True)
def in_english(qapp):
    """Every test starts in English, whatever the machine's locale or the test before it chose
    (the language is the application's, not a window's)."""
    language.set_language("en")
    yield
    language.set_language("en")


@pytest.fixture
def korean(qapp):
    """Korean for the test, then the language it found."""
    before = language.chosen_language()
    language.set_language("ko")
    yield
    language.set_language(before)


@pytest.fixture(params=["en", "ko"])
def in_language(request, qapp):
    """The test runs once in English and once in Korean; the language chosen before comes back after."""
    before = language.chosen_language()
    language.set_language(request.param)
    yield request.param
    language.set_language(before)


@pytest.fixture(autouse=True)
def default_look(qapp):
    """Every test ends with the normal look and font, whatever presenter mode or contrast it chose
    (the theme and the font are the application's, not a window's)."""
    font = QApplication.font()
    yield
    style.set_theme(style.Theme())
    QApplication.setFont(font)


def shown_window(qtbot) -> MainWindow:
    """The main window at projector size, on the default lesson, with its 3-D view set up and the bundled lessons
    read (as they are by the time a user reaches for the Lessons menu)."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.surface_view.ensure_built()
    win.lessons.read()  # as just after the first paint: the Lessons menu lists them
    return win


@pytest.fixture
def window(qtbot):
    win = shown_window(qtbot)
    yield win
    win.controller.pause()


@pytest.fixture
def window_without_opengl(qtbot, monkeypatch):
    monkeypatch.setenv(FORCE_NO_OPENGL, "1")
    return shown_window(qtbot)


@pytest.fixture
def controller(qtbot):
    """The controller of a view test, on the window's first setup (momentum-demo: SGD, Momentum, Nesterov)."""
    controller = Controller(Setup.from_preset(PresetName.MOMENTUM_DEMO))
    yield controller
    controller.pause()


@pytest.fixture
def controller_for(qtbot):
    """Makes a controller on a preset's setup: `controller_for("himmelblau")`."""
    made = []

    def make(name: str) -> Controller:
        made.append(Controller(Setup.from_preset(PresetName(name))))
        return made[-1]

    yield make
    for controller in made:
        controller.pause()


@pytest.fixture
def view_state(qapp):
    """The drawing choices the views of one test share (arrows, gradient field, secant, basins)."""
    return ViewState()


@pytest.fixture
def show_views(qtbot):
    """Shows views the way the window would: `show_views(controller, view, other_view, size=(w, h))` lays
    them side by side in a plain widget of that size (a view in the window is about 560 × 700), tells them
    the controller's whole state as the window does once it has made its views, shows them, and keeps
    them alive until the test ends (qtbot only holds a weak reference)."""
    hosts = []

    def show(controller, *views: QWidget, size=(640, 720)) -> QWidget:
        host = QWidget()
        layout = QHBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        for view in views:
            layout.addWidget(view)
        qtbot.addWidget(host)
        hosts.append(host)
        controller.publish()
        host.resize(*size)
        host.show()
        qtbot.waitExposed(host)
        return host

    yield show
    hosts.clear()


@pytest.fixture
def opengl(qapp):
    """Skip unless a real OpenGL context can be made here (Xvfb with Mesa gives one; offscreen does not)."""
    problem = opengl_problem()
    if problem:
        pytest.skip(problem)


def type_into(qtbot, box, text: str) -> None:
    """What a user does in a line edit: clear it, type `text` key by key, press Enter."""
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def activate(window, qtbot) -> None:
    """Make `window` the active window, as a user's click would: shortcuts only reach the active one."""
    window.raise_()
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def wheel(view, steps: int) -> None:
    """Turns the mouse wheel over the middle of a map, `steps` notches (positive: away from the user)."""
    viewport = view.viewport()
    middle = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(middle, QPointF(viewport.mapToGlobal(middle.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


def view_to_widget(contour_view, point) -> QPoint:
    """Widget pixel of a point in landscape coordinates on the contour view."""
    scene = contour_view.getPlotItem().vb.mapViewToScene(QPointF(*point))
    return contour_view.mapFromScene(scene)


def color_distance(a, b) -> float:
    return float(np.abs(np.array(a[:3], dtype=float) - np.array(b[:3], dtype=float)).max())


@pytest.fixture
def control_panel(controller, view_state, show_views):
    """The control panel alone, shown at the window's panel width, on the window's first setup."""
    panel = ControlPanel(controller, view_state)
    show_views(controller, panel, size=(340, 760))
    return panel


@pytest.fixture
def surface_view(controller, view_state, opengl, show_views):
    """The 3-D surface alone, shown at about its size in the window, set up."""
    from gdsim.qt.views.surface_view import SurfaceView

    view = SurfaceView(controller, view_state)
    show_views(controller, view, size=(420, 420))
    view.ensure_built()
    return view
