"""The controller's part that changes the setup: a preset, a typed landscape or gradient, the view box, the starts,
the seed and every ball edit. Each restarts the run (or branches it, see Branching), and Undo takes it back.

A mixin of gdsim.qt.controller.Controller, which owns the state these edits change (the setup, its history, the
run): `_apply` shows a new setup, `_edit_ball` one whose only change is a ball's (see Branching).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from gdsim.model.balls import GradientSource, checked_noise
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import PresetName, preset, typed_preset
from gdsim.model.schedules import ILLUSTRATIVE_PARAMS, Schedule
from gdsim.model.setup import Setup
from gdsim.qt import names
from gdsim.qt.playback import refused_while_recording


class SetupEditing:
    """The Controller's `set_*` edits of the setup, and adding, copying and removing balls (see it for the state)."""

    def set_preset(self, name: str) -> None:
        """A preset with its own start and suggested balls, as the user's own setup (a lesson is left)."""
        name = PresetName(name)
        if name != self._setup.preset_name or self._setup.lesson is not None:
            shown = preset(name)
            self._apply(self._setup.with_preset(shown))
            self.sigNotice.emit(QCoreApplication.translate(
                "Controller", "Balls set to {landscape}'s suggestions; Ctrl+Z to undo.").format(
                landscape=names.landscape_title(shown.landscape)))

    def set_expression(self, text: str) -> None:
        """A landscape typed by the user (see Setup.with_typed_landscape). Raises ExpressionError, changing nothing."""
        from gdsim.model.expressions import landscape_from_expression

        self._apply(self._setup.with_typed_landscape(typed_preset(landscape_from_expression(text))))

    def set_user_gradient(self, components: tuple[str, ...]) -> None:
        """The gradient the user derived, one text per variable. Raises ExpressionError, changing nothing."""
        from gdsim.model.expressions import gradient_from_components

        gradient_from_components(components, self._setup.landscape.dim)  # check before changing anything
        self._apply(replace(self._setup, user_gradient=tuple(components)))

    def set_view_box(self, box) -> None:
        """Show the landscape over another box; raises ValueError for an empty or non-finite box."""
        self._apply(self._setup.with_view_box(box))

    def set_random_starts(self, count: int, seed: int) -> None:
        """Every ball from `count` starts drawn uniformly over the view box (lesson L1's random restarts)."""
        from gdsim.model.analysis import random_starts

        starts = random_starts(self._setup.landscape.view_box, max(1, int(count)), int(seed))
        self._apply(replace(self._setup, starts=starts))

    def set_start(self, point) -> None:
        self._apply(self._setup.with_start(point))

    def set_ball_enabled(self, index: int, enabled: bool) -> None:
        self._apply(self._setup.with_ball(index, enabled=bool(enabled)))

    def set_ball_param(self, index: int, name: str, value: float) -> None:
        """Set one hyperparameter; raises ValueError (and changes nothing) when it is not allowed."""
        self._edit_ball(self._setup.with_ball(index, params={**self._setup.balls[index].params, name: value}), index)

    def set_ball_noise(self, index: int, sigma: float) -> None:
        """Set σ of a ball's gradient noise (0: none); ValueError, changing nothing, outside [0, 1e6]."""
        self._edit_ball(self._setup.with_ball(index, noise=checked_noise(sigma)), index)

    def set_seed(self, seed: int) -> None:
        """The seed of the run's noise (ValueError outside 0 … 2³² − 1). The run restarts, never branches: a
        seed names a whole run, the one `gdsim run --seed` gives, and a path of two seeds is no seed's run."""
        self._apply(self._setup.with_seed(seed))

    def set_ball_optimizer(self, index: int, kind: str) -> None:
        """Switch a ball to another optimizer, keeping its learning rate."""
        self._edit_ball(self._setup.with_optimizer(index, OptimizerKind(kind)), index)

    def set_ball_gradient(self, index: int, source: str) -> None:
        """Make a ball follow the exact gradient or the user's. ValueError, with a message for the user and
        changing nothing, when there is no gradient of the user's to follow yet."""
        source = GradientSource(source)
        if source == GradientSource.USER and self.user_gradient_function is None:
            raise ValueError(QCoreApplication.translate(
                "Controller", "Type your gradient under “Check my gradient” first; then a ball can follow it."))
        self._apply(self._setup.with_ball(index, gradient=source))

    def set_ball_batch(self, index: int, batch: int | None) -> None:
        """A ball's minibatch size on a data fit (None: every point); the run starts again, as for a gradient."""
        self._apply(self._setup.with_ball(index, batch=batch))

    def set_ball_schedule(self, index: int, name: str) -> None:
        """Give a ball a learning-rate schedule with illustrative settings ('constant': none)."""
        schedule = None if name == "constant" else Schedule(name, ILLUSTRATIVE_PARAMS[name])
        self._edit_ball(self._setup.with_ball(index, schedule=schedule), index)

    def add_ball(self, kind: str) -> int:
        """A new ball with the landscape's suggested settings for `kind`; returns its index."""
        self._apply(self._setup.with_new_ball(OptimizerKind(kind)))
        return len(self._setup.balls) - 1

    def duplicate_ball(self, index: int, **changes) -> int:
        """A copy of a ball in a new colour, right after it; returns the copy's index."""
        self._apply(self._setup.with_copy_of(index, **changes))
        return index + 1

    def remove_ball(self, index: int) -> None:
        """Remove a ball; the last one stays (a run needs a ball)."""
        self._apply(self._setup.without_ball(index))

    def set_setup(self, setup: Setup) -> None:
        """Show `setup` (an opened file, say); Undo returns to the one before."""
        self._apply(setup)

    @refused_while_recording
    def start_over(self, setup: Setup) -> None:
        """Show `setup` with no history to undo: the window's first setup, restored from last time."""
        self._apply(setup, record=False)
        self._history.clear()
        self._free_setup = self._setup
        self.sigHistoryChanged.emit(False, False)
