"""The y-axis of the chart of the expected afdrachten: round amounts from 0, covering the highest value with room."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from koers.finance import forecast


@given(st.decimals(min_value=1, max_value=10**11, places=2))
def test_the_ticks_are_round_equal_steps_from_zero_above_the_highest(highest):
    ticks = forecast.axis_ticks(highest)
    assert ticks[0] == 0 and ticks[-1] >= highest * Decimal("1.04")
    assert 3 <= len(ticks) <= 7
    step = ticks[1]
    assert all(b - a == step for a, b in zip(ticks, ticks[1:], strict=False))
    mantissa = step / Decimal(10) ** (len(str(int(step))) - 1)
    assert mantissa in {1, 2, Decimal("2.5"), 5, 10}


def test_the_chart_labels_its_axis_with_round_amounts():
    data = {"labels": ["2024-2025", "2025-2026", "2026-2027"], "values": ["4969963", "5504019", "5292592"],
            "low": ["4969963", "5441618", "4729792"], "high": ["4969963", "5828695", "6584372"],
            "norm": ["5027067", None, None]}  # fmt: skip
    svg = str(forecast.chart_svg(data))
    for amount in ("EUR 0<", "EUR 2.000.000<", "EUR 4.000.000<", "EUR 6.000.000<", "EUR 8.000.000<"):
        assert amount in svg
    assert "EUR 7.111.122" not in svg and "begroting (norm)" in svg
