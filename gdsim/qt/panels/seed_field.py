"""The run's noise seed, beside the selected ball's Noise σ: a whole number from 0 to 2³² − 1."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator

from gdsim.model.noise import MAX_SEED
from gdsim.qt.language import Retranslatable
from gdsim.qt.support.inputs import NumberSpinBox


class NoiseSeedBox(Retranslatable, NumberSpinBox):
    """The seed every noisy ball of the run draws from (the controller's setup holds it). `sigSeedChosen`
    gives the seed typed or stepped to; a seed shown from the setup (`show_seed`) emits nothing.

    A double spin box with no decimals: Qt's QSpinBox stops at 2³¹ − 1, and a double holds every whole
    number up to 2⁵³ exactly.
    """

    sigSeedChosen = Signal(object)  # an int: a Signal(int) is Qt's 32-bit int, and 2³² − 1 arrived as −1

    def __init__(self, parent=None):
        super().__init__(0, MAX_SEED, decimals=0, parent=parent)
        self.setObjectName("noiseSeed")
        self.valueChanged.connect(lambda value: self.sigSeedChosen.emit(int(value)))
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(self.tr("The seed of the noise of every noisy ball in this run: the same seed gives the same "
                                "run, as gdsim run --seed does; Balls ▸ Fan runs this seed and the next ones"))

    def validate(self, text: str, pos: int):
        state, text, pos = super().validate(text, pos)
        try:
            whole = float(text.strip()).is_integer()
        except ValueError:
            whole = False
        return (state if whole else QValidator.State.Intermediate), text, pos

    def show_seed(self, seed: int) -> None:
        self.blockSignals(True)
        try:
            self.setValue(seed)
        finally:
            self.blockSignals(False)
