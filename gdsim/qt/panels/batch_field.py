"""The selected ball's minibatch size, on a data fit: "all points", or B from 1 to the number of points."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSpinBox

from gdsim.qt.language import Retranslatable


class BatchSizeBox(Retranslatable, QSpinBox):
    """0 reads "all points" (full batch); 1 … n a minibatch of that many points. `sigBatchChosen` gives the
    size chosen, None for every point; a value set from the model (`show_batch`) emits nothing."""

    sigBatchChosen = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("batchSize")
        self.setRange(0, 1)
        self.setKeyboardTracking(False)  # typing "25" asks for 25, not for 2 and then 25
        self.valueChanged.connect(lambda value: self.sigBatchChosen.emit(value or None))
        self.retranslate()

    def retranslate(self) -> None:
        self.setSpecialValueText(self.tr("all points"))
        self.setToolTip(self.tr("Minibatch SGD: each step averages the gradient over this many data points, "
                                "drawn at random, none twice in an epoch"))

    def show_batch(self, batch: int | None, points: int) -> None:
        self.blockSignals(True)
        try:
            self.setRange(0, points)
            self.setValue(batch or 0)
        finally:
            self.blockSignals(False)
