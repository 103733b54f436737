"""The sizes gdsim accepts from any door (the window, lesson and setup files, the command line, exports),
in one place, each derived from what it costs.

The rule behind them: any single run keeps its working memory under about RUN_MEMORY_BUDGET, and the
window stays responsive (a landscape or a stage is drawn in about a second at most). A request beyond a
limit is refused before anything is allocated, in one line that names the field and the limit.
"""

from __future__ import annotations

RUN_MEMORY_BUDGET = 500 * 1024 * 1024
"""Bytes a single run may use for its working memory (engine, history, what the views keep)."""

MAX_BALLS = 10_000
"""Balls × starts in one run of a lesson stage or setup. The window keeps at least 512 rows of history per
ball (gdsim.model.history.window_capacity): 512 × 10,000 balls × 3 numbers × 8 bytes ≈ 123 MB, plus the
engine's arrays and the trails the views draw, within RUN_MEMORY_BUDGET. A million balls needed 12 GB."""

MAX_STEPS = 1_000_000
"""Steps a lesson stage plays. In the window the history stays bounded whatever the steps; they cost time
only, and Pause stops them."""

MAX_RECORDED_POINTS = 2_000_000
"""(steps + 1) × balls of a headless run that records every step (`gdsim lesson run`): about 24 bytes
per point in the engine's history and about 150 more in the JSON document it prints, so 2,000,000
points stay within RUN_MEMORY_BUDGET."""

MAX_FIT_POINTS = 1_000
"""Data points of a fit. The window samples the loss on a 300 × 300 grid over every point: measured,
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
