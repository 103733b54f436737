"""Numbers as a lesson needs them: picked starts and η rounded where they are picked, tolerances in words."""

import pytest

from gdsim.model.rounding import picked_start, power_text, significant, start_text


def test_a_picked_start_has_the_start_boxes_four_decimals_unless_the_view_is_tiny():
    assert picked_start((-2.00149871234, 4.02184567891), span=10.0) == (-2.0015, 4.0218)
    assert picked_start((-0.00001, 0.5), span=10.0) == (0.0, 0.5)  # no −0.0
    assert picked_start((1.234567e-4, 0.0), span=1e-3) == (1.235e-4, 0.0)  # to 10⁻⁴ of the box


def test_a_picked_lr_has_six_significant_digits():
    assert significant(0.023598305123) == 0.0235983
    assert significant(12.3456789) == 12.3457


@pytest.mark.parametrize("value, text", [(1e-6, "10⁻⁶"), (2.5e-9, "2.5·10⁻⁹"), (0.01, "0.01"), (300.0, "300"),
                                         (1e-10, "10⁻¹⁰"), (9.99e-7, "10⁻⁶")])
def test_a_tolerance_is_written_as_a_person_writes_it(value, text):
    assert power_text(value) == text


def test_a_start_is_written_with_four_decimals_and_true_minus_signs():
    assert start_text((-2.00149871234, 4.02184567891)) == "(−2.0015, 4.0218)"
    assert start_text((-0.00001,)) == "(0.0000)"
