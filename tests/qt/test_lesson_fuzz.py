"""The bundled lesson files, mutated (types, sizes, nesting, encodings, byte order marks, huge numbers,
NaN and inf, lists for numbers, huge strings, format specs in captions), loaded through File ▸ Open Setup's
path: each loads, or gives one LessonError of one line naming the file, and never another exception.

Seeded: a failure prints the seed and the file's text. CI tries 1,000 files; GDSIM_LONG_FUZZ=1 tries 20,000,
in batches of 1,000 (each a test of its own, well within the suite's faulthandler timeout).
"""

import os
import random
import re

import pytest

from gdsim.model.lessons import LessonError, read_lesson_file
from gdsim.model.setup import Setup
from gdsim.qt.panels.lessons import LessonPlayer
from gdsim.resources import resource_path

LONG_FUZZ = os.environ.get("GDSIM_LONG_FUZZ") == "1"
FILES = 1_000  # per batch
BATCHES = 20 if LONG_FUZZ else 1
WINDOW_SAMPLE = 40  # of each batch, also opened by the window's path, with a controller
BASE_SEED = int(os.environ.get("GDSIM_FUZZ_SEED", random.randrange(2**32)))

VALUES = ["[1]", "[[1, 2]]", "{ a = 1 }", '"text"', "true", "nan", "inf", "-inf", "1e308", "-1e308", "0",
          "-1", "9223372036854775807", "1.5", "[]", "{}", '"' + "x" * 5000 + '"', "[" * 30 + "]" * 30,
          '"{step:999999999}"', '"{step:c}"', '"{ball[0].x:{step}}"', '"{ball[99].x}"', '"{0.__class__}"',
          '"<b>big</b>"', '"a\\nb"', '"\\u0000"', "1979-05-27", "[" + "1.0, " * 3000 + "]"]


def mutated(text: str, rng: random.Random) -> bytes:
    """`text` with one to three random mutations, as bytes."""
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        kind = rng.randrange(9)
        k = rng.randrange(len(lines))
        if kind == 0 and "=" in lines[k]:  # a value replaced
            lines[k] = lines[k].split("=", 1)[0] + "= " + rng.choice(VALUES)
        elif kind == 1:  # a number made huge, tiny, negative or not a number
            lines[k] = re.sub(r"\b\d+(\.\d+)?\b", lambda _: rng.choice(["1e308", "nan", "-7", "99999999", "0"]),
                              lines[k], count=1)
        elif kind == 2:  # a line duplicated many times
            lines[k:k + 1] = [lines[k]] * rng.choice([2, 100, 20_000])
        elif kind == 3:  # a line dropped
            del lines[k]
        elif kind == 4:  # deep nesting
            depth = rng.choice([5, 11, 500, 50_000])
            lines.insert(k, rng.choice(["x = " + "[" * depth + "]" * depth, "x" + ".x" * depth + " = 1",
                                        "x = " + "{a = " * depth + "1" + "}" * depth]))
        elif kind == 5:  # a caption with a format
            lines.insert(k, "caption = " + rng.choice(VALUES[18:26]))
        elif kind == 6:  # characters cut
            start = rng.randrange(len(text))
            text = text[:start] + text[start + rng.randint(1, 50):]
            continue
        elif kind == 7:  # many stages or balls
            lines.append(rng.choice(['[[stages]]\nlandscape = "bowl"\n[[stages.balls]]\noptimizer = "sgd"',
                                     '[[stages.balls]]\noptimizer = "sgd"']) * rng.choice([1, 120, 6000]))
        else:  # a caption or title made long
            lines.insert(k, rng.choice(["caption", "title"]) + ' = "' + rng.choice(["y", "y ", "{step}"]) * 2000 + '"')
        text = "\n".join(lines)
    data = text.encode("utf-8")
    encoding = rng.randrange(8)
    if encoding == 0:
        data = b"\xef\xbb\xbf" + data
    elif encoding == 1:
        data = text.encode("utf-16")
    elif encoding == 2:
        data = data.replace("θ".encode(), b"\xe8", 1) + b"\xff"
    return data


def set_up(path) -> None:
    """What File ▸ Open Setup does in the model: read and check the file, and set its first stage up."""
    lesson = read_lesson_file(path)
    Setup.from_stage(lesson.stages[0])


@pytest.mark.parametrize("batch", range(BATCHES))
def test_mutated_lesson_files_load_or_give_one_line(tmp_path, controller, batch):
    seed = BASE_SEED + batch
    print(f"lesson fuzz seed: {seed} (GDSIM_FUZZ_SEED={seed} replays it)")
    rng = random.Random(seed)
    originals = [path.read_text(encoding="utf-8") for path in sorted(resource_path("lessons").glob("*.toml"))]
    player = LessonPlayer(controller)
    loaded = refused = 0
    for number in range(FILES):
        data = mutated(rng.choice(originals), rng)
        path = tmp_path / "fuzzed.toml"
        path.write_bytes(data)
        try:
            if number % (FILES // WINDOW_SAMPLE) == 0:
                setup = controller.setup
                try:
                    player.open_file(path)
                except LessonError:
                    assert controller.setup is setup, "a refused file changed the run on screen"
                    raise
            else:
                set_up(path)
            loaded += 1
        except LessonError as error:
            message = str(error)
            assert message.startswith("fuzzed.toml: ") and "\n" not in message and len(message) < 600, message
            refused += 1
        except Exception:
            print(f"file {number} (seed {seed}) raised; its text:\n{data[:3000]!r}")
            raise
    print(f"{FILES} files: {loaded} loaded, {refused} refused in one line")
    assert loaded + refused == FILES and loaded > 0 and refused > 0
