"""The loss plot's top axis while a ball takes minibatches: its epochs, a tick every ceil(n / B) steps."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontMetrics


class EpochAxis(pg.AxisItem):
    """"epoch 1", 2, 3, … above the steps they end at (epoch k ends at step k·steps_per_epoch); fewer
    labels (every 2nd, 5th, 10th epoch …) where they would touch. No axis label: on a short plot (1024 × 768
    in presenter mode) its line took a third of the curves' height; the first tick says what the numbers are."""

    steps_per_epoch = 1

    def __init__(self):
        super().__init__("top")
        self.enableAutoSIPrefix(False)
        self.template = "epoch {number}"

    def retranslate(self) -> None:
        self.template = QCoreApplication.translate("LossPlot", "epoch {number}")
        self.picture = None  # pyqtgraph redraws the labels from tickStrings only when this is gone
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float):
        low, high = sorted((minVal, maxVal))
        if size <= 0 or high <= low:
            return []
        font = self.style["tickFont"] if self.style["tickFont"] is not None else QFont()
        metrics = QFontMetrics(font)
        room = metrics.horizontalAdvance(f"{high / self.steps_per_epoch:.0f}00")
        first_room = metrics.horizontalAdvance(self.template.format(number=f"{high / self.steps_per_epoch:.0f}"))
        every = 1
        while (high - low) / (every * self.steps_per_epoch) * room + first_room > size:
            every = every * 5 // 2 if str(every).startswith("2") else every * 2  # 1, 2, 5, 10, 20, 50, …
        spacing = every * self.steps_per_epoch
        first = max(math.ceil(low / spacing), 1) * spacing
        return [(spacing, [float(v) for v in range(first, int(high) + 1, spacing)])]

    def tickStrings(self, values, scale, spacing):
        numbers = [f"{round(v / self.steps_per_epoch)}" for v in values]
        return [self.template.format(number=n) if i == 0 else n for i, n in enumerate(numbers)]
