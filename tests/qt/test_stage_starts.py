"""Before Play a stage says what it shows, never a result that has not happened; after Play, its outcome.
A stage whose balls have all stopped before its step count ends there, and Play says so.

The whole window: the Play action, the caption bar and the status bar."""

WORDS = {"en": {"before": "Two balls start at (2.4, 1.5), f = 4.859", "press": "Press Play for 400 steps",
                "outcome": "Plain gradient descent stops in the shallow basin (f = ",
                "play_line": "Press Play to run this stage's 5 steps.",
                "stopped": "Every ball has stopped (step {n}): PageDown for the next"},
         "ko": {"before": "공 두 개가 (2.4, 1.5), f = 4.859에서 출발합니다", "press": "재생을 누르면 400 스텝을 실행합니다",
                "outcome": "경사하강법은 얕은 골짜기(f = ",
                "play_line": "재생을 누르면 이 단계의 5 스텝을 실행합니다.",
                "stopped": "모든 공이 멈췄습니다 (스텝 {n}): 다음 단계는 PageDown"}}


def play_until_it_stops(window, qtbot) -> None:
    window.controller.set_steps_per_second(100_000)
    window.actions["play_pause"].trigger()
    qtbot.waitUntil(lambda: not window.controller.playing, timeout=30_000)


def test_a_stage_says_what_it_shows_before_play_and_its_outcome_after(in_language, window, qtbot):
    words = WORDS[in_language]
    window.open_lesson("learning-rate", 7)  # a local minimum: plain descent stays shallow, momentum goes deep
    before = window.caption_bar.text()
    assert words["before"] in before and words["press"] in before
    assert words["outcome"] not in before  # "stops in the shallow basin (f = 4.859) … deep one (f = 4.859)"

    play_until_it_stops(window, qtbot)
    after = window.caption_bar.text()
    assert window.controller.step_count == 400 and after.startswith(words["outcome"])
    shallow, deep = window.controller.snapshot().losses
    assert f"{shallow:.3f}".replace("-", "−") in after and f"{deep:.3f}".replace("-", "−") in after and deep < shallow - 1

    window.actions["reset"].trigger()  # back at the start, before Play again
    assert window.caption_bar.text() == before


def test_a_stage_with_no_before_says_only_that_play_runs_its_steps(in_language, window, qtbot, tmp_path):
    words = WORDS[in_language]
    path = tmp_path / "own.toml"
    path.write_text('id = "own"\n[[stages]]\nlandscape = "parabola"\nsteps = 5\n'
                    'caption = "It stops at x = {ball[0].x:.3f}."\n[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\n',
                    encoding="utf-8")
    window.lessons.open_file(path)
    assert window.caption_bar.text() == words["play_line"]  # not "It stops at x = 4.000."

    play_until_it_stops(window, qtbot)
    assert window.caption_bar.text() == f"It stops at x = {window.controller.snapshot().positions[0][0]:.3f}."


def test_play_after_the_ball_diverged_says_every_ball_has_stopped(in_language, window, qtbot):
    window.open_lesson("gradient", 4)  # η = 10: 20 steps, but the ball diverges before
    play_until_it_stops(window, qtbot)
    stopped = window.controller.step_count
    assert 0 < stopped < 20 and window.controller.snapshot().finished
    window.actions["play_pause"].trigger()
    assert not window.controller.playing and window.controller.step_count == stopped
    assert window.statusBar().currentMessage() == WORDS[in_language]["stopped"].format(n=stopped)


def test_the_staircase_reads_its_outcome_from_the_start_and_play_says_the_ball_has_stopped(window, qtbot):
    window.open_lesson("gradient", 6)  # the error rate: the ball is on a flat step, its gradient 0
    caption = window.caption_bar.text()
    assert "stuck on a flat step from the start" in caption and "Press Play" not in caption
    assert "It stays at x = -2.50." in caption.replace("−", "-")
    window.actions["play_pause"].trigger()
    assert not window.controller.playing and window.controller.step_count == 0
    assert window.statusBar().currentMessage() == WORDS["en"]["stopped"].format(n=0)
    assert window.caption_bar.text() == caption
