"""The sizes gdsim accepts, from any door (the window, lesson files and setups, the command line,
exports), each derived from one budget: a single run's working memory stays under about
MEMORY_BUDGET bytes. Every request is checked against these before anything is allocated, and
refused in one line that names the field and the limit. README.md ("Limits") lists them and says why.
"""

from __future__ import annotations

import reprlib
from typing import Any

MEMORY_BUDGET = 500_000_000  # bytes of working memory one run, map, sweep, fit or export may take

# `gdsim run` keeps every step of every ball and writes it out. Measured: a JSON run costs about 250 bytes
# per ball-step kept (positions and losses as Python numbers, then as text; CSV costs less), on top of
# ~60 MB for Python and numpy. 300,000 balls × 101 steps (3 × 10⁷) took 7.6 GB.
BYTES_PER_KEPT_BALL_STEP = 250
MAX_KEPT_BALL_STEPS = 1_500_000  # balls × (steps + 1): ~375 MB at 250 bytes, under the budget

# `gdsim basins`: grid² × balls labels, each a Python int in a list and a few characters of JSON
# (~10 bytes with the text), besides the run's own arrays of a block of starts. 1000² × 100 balls
# (10⁸ labels) wrote 182 MB of JSON in 400 s; 4 × 10⁶ labels is 1000² for four balls or 200² for 100.
MAX_BASIN_LABELS = 4_000_000

# `gdsim sweep` and the sweep panel: balls × points run together in one simulation whose history keeps a
# few rows, so memory is small; the bound keeps the table and the plot to what can be read.
MAX_SWEEP_RUNS = 100_000

# Points of a fit: its loss and gradient take a few arrays of one number per point for each ball
# evaluated at once (~8 bytes × points × balls × 4). 10⁶ points, as `gdsim fit` has always capped them.
MAX_FIT_POINTS = 1_000_000

# Pictures: a picture of W × H pixels at scale s is painted into an ARGB image of 4 bytes a pixel, turned
# into RGB (3) and copied (3): about 10 bytes a pixel at the peak. 40 megapixels is ~400 MB: 4× of a
# 2000 × 1250 view.
BYTES_PER_PICTURE_PIXEL = 10
MAX_PICTURE_PIXELS = 40_000_000
# An animation is written frame by frame (memory stays that of one picture), so its bound is of the file
# and of the time it takes: frames × pixels, each pixel at most one byte of GIF before compression
# (and a few milliseconds a megapixel to paint). 100 frames of 4× a 1280 × 800 window is 1.6 × 10⁹.
MAX_ANIMATION_PIXELS = 4_000_000_000
MAX_FRAMES = 10_000

# σ of a ball's gradient noise (`noise=σ`): a ball steps by about η·σ on top of its descent. The steepest
# preset gradient in a view box is 2.4·10⁵ (Beale at its corners, measured); a σ above every gradient shown
# already drowns the landscape, so 10⁶ leaves room for that and keeps σ to the spin box's digits.
MAX_GRADIENT_NOISE = 1e6

# A fan (`gdsim run --fan N`, Balls ▸ Fan) runs N noise seeds of each ball together and keeps three paths a
# ball (its 10/50/90 % quantiles), so memory is small: `gdsim run` counts them as 3 more kept ball-steps.
# Time is that of N × balls balls: 3 × 10⁶ ball-steps took 2 s with the quantiles (1,000 runs of 3 balls,
# 1,000 steps, measured), so 3 × 10⁷ is about 20 s. 1,000 runs put a quantile within ~2 % of its rank.
MAX_FAN_RUNS = 1000
MAX_FAN_BALL_STEPS = 30_000_000

# Numbers typed on the command line: a whole number longer than this is refused before Python converts
# it (which takes quadratic time, and above 4,300 digits raises an error about sys.set_int_max_str_digits).
MAX_NUMBER_DIGITS = 30
# How much of a long value a message quotes: a message stays one readable line.
MAX_QUOTED_CHARACTERS = 60


def quoted(value: Any) -> str:
    """`value` as a message quotes it: its repr, short whatever its size or depth.

    Text longer than MAX_QUOTED_CHARACTERS is cut with its length told; anything else is shortened by reprlib.
    """
    if not isinstance(value, str):
        return _QUOTED.repr(value)
    if len(value) <= MAX_QUOTED_CHARACTERS:
        return repr(value)
    return f"{value[:MAX_QUOTED_CHARACTERS - 20]!r}… ({len(value):,} characters)"


_QUOTED = reprlib.Repr()
_QUOTED.maxstring = _QUOTED.maxother = 40

# A view box: its ends within ±MAX_VIEW_COORDINATE (beyond 1e8 a ball counts as diverged, so nothing could
# be watched there, and sampling a box of ±1e308 overflows), and each range at least MIN_VIEW_SHARE of the
# size of its ends wide (a narrower one has no distinct grid points or ticks in double precision).
MAX_VIEW_COORDINATE = 1e8
MIN_VIEW_SHARE = 1e-9


# --- lesson and setup files, which the window shows ---------------------------------------------------

MAX_BALLS = 10_000
"""Balls × starts in one run of a lesson stage or setup. The window keeps at least 512 rows of history per
ball (gdsim.model.history.window_capacity): 512 × 10,000 balls × 3 numbers × 8 bytes ≈ 123 MB, plus the
engine's arrays and the trails the views draw, within MEMORY_BUDGET. A million balls needed 12 GB."""

MAX_STEPS = 1_000_000
"""Steps a lesson stage plays. In the window the history stays bounded whatever the steps; they cost time
only, and Pause stops them."""

MAX_RECORDED_POINTS = 2_000_000
"""(steps + 1) × balls of a headless run that records every step (`gdsim lesson run`): about 24 bytes
per point in the engine's history and about 150 more in the JSON document it prints, so 2,000,000
points stay within MEMORY_BUDGET."""

MAX_LESSON_FIT_POINTS = 1_000
"""Data points of a fit that a lesson or setup file shows in the window (`gdsim fit` takes MAX_FIT_POINTS). The window samples the loss on a 300 × 300 grid over every point: measured,
100 points take 0.1 s, 1,000 take 0.65 s, 10,000 take 4 s and 1,000,000 took more than 300 s."""

MAX_FIT_NOISE = 1e6
"""The standard deviation of a fit's noise: larger noise makes data whose loss overflows the plots."""

MAX_COORDINATE = 1e6
"""|coordinate| of a start, as the window's spin boxes allow: the view box around the starts stays finite."""

MAX_LESSON_FILE_BYTES = 1024 * 1024
"""Size of a lesson or setup file: a saved setup of 10,000 starts takes about 460 KB; reading 1 MB of
TOML takes about 0.2 s."""

MAX_NESTING = 10
"""Tables and lists inside one another, and parts of a dotted key, in a lesson file (a lesson needs 5).
Python's TOML reader recurses into each level (RecursionError past about 1,000) and its cost grows with
the square of a dotted key's parts (a key of 100,000 parts exhausted the memory)."""

MAX_STAGES = 100
"""Stages of one lesson: each stage's starts are kept from the moment the file is read."""

MAX_TITLE_CHARS = 100
"""Characters of a lesson's or a stage's title, shown on one line in the lesson bar and the Lessons menu."""

MAX_CAPTION_CHARS = 1_000
"""Characters of a caption template (the bundled lessons use at most 369)."""

MAX_CAPTION_LINES = 6
"""Lines of a caption template: the caption bar sits above the views and must leave them room."""

MAX_FORMAT_WIDTH = 40
"""Width in a caption's format spec, e.g. {step:>8}: a width of 999,999,999 froze the window at 10 GB."""

MAX_FORMAT_PRECISION = 17
"""Digits after the point in a caption's format spec, e.g. {ball[0].x:.10f}: 17 shows every digit of a
float."""
