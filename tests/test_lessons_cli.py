"""The bundled lessons, run headless: the numbers of LESSONS.md must come out of the engine."""

import json

import pytest

from gdsim.cli import main


def lesson_json(capsys, *args):
    assert main(["lesson", "run", *args]) == 0
    return json.loads(capsys.readouterr().out)


def last(stage, ball=0):
    return stage["balls"][ball]["trajectory"][-1]


def test_lesson_list_names_every_bundled_lesson(capsys):
    assert main(["lesson", "list"]) == 0
    out = capsys.readouterr().out
    for lesson_id in ("learning-rate", "gradient", "momentum", "one-weight"):
        assert lesson_id in out


def test_lesson_l1_learning_rates(capsys):
    stages = lesson_json(capsys, "learning-rate")["stages"]
    assert last(stages[0])[0] == pytest.approx(4 * 0.98 ** 5)  # ≈ 3.616
    assert last(stages[1])[0] == pytest.approx(-21.51, abs=0.005)
    assert last(stages[2])[0] == pytest.approx(4 * 0.8 ** 5)  # ≈ 1.311
    assert last(stages[3])[0] == pytest.approx(5.7e-5, rel=0.01)
    assert abs(last(stages[4])[0]) < 2e-4  # η = 0.01 converges too, in 10× the steps
    assert "x = 3.616" in stages[0]["caption"] and "x = −21.51" in stages[1]["caption"]


def test_lesson_l2_gradients_and_the_gradient_method(capsys):
    stages = lesson_json(capsys, "gradient")["stages"]
    assert "f′(5) = 0.2000" in stages[0]["caption"] and "f′(10) = 0.3000" in stages[1]["caption"]
    assert "(6, 8)" in stages[2]["caption"]
    assert last(stages[3]) == pytest.approx([-6.1e-10, 8.1e-10], rel=0.01)
    assert stages[4]["balls"][0]["status"] == "diverged"
    assert last(stages[5]) == pytest.approx([-3.0, 4.0], abs=1e-6)


def test_lesson_l4_balls_reach_the_minimum(capsys):
    stage = lesson_json(capsys, "momentum", "--stage", "4")["stages"][0]
    for ball in range(3):
        assert last(stage, ball) == pytest.approx([0.4824, -4.2560], abs=1e-4)
        assert stage["balls"][ball]["loss"][-1] == pytest.approx(-4.9622, abs=1e-4)
    # Momentum's loss differs from the others' only past the 14th digit: the caption names all three lowest
    assert "Lowest now (f = −4.9622): SGD, Momentum, Nesterov." in stage["caption"]


def test_lesson_l5_weight_converges_to_two(capsys):
    stages = lesson_json(capsys, "one-weight", "--language", "ko")["stages"]
    assert last(stages[0])[0] < 2 < stages[0]["balls"][0]["start"][0] + 1.5  # from w = 1, moving right
    assert last(stages[1])[0] < 3.5  # from w = 3.5, moving left
    assert "가중치" in stages[0]["caption"]


def test_unknown_lesson_or_stage_exits_2(capsys):
    assert main(["lesson", "run", "nope"]) == 2
    assert main(["lesson", "run", "gradient", "--stage", "99"]) == 2
    assert capsys.readouterr().err.count("gdsim: error:") == 2


def test_random_starts_are_seeded_and_every_ball_runs_from_each(capsys):
    args = ["run", "--landscape", "himmelblau", "--random-starts", "4", "--seed", "3",
            "--ball", "sgd", "--ball", "nag", "--steps", "5"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert len(first["balls"]) == 8 and first == second
    assert all(-5 <= c <= 5 for ball in first["balls"] for c in ball["start"])


def test_random_starts_say_how_many_balls_reached_each_minimum_named_as_the_basin_map_names_it(capsys):
    assert main(["run", "--landscape", "himmelblau", "--random-starts", "40", "--seed", "7",
                 "--ball", "sgd:lr=0.01", "--steps", "3000"]) == 0
    document = json.loads(capsys.readouterr().out)
    minima = document["minima"]
    assert [m["name"] for m in minima] == ["A", "B", "C", "D"]
    assert minima[2]["point"] == pytest.approx([3.0, 2.0], abs=1e-6)  # by value (all 0), then x: (3, 2) is third
    assert sum(m["reached"] for m in minima) + document["elsewhere"] == 40
    best = document["best"]
    ended = document["balls"][best["ball"]]["trajectory"][-1]
    assert ended == pytest.approx(next(m["point"] for m in minima if m["name"] == best["minimum"]), abs=1e-3)


def test_lesson_l2_a_step_shaped_objective_never_moves_while_its_sigmoid_does(capsys):
    stages = lesson_json(capsys, "gradient")["stages"]
    staircase, sigmoid = stages[6], stages[7]
    assert staircase["balls"][0]["trajectory"] == [staircase["balls"][0]["start"]]  # zero gradient: no step
    assert last(sigmoid)[0] > sigmoid["balls"][0]["start"][0] + 4
    assert sigmoid["balls"][0]["loss"][-1] < sigmoid["balls"][0]["loss"][0] - 0.5


def test_lesson_l2_the_staircase_ball_stopped_on_flat_ground_and_its_status_keeps_its_old_value(capsys):
    staircase = lesson_json(capsys, "gradient", "--stage", "7")["stages"][0]["balls"][0]
    assert (staircase["status"], staircase["stopped_at"]) == ("converged", 0)  # as older readers expect
    assert staircase["stopped_on_flat_ground"] is True
    bowl = lesson_json(capsys, "gradient", "--stage", "4")["stages"][0]["balls"][0]  # x² + y², to its minimum
    assert "stopped_on_flat_ground" not in bowl


def test_lesson_l3_fits_and_the_notebook_bug(capsys):
    stages = lesson_json(capsys, "fitting")["stages"]
    assert last(stages[0]) == pytest.approx([0.2, 0.5], abs=0.005)
    assert last(stages[1]) == pytest.approx([10.0, 1.5], abs=0.01)  # about 25 epochs at η = 0.7
    exact, notebook = last(stages[2], 0), last(stages[2], 1)
    assert exact == pytest.approx([10.0, 1.5], abs=1e-3) and abs(notebook[0]) > 100  # the bug blows up
    assert 5 < last(stages[3])[0] < 6.5  # η = 0.01 is still far after 200 epochs
    assert last(stages[4]) == pytest.approx([10.0, 1.5], abs=0.3)  # noisy data


def test_lesson_l3_minibatch_stage_beside_full_batch(capsys):
    stage, = lesson_json(capsys, "fitting", "--stage", "6")["stages"]
    full, small = stage["balls"]
    assert full["params"] == small["params"] == {"lr": 0.7} and full["start"] == small["start"]
    assert full["trajectory"] != small["trajectory"]  # two paths on one map
    assert last(stage, 0) == pytest.approx([9.854, 1.472], abs=1e-3)  # full batch settles on the least squares
    assert last(stage, 1) == pytest.approx([9.854, 1.472], abs=0.5) and last(stage, 1) != last(stage, 0)
    assert "(full batch): epoch 78, W = 9.85" in stage["caption"] and ", converged." in stage["caption"]
    assert "(B = 10): epoch 10, W = " in stage["caption"]  # 100 steps of 10 points out of 100
    ko, = lesson_json(capsys, "fitting", "--stage", "6", "--language", "ko")["stages"]
    assert "(B = 10): 에폭 10, W = " in ko["caption"] and ", 수렴." in ko["caption"]


def test_lesson_run_says_each_balls_minibatch_and_noise_where_it_has_one(capsys, tmp_path):
    stage, = lesson_json(capsys, "fitting", "--stage", "6")["stages"]
    full, small = stage["balls"]
    assert "batch" not in full and small["batch"] == 10  # the two balls differ only by their batch
    lesson = tmp_path / "noisy.toml"
    lesson.write_text('id = "noisy"\ntitle = "Noisy"\n[[stages]]\nlandscape = "bowl"\nsteps = 3\n'
                      '[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\nnoise = 0.5\n'
                      '[[stages.balls]]\noptimizer = "sgd"\nlr = 0.1\n', encoding="utf-8")
    stage, = lesson_json(capsys, str(lesson))["stages"]
    noisy, plain = stage["balls"]
    assert noisy["noise"] == 0.5 and "noise" not in plain and "batch" not in noisy
    assert stage["seed"] == 0  # the seed the noise was drawn from, to run it again
