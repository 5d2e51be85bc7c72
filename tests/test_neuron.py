"""The neuron: prediction = input x weight, and the weighted sum of several inputs."""

import dataclasses

import pytest

from primer.neuron import (
    knob_effect,
    predict,
    round_off,
    sweep,
    w_sum,
    weighted_sum,
)


def test_predict_is_input_times_weight():
    assert predict(8.5, 0.1) == 8.5 * 0.1
    assert str(predict(8.5, 0.1)) == "0.8500000000000001"
    assert predict(2.0, 0.5) == 1.0  # the primer's first prediction
    assert predict(3.0, -1.0) == -3.0


def test_weighted_sum_toes_record_fans():
    # toes, win/loss record, fans
    ws = weighted_sum((8.5, 0.65, 1.2), (0.1, 0.2, 0))
    assert ws.prediction == 8.5 * 0.1 + 0.65 * 0.2 + 1.2 * 0
    assert str(ws.prediction) == "0.9800000000000001"  # the book shows 0.98
    assert ws.contributions == (0.8500000000000001, 0.13, 0.0)
    assert ws.inputs == (8.5, 0.65, 1.2) and ws.weights == (0.1, 0.2, 0)


def test_weighted_sum_adds_left_to_right_like_the_loop():
    inputs, weights = (0.1, 0.2, 0.3), (1.0, 1.0, 1.0)
    expected = 0.0
    for x, w in zip(inputs, weights):
        expected += x * w
    assert weighted_sum(inputs, weights).prediction == expected == 0.6000000000000001
    assert w_sum(inputs, weights) == expected


def test_weighted_sum_is_frozen():
    ws = weighted_sum((1.0,), (2.0,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        ws.prediction = 3.0


def test_weighted_sum_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="3 inputs and 2 weights"):
        weighted_sum((1, 2, 3), (0.1, 0.2))
    with pytest.raises(ValueError, match="one weight"):
        w_sum((1,), ())


def test_sweep_weight_is_a_line_with_the_input_as_slope():
    cols = sweep("weight", 8.5, low=-1.0, high=1.0, points=5)
    assert cols["weight"] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert cols["prediction"] == [-8.5, -4.25, 0.0, 4.25, 8.5]


def test_sweep_input_is_a_line_with_the_weight_as_slope():
    cols = sweep("input", 0.5, low=0.0, high=4.0, points=3)
    assert cols["input"] == [0.0, 2.0, 4.0]
    assert cols["prediction"] == [0.0, 1.0, 2.0]
    assert len(sweep("input", 2.0)["input"]) == 41
    with pytest.raises(ValueError, match="'weight' or 'input'"):
        sweep("goal", 2.0)


@pytest.mark.parametrize(
    "weight, words",
    [(0, "silences"), (1, "unchanged"), (-0.5, "flips"), (2, "up"), (0.5, "down")],
)
def test_knob_effect(weight, words):
    assert words in knob_effect(weight)


def test_round_off_explains_the_books_point_nine_eight():
    rounded, leftover = round_off(weighted_sum((8.5, 0.65, 1.2), (0.1, 0.2, 0)).prediction)
    assert rounded == 0.98
    assert leftover == 1.1102230246251565e-16
    assert round_off(1.0) == (1.0, 0.0)  # a float that prints short has nothing left over
    assert round_off(0.123456, digits=2) == (0.12, 0.123456 - 0.12)


def test_issue9_item13_what_each_input_contributes_is_computed():
    from primer.neuron import (
        TEAM_INPUTS,
        TEAM_NAMES,
        TEAM_WEIGHTS,
        contributions_sentence,
        shares,
    )

    ws = weighted_sum(TEAM_INPUTS, TEAM_WEIGHTS)
    text = contributions_sentence(ws, TEAM_NAMES)
    # the toes are far from ignored: they supply 0.85 of the 0.98
    assert text.startswith("'toes' supplies 0.85 (86.7%) of the 0.98; 'win/loss record' 0.13")
    assert "'fans' adds nothing: its weight is 0." in text
    assert "ignore" not in text.replace("No input is ignored", "")
    toes, record, fans = shares(ws, TEAM_NAMES)
    assert toes.contribution == 0.8500000000000001 and not toes.silent
    assert fans.silent and fans.silenced_by == "its weight is 0"
    every = contributions_sentence(weighted_sum((8.5, 0.65, 1.2), (0.1, -0.2, 0.3)), TEAM_NAMES)
    assert "No input is ignored" in every and "%" not in every  # mixed signs: no shares
    silent_input = contributions_sentence(weighted_sum((0.0, 0.65, 1.2), (0.1, 0.2, 0.3)),
                                          TEAM_NAMES)
    assert "'toes' adds nothing: its input is 0." in silent_input


def test_issue9_item12_the_team_example_names_the_book():
    from primer.neuron import TEAM_EXAMPLE, TEAM_INPUTS, TEAM_WEIGHTS

    assert "Andrew Trask's *Grokking Deep Learning*" in TEAM_EXAMPLE
    assert str(weighted_sum(TEAM_INPUTS, TEAM_WEIGHTS).prediction) == "0.9800000000000001"
