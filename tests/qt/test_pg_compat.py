"""One test per pyqtgraph workaround in gdsim.qt.support.pg_compat: a pyqtgraph upgrade that changes the
internals they rely on fails here, by name, before it fails somewhere in a view."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QPen, QResizeEvent

from gdsim.qt.support import pg_compat


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_target_item_takes_a_new_size(plot):
    target = pg.TargetItem(pos=(0, 0), size=10)
    plot.addItem(target)
    before = target.boundingRect().width()
    pg_compat.resize_target(target, 30)
    assert target.boundingRect().width() == pytest.approx(3 * before, rel=0.05)


def closing_plot(qtbot) -> pg.PlotWidget:
    """A plot the test closes itself (pytest-qt's own close at teardown would close it twice)."""
    widget = pg.PlotWidget()
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_legend_replaced_for_another_column_count_closes_cleanly(qtbot):
    plot = closing_plot(qtbot)
    legend = None
    for columns in (2, 1, 2):
        legend = pg_compat.new_legend(plot.getPlotItem(), legend, columns, "10pt")
        legend.addItem(pg.PlotDataItem([0, 1], [0, 1]), "a")
        legend.addItem(pg.PlotDataItem([0, 1], [1, 0]), "b")
        assert legend.columnCount == columns
    legends = [item for item in plot.scene().items() if isinstance(item, pg.LegendItem)]
    assert legends == [legend]
    plot.close()  # used to crash in the scene's clear() after setColumnCount


def test_resize_events_while_building_or_closing_are_not_acted_on(qtbot):
    plot = closing_plot(qtbot)
    event = QResizeEvent(QSize(300, 200), QSize(400, 300))
    assert pg_compat.plot_item_alive(plot, event)
    assert not pg_compat.plot_item_alive(plot, None)
    plot.close()
    assert not pg_compat.plot_item_alive(plot, event)


def test_an_all_nan_curve_is_drawn_as_nothing_without_a_warning(plot):
    xs, ys = np.arange(4.0), np.full(4, np.nan)
    curve = plot.plot()
    curve.setData(*pg_compat.curve_data(xs, ys))  # warnings are errors in this suite
    assert len(curve.getData()[0] or []) == 0
    finite = np.array([1.0, np.nan, 2.0, 3.0])
    assert pg_compat.curve_data(xs, finite)[1] is finite


def test_texts_on_screen_take_a_new_font_family(plot):
    plot.setLabel("bottom", "step")
    pg_compat.refont_texts("Noto Sans CJK KR")
    texts = [item for item in plot.scene().items() if isinstance(item, pg.QtWidgets.QGraphicsTextItem)]
    assert texts and all(item.font().family() == "Noto Sans CJK KR" for item in texts)


def test_cosmetic_pens_widen_wherever_pyqtgraph_keeps_them_and_come_back(plot):
    curve = plot.plot([0, 1, 2], [0, 1, 0], pen=pg.mkPen("k", width=2))
    scatter = pg.ScatterPlotItem(pos=[(0, 0), (1, 1)], pen=[pg.mkPen("k", width=1.5), pg.mkPen("r", width=1.5)])
    plot.addItem(scatter)
    axis = plot.getPlotItem().getAxis("bottom")
    undo = []
    for item in (curve.curve, scatter, axis):
        pg_compat.widen_pens(item, 3.0, undo)
    assert curve.curve.opts["pen"].widthF() == pytest.approx(6.0)
    assert all(pen.widthF() == pytest.approx(4.5) for pen in scatter.data["pen"])
    assert axis.picture is None
    for step in reversed(undo):
        step()
    assert curve.curve.opts["pen"].widthF() == pytest.approx(2.0)
    assert all(pen.widthF() == pytest.approx(1.5) for pen in scatter.data["pen"])
    assert pg_compat.widened(QPen(), 2.0).widthF() == pytest.approx(2.0)  # width 0 draws one pixel


def test_a_range_with_an_infinite_end_or_no_width_is_made_one_pyqtgraph_can_show(plot):
    with pytest.raises(Exception, match="Cannot set range"):  # what pyqtgraph does by itself
        plot.setRange(yRange=(-1e307, np.inf))
    pg_compat.set_view_range(plot, x=(np.nan, 3.0), y=(-1e307, np.inf), padding=0)
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    assert all(np.isfinite([x0, x1, y0, y1])) and x0 < 3.0 < x1 and y0 < -1e299 and y1 > 1e299
    assert pg_compat.finite_range(np.nan, np.nan) == (-1.0, 1.0)
    assert pg_compat.finite_range(2.0, 1.0) == (1.0, 2.0)
    low, high = pg_compat.finite_range(1e20, 1e20)
    assert low < 1e20 < high and high - low >= 1e8


def test_a_vertical_axis_label_is_nudged_outward_and_then_kept_inside(plot, qtbot):
    axis = plot.getPlotItem().getAxis("left")
    plot.setLabel("left", "loss")
    qtbot.waitUntil(lambda: axis.width() == axis.minimumWidth() > 0)
    assert axis.label.pos().x() == -pg_compat.AXIS_LABEL_NUDGE  # what pyqtgraph does
    width = axis.width()
    pg_compat.keep_axis_label_inside(axis)
    added = 2 * pg_compat.AXIS_LABEL_NUDGE
    qtbot.waitUntil(lambda: axis.width() == pytest.approx(width + 0.8 * added))
    assert axis.label.pos().x() + axis.label.document().documentMargin() == pytest.approx(4)  # the text, inside
    plot.setLabel("left", "손실")  # a new text keeps the margin
    assert axis.label.document().documentMargin() == pytest.approx(4 + pg_compat.AXIS_LABEL_NUDGE)


def test_settle_layout_gives_an_axis_the_width_of_its_new_labels_before_a_paint(plot, qtbot):
    plot.setYRange(0, 1, padding=0)
    qtbot.wait(10)  # painted: the left axis fits "0.8"
    narrow = plot.getPlotItem().getAxis("left").width()
    plot.setYRange(-123456, 123456, padding=0)
    pg_compat.settle_layout(plot.getPlotItem())
    axis = plot.getPlotItem().getAxis("left")
    settled = axis.width()
    assert settled > narrow
    pg_compat.settle_layout(plot.getPlotItem())  # at its new width: the picture made here is the one painted
    assert axis.picture is not None
    plot.repaint()
    assert axis.width() == settled


def test_widen_pens_widens_a_legend_symbol_sample_and_puts_it_back(qapp):
    from gdsim.qt.views.legend_layout import LegendSample

    sample = LegendSample("o", 12, "#E69F00", 1.2)()
    width, undo = sample.pen.widthF(), []
    pg_compat.widen_pens(sample, 3.0, undo)
    assert sample.pen.widthF() == pytest.approx(3 * width)
    for step in undo:
        step()
    assert sample.pen.widthF() == width
