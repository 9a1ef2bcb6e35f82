"""The SVG chart of an indicator: round axis values in Dutch notation, text that stays legible on a phone."""

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from koers.monitoring import charts
from koers.monitoring.charts import indicator_chart_svg, nice_ticks
from koers.monitoring.evaluation import Measurement


def _labels(low, high):
    ticks = nice_ticks(Decimal(str(low)), Decimal(str(high)))
    return [charts._tick_label(t, ticks[1] - ticks[0]) for t in ticks]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 100, ["0", "25", "50", "75", "100"]),  # was 0 / 28,8 / 57,5 / 86,3 / 115
        (0, 86.3, ["0", "25", "50", "75", "100"]),
        (0, 6, ["0", "2", "4", "6"]),  # was 0 / 6,9 / 13,8
        (0, 13.8, ["0", "5", "10", "15"]),
        (0, 0.09, ["0", "0,025", "0,05", "0,075", "0,1"]),
        (0, 601, ["0", "250", "500", "750"]),
        (0, 60123, ["0", "25.000", "50.000", "75.000"]),  # Dutch thousands
        (-3, 12, ["-5", "0", "5", "10", "15"]),
        (0, 0, ["0", "0,25", "0,5", "0,75", "1"]),  # nothing but zeros
    ],
)
def test_axis_values_are_round_steps_in_dutch_notation(low, high, expected):
    assert _labels(low, high) == expected


def test_every_step_is_1_2_2_5_or_5_times_a_power_of_ten():
    for high in (Decimal("0.37"), Decimal(7), Decimal("42.5"), Decimal(99), Decimal(1234), Decimal("87654.3")):
        ticks = nice_ticks(Decimal(0), high)
        step = ticks[1] - ticks[0]
        mantissa = step.scaleb(-step.adjusted()).normalize()
        assert mantissa in (1, 2, Decimal("2.5"), 5), (high, step)
        assert ticks[0] <= 0 and ticks[-1] >= high and 4 <= len(ticks) <= 7


def _point(label, value, status="niet_behaald"):
    return Measurement(label, date(2025, 7, 31), Decimal(value), f"{value}%".replace(".", ","), status, "niet behaald")


def _indicator(**kwargs):
    values = {"pk": 7, "title": "Scholen die voldoen", "norm_value": Decimal(100), "norm_value_high": None}
    values |= {"norm_kind": "drempel", "unit": "%", "norm_text": "100%"}
    return SimpleNamespace(**(values | kwargs))


def test_the_chart_uses_the_round_ticks_and_text_that_stays_11_px_on_a_phone():
    svg = indicator_chart_svg(_indicator(), [_point("2024-2025", "78.1"), _point("2025-2026", "80.2")])
    axis = re.findall(r'text-anchor="end" font-size="\d+" fill="#475467">([^<]*)</text>', svg)
    assert axis == ["0", "25", "50", "75", "100"]
    assert "28,8" not in svg and "86,3" not in svg
    width = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', svg)}
    # the page of a phone of 390 px leaves 358 px for the chart: no text smaller than 11 px there
    assert min(sizes) * 358 / width >= 11
    assert 'role="img"' in svg and "2024-2025: 78,1%" in svg  # the description keeps every value


def test_many_points_label_every_few_periods_and_always_the_last():
    points = [_point(f"T{t} {y}", "5") for y in range(2020, 2025) for t in (1, 2, 3)]
    svg = indicator_chart_svg(_indicator(unit="aantal", norm_kind="geen", norm_value=None), points)
    shown = re.findall(r">(T\d \d{4})</text>", svg)
    assert shown[-1] == "T3 2024" and 3 <= len(shown) < len(points)
    assert all(f"{p.period_label}: " in svg for p in points)  # all of them in the description


@pytest.mark.parametrize(("value", "unit"), [("80.4", "%"), ("79.6", "%"), ("100.5", "%"), ("99", "aantal")])
def test_one_measurement_stays_next_to_the_axis_and_its_label_off_the_norm_line(value, unit):
    """The report preview drew one measurement in the middle of a 700 px wide chart, with its label on the norm
    line: one point now takes one slot at the left, and a label that would cross a norm line moves."""
    svg = indicator_chart_svg(
        _indicator(norm_value=Decimal(80 if unit == "%" else 100), unit=unit), [_point("T3 2024", value)]
    )
    norm_y = float(re.search(r'<line x1="\d+" x2="\d+" y1="([\d.]+)" y2="[\d.]+" stroke="#344054"', svg).group(1))
    label = re.search(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" font-size="(\d+)" fill="#101828">', svg)
    x, baseline, size = float(label.group(1)), float(label.group(2)), int(label.group(3))
    assert x <= charts.WIDTH / 3  # not spread over the width: next to the axis
    assert not (baseline - size * 0.8 <= norm_y <= baseline + 2), (baseline, norm_y)  # the letters miss the line
    assert f">{value.replace('.', ',')}%</text>" in svg  # the value is still written
