"""The loss plot's top axis while a ball takes minibatches: its epochs, a tick every ceil(n / B) steps."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics


class EpochAxis(pg.AxisItem):
    """Epoch 1, 2, 3, … above the steps they end at (epoch k ends at step k·steps_per_epoch); fewer
    labels (every 2nd, 5th, 10th epoch …) where they would touch."""

    steps_per_epoch = 1

    def __init__(self):
        super().__init__("top")
        self.enableAutoSIPrefix(False)

    def tickValues(self, minVal: float, maxVal: float, size: float):
        low, high = sorted((minVal, maxVal))
        if size <= 0 or high <= low:
            return []
        font = self.style["tickFont"] if self.style["tickFont"] is not None else QFont()
        room = QFontMetrics(font).horizontalAdvance(f"{high / self.steps_per_epoch:.0f}000")
        every = 1
        while (high - low) / (every * self.steps_per_epoch) * room > size:
            every = every * 5 // 2 if str(every).startswith("2") else every * 2  # 1, 2, 5, 10, 20, 50, …
        spacing = every * self.steps_per_epoch
        first = max(math.ceil(low / spacing), 1) * spacing
        return [(spacing, [float(v) for v in range(first, int(high) + 1, spacing)])]

    def tickStrings(self, values, scale, spacing):
        return [f"{round(v / self.steps_per_epoch)}" for v in values]
