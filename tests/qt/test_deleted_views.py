"""A controller outlives the views it drew in: the benchmark deletes a window and its controller steps on, and a
lesson window that is closed leaves its controller to the garbage collector. The views' layers must not be
reached through the controller's signals once their items are gone (`gdsim bench --quick` printed
tracebacks from the event markers' refresh on a deleted loss plot)."""

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from gdsim.qt.views.contour_view import ContourView
from gdsim.qt.views.loss_plot import LossPlot


def deleted(widget) -> None:
    """Closed and deleted as the benchmark deletes a window: deleteLater, then the deferred delete done now."""
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def test_the_controller_steps_and_selects_after_its_views_are_deleted(qtbot, controller, view_state):
    host = QWidget()  # not qtbot's to close: it is deleted here
    layout = QHBoxLayout(host)
    views = (ContourView(controller, view_state), LossPlot(controller, view_state))  # held, as a window holds them
    for view in views:
        layout.addWidget(view)
    controller.publish()
    host.resize(1000, 600)
    host.show()
    qtbot.waitExposed(host)
    controller.advance(40)  # markers drawn: their items exist and are then deleted with the views
    assert all(view.event_markers.spots.data.size for view in views)
    deleted(host)
    # Exceptions raised in the slots fail the test (pytest-qt captures them).
    controller.advance(5)
    controller.select_ball(1)
    controller.publish()
    assert controller.step_count == 45
