"""Dutch number, money, percentage and date formats: 2,5%; 19-09-2024; EUR 10.397.136."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal


def _group(integer_part: str) -> str:
    digits = integer_part.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ("-" if integer_part.startswith("-") else "") + ".".join(groups)


def number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:f}"
    integer, _, fraction = text.partition(".")
    return _group(integer) + ("," + fraction if fraction else "")


def percentage(value, decimals: int = 1) -> str:
    return "–" if value is None else number(value, decimals) + "%"


def money(value, decimals: int = 0) -> str:
    return "–" if value is None else "EUR " + number(value, decimals)


def dutch_date(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)
