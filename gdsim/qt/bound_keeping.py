"""The controller's part that keeps the selected ball's stability bound (gdsim.model.ball_bound): worked out once
when the landscape, the start, the selected ball or its settings change, and told to every view that draws it (the
η slider, the η sweep) by `sigBoundChanged`."""

from __future__ import annotations

from gdsim.model.ball_bound import BallBound, ball_bound


class BoundKeeping:
    """A part of the Controller (which declares `sigBoundChanged`): its `selected_bound`."""

    def _start_bound_keeping(self) -> None:
        self._bound: tuple[tuple, BallBound] | None = None  # what it was worked out for, and the bound
        # Connected before any view: a view that reads the bound on a setup change reads the new one.
        self.sigSetupChanged.connect(self._on_bound_inputs_changed)
        self.sigSelectionChanged.connect(self._on_bound_inputs_changed)

    def _bound_key(self) -> tuple:
        setup = self._setup
        ball = setup.balls[self.selected_index]
        momentum = ball.params.get("momentum")
        return setup.landscape, setup.start, ball.optimizer, momentum  # a landscape is equal only to itself

    @property
    def selected_bound(self) -> BallBound:
        """The stability bound of the selected ball's optimizer at the minimum it heads for from the start."""
        key = self._bound_key()
        if self._bound is None or self._bound[0] != key:
            setup = self._setup
            self._bound = key, ball_bound(setup.preset, setup.balls[self.selected_index], setup.start)
        return self._bound[1]

    def _on_bound_inputs_changed(self, *_) -> None:
        before = self._bound[1] if self._bound is not None else None
        now = self.selected_bound
        if now != before:
            self.sigBoundChanged.emit(now)
