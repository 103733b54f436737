"""The model's words in the GUI's language: optimizers, ball statuses, critical points, schedules,
landscape titles and descriptions.

The model has no Qt and speaks English (the CLI's output stays so); the views translate its words
here when they show them. Each table marks its words with QT_TRANSLATE_NOOP for pyside6-lupdate,
and tests/qt/test_translations.py checks that the tables cover every word the model has.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gdsim.model.balls import SCHEDULE_SEPARATOR, Ball
from gdsim.model.landscapes import Landscape
from gdsim.model.messages import Template
from gdsim.model.optimizers import OptimizerKind
from gdsim.model.presets import Preset
from gdsim.model.schedules import PHRASE_SEPARATOR, SCHEDULE_PHRASES, SCHEDULE_SHORT_NAMES, SETTING_PHRASES
from gdsim.model.simulation import BallStatus
from gdsim.qt.messages import translated

OPTIMIZERS = (QT_TRANSLATE_NOOP("Optimizers", "SGD"), QT_TRANSLATE_NOOP("Optimizers", "Momentum"),
              QT_TRANSLATE_NOOP("Optimizers", "Nesterov"), QT_TRANSLATE_NOOP("Optimizers", "Adagrad"),
              QT_TRANSLATE_NOOP("Optimizers", "RMSprop"), QT_TRANSLATE_NOOP("Optimizers", "Adam"),
              QT_TRANSLATE_NOOP("Optimizers", "AdamW"), QT_TRANSLATE_NOOP("Optimizers", "AMSGrad"),
              QT_TRANSLATE_NOOP("Optimizers", "Adamax"),
              QT_TRANSLATE_NOOP("Optimizers", "NAdam"),
              QT_TRANSLATE_NOOP("Optimizers", "RAdam"),
              QT_TRANSLATE_NOOP("Optimizers", "Adadelta"),
              QT_TRANSLATE_NOOP("Optimizers", "Rprop"),
              QT_TRANSLATE_NOOP("Optimizers", "L-BFGS"),
              QT_TRANSLATE_NOOP("Optimizers", "Newton"),
              QT_TRANSLATE_NOOP("Optimizers", "Lion"))
USER_GRADIENT_SUFFIX = " (your ∇f)"  # what Ball.label appends for a ball that follows a typed gradient
USER_GRADIENT_MARK = QT_TRANSLATE_NOOP("Optimizers", "(your ∇f)")
STATUSES = (QT_TRANSLATE_NOOP("Status", "running"), QT_TRANSLATE_NOOP("Status", "converged"),
            QT_TRANSLATE_NOOP("Status", "diverged"), QT_TRANSLATE_NOOP("Status", "undefined"),
            QT_TRANSLATE_NOOP("Status", "no step"))
CRITICAL_KINDS = (QT_TRANSLATE_NOOP("CriticalPoints", "minimum"), QT_TRANSLATE_NOOP("CriticalPoints", "saddle"),
                  QT_TRANSLATE_NOOP("CriticalPoints", "maximum"))
SCHEDULES = (QT_TRANSLATE_NOOP("Schedules", "constant"), QT_TRANSLATE_NOOP("Schedules", "step"),
             QT_TRANSLATE_NOOP("Schedules", "exponential"), QT_TRANSLATE_NOOP("Schedules", "cosine"),
             QT_TRANSLATE_NOOP("Schedules", "cosine-restarts"))
LANDSCAPE_TITLES = (
    QT_TRANSLATE_NOOP("Landscapes", "Momentum demo (lesson L4)"),
    QT_TRANSLATE_NOOP("Landscapes", "Parabola (lesson L1)"),
    QT_TRANSLATE_NOOP("Landscapes", "Error rate (a staircase)"),
    QT_TRANSLATE_NOOP("Landscapes", "Sigmoid error (smooth)"),
    QT_TRANSLATE_NOOP("Landscapes", "Bowl"),
    QT_TRANSLATE_NOOP("Landscapes", "Ravine"),
    QT_TRANSLATE_NOOP("Landscapes", "Saddle"),
    QT_TRANSLATE_NOOP("Landscapes", "Local minimum"),
    QT_TRANSLATE_NOOP("Landscapes", "Rosenbrock"),
    QT_TRANSLATE_NOOP("Landscapes", "Himmelblau"),
    QT_TRANSLATE_NOOP("Landscapes", "Beale"),
    QT_TRANSLATE_NOOP("Landscapes", "Rastrigin"),
    QT_TRANSLATE_NOOP("Landscapes", "Fitting a line (lesson L3)"),
    QT_TRANSLATE_NOOP("Landscapes", "Fitting a sine (lesson L3)"),
    QT_TRANSLATE_NOOP("Landscapes", "Loss of one weight (lesson L5)"),
)
LANDSCAPE_DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("Landscapes", "SGD, Momentum and Nesterov from (0.5, 5.8): the momentum balls overshoot, "
                                    "then turn."),
    QT_TRANSLATE_NOOP("Landscapes", "f(x) = x² from x₀ = 4: try η = 0.01 (crawls), 0.1 (steady) and 1.2 "
                                    "(diverges)."),
    QT_TRANSLATE_NOOP("Landscapes", "Accuracy as an objective: a staircase, flat almost everywhere, so its "
                                    "gradient is 0 and no ball moves."),
    QT_TRANSLATE_NOOP("Landscapes", "The same count made smooth with a sigmoid: the slope is never 0, so "
                                    "gradient descent moves."),
    QT_TRANSLATE_NOOP("Landscapes", "The simplest convex bowl: every optimizer reaches the minimum at the origin."),
    QT_TRANSLATE_NOOP("Landscapes", "A narrow valley: SGD zig-zags across it and crawls along it; momentum builds "
                                    "speed."),
    QT_TRANSLATE_NOOP("Landscapes", "Start near the ridge: the balls slide to the saddle point, stall, then escape "
                                    "along y."),
    QT_TRANSLATE_NOOP("Landscapes", "Two basins: SGD settles in the shallow right one, momentum rolls over into the "
                                    "deep left one."),
    QT_TRANSLATE_NOOP("Landscapes", "A curved, flat-bottomed valley: finding it is easy, following it to (1, 1) is "
                                    "slow."),
    QT_TRANSLATE_NOOP("Landscapes", "Four minima of equal depth: which one a ball reaches depends on where it "
                                    "starts."),
    QT_TRANSLATE_NOOP("Landscapes", "Flat plateaus and steep walls; the minimum is at (3, 0.5)."),
    QT_TRANSLATE_NOOP("Landscapes", "A field of local minima: every ball stops in one near its start, far from the "
                                    "global minimum at the origin."),
    QT_TRANSLATE_NOOP("Landscapes", "Your own function. Its gradient is exact: derived symbolically, not by finite "
                                    "differences."),
)


def _translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def optimizer_name(kind: OptimizerKind | str) -> str:
    """'Momentum' in the GUI's language (모멘텀)."""
    return _translate("Optimizers", OptimizerKind(kind).display_name)


def ball_label(label: str) -> str:
    """A ball's label from the model (Ball.label, or a sweep's recipe label) with its optimizer's
    name, its schedule and the typed-gradient mark in the GUI's language; the settings (η=0.01) stay
    as they are."""
    follows_user_gradient = label.endswith(USER_GRADIENT_SUFFIX)
    if follows_user_gradient:
        label = label[:-len(USER_GRADIENT_SUFFIX)]
    for kind in OptimizerKind:
        name = kind.display_name
        if label == name or label.startswith(name + " "):
            label = optimizer_name(kind) + label[len(name):]
            break
    settings, separator, schedule = label.partition(SCHEDULE_SEPARATOR)
    if separator:
        label = settings + separator + schedule_label(schedule)
    return label + (" " + user_gradient_mark() if follows_user_gradient else "")


def short_ball_label(ball: Ball) -> str:
    """A ball's label where its full one does not fit: its name, or its settings (η, ρ) with its
    schedule's name alone ('SGD η=0.02 · step decay'), in the GUI's language."""
    if ball.name:
        return ball.name
    label = ball_label(replace(ball, schedule=None).settings_label)
    if ball.schedule is None:
        return label
    return label + SCHEDULE_SEPARATOR + _translate("Schedules", SCHEDULE_SHORT_NAMES[ball.schedule.name])


def _template_pattern(template: Template) -> re.Pattern:
    """What `template` reads as once filled in, each {field} a number."""
    pieces = re.split(r"\{(\w+)\}", template)
    return re.compile("".join(re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>[^\\s,]+)"
                              for i, piece in enumerate(pieces)) + r"\Z")


_SCHEDULE_PATTERNS = [(_template_pattern(template), template)
                      for template in (*SCHEDULE_PHRASES.values(), *SETTING_PHRASES.values())]


def schedule_label(label: str) -> str:
    """A schedule's label from the model (Schedule.label: 'step decay ×0.5 every 100 steps') in the
    GUI's language, phrase by phrase; a phrase the model does not make stays as it is."""
    phrases = []
    for phrase in label.split(PHRASE_SEPARATOR):
        for pattern, template in _SCHEDULE_PATTERNS:
            match = pattern.match(phrase)
            if match:
                phrase = translated(template).format(**match.groupdict())
                break
        phrases.append(phrase)
    return PHRASE_SEPARATOR.join(phrases)


def user_gradient_mark() -> str:
    """'(your ∇f)', the mark of a ball that follows a typed gradient, in the GUI's language."""
    return _translate("Optimizers", USER_GRADIENT_MARK)


def status_word(status) -> str:
    """'running', 'converged' or 'diverged' in the GUI's language, from a BallStatus or its label."""
    return _translate("Status", status if isinstance(status, str) else status.label)


def critical_kind_name(kind: str) -> str:
    """'minimum', 'saddle' or 'maximum' in the GUI's language."""
    return _translate("CriticalPoints", str(kind))


def schedule_name(name: str) -> str:
    """A learning-rate schedule's name ('cosine-restarts') in the GUI's language."""
    return _translate("Schedules", name)


def landscape_title(landscape: Landscape) -> str:
    """A preset's or a fit's title in the GUI's language; a typed function's title is its formula."""
    template = getattr(landscape.title, "template", None)  # a title with numbers in it (the quadratic's)
    if isinstance(template, Template):
        return translated(template).format(**landscape.title.arguments)
    return landscape.title if landscape.source else _translate("Landscapes", landscape.title)


def landscape_formula(landscape: Landscape) -> str:
    """f's formula as the control panel shows it: one said in words (the error rate's) in the GUI's language."""
    return translated(landscape.formula) if isinstance(landscape.formula, Template) else landscape.formula


def landscape_description(scene: Preset) -> str:
    """A preset's description in the GUI's language (a fit's description is its title)."""
    if scene.description == scene.landscape.title:
        return landscape_title(scene.landscape)
    return _translate("Landscapes", scene.description)


def status_text(status: int, step: int, stopped_at: int, loss: float, on_flat_ground: bool = False) -> str:
    """One ball's status in words, e.g. 'converged at step 574, f = -4.96'."""
    loss_text = f"{loss:.6g}" if math.isfinite(loss) else "—"
    if status == BallStatus.CONVERGED and on_flat_ground:  # a gradient of 0 on a staircase's step is no minimum
        return QCoreApplication.translate("BallList", "stopped on flat ground (gradient 0) at step {step}, f = {loss}") \
            .format(step=stopped_at, loss=loss_text)
    if status == BallStatus.CONVERGED:
        return QCoreApplication.translate("BallList", "converged at step {step}, f = {loss}").format(
            step=stopped_at, loss=loss_text)
    if status == BallStatus.DIVERGED:
        return QCoreApplication.translate("BallList", "diverged at step {step}").format(step=stopped_at)
    if status == BallStatus.UNDEFINED and stopped_at > 0:
        return QCoreApplication.translate("BallList", "left the domain at step {step}").format(step=stopped_at)
    if status == BallStatus.UNDEFINED:
        return QCoreApplication.translate("BallList", "cannot start: f is not defined there")
    if status == BallStatus.NO_STEP:
        return QCoreApplication.translate("BallList", "stopped at step {step}: its step is not defined here "
                                                      "(H + δ·I is singular)").format(step=stopped_at)
    return QCoreApplication.translate("BallList", "running · step {step}, f = {loss}").format(step=step,
                                                                                               loss=loss_text)


def counts_text(counts: np.ndarray, on_flat_ground: int = 0) -> str:
    """A crowd's statuses counted: `counts` per BallStatus, of which `on_flat_ground` converged balls stopped on
    flat ground (counted apart, not as converged)."""
    text = QCoreApplication.translate("BallList", "{running} running · {converged} converged · {diverged} diverged") \
        .format(running=counts[BallStatus.RUNNING], converged=counts[BallStatus.CONVERGED] - on_flat_ground,
                diverged=counts[BallStatus.DIVERGED])
    if on_flat_ground:
        text += " · " + QCoreApplication.translate("BallList", "{flat} stopped on flat ground").format(
            flat=on_flat_ground)
    if len(counts) > BallStatus.UNDEFINED and counts[BallStatus.UNDEFINED]:
        text += " · " + QCoreApplication.translate("BallList", "{undefined} where f is not defined").format(
            undefined=counts[BallStatus.UNDEFINED])
    return text
