"""Dutch number, money, percentage and date formats: 2,5%; 19-09-2024; EUR 10.397.136."""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _group(integer_part: str) -> str:
    digits = integer_part.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ("-" if integer_part.startswith("-") else "") + ".".join(groups)


def rounded(value, decimals: int = 0) -> Decimal:
    """The value as it is shown: rounded half up to ``decimals`` places (2,345 -> 2,35)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return "–"
    rounded_value = rounded(value, decimals)
    if rounded_value == 0:
        rounded_value = abs(rounded_value)
    text = f"{rounded_value:f}"
    integer, _, fraction = text.partition(".")
    return _group(integer) + ("," + fraction if fraction else "")


def percentage(value, decimals: int = 1) -> str:
    return "–" if value is None else number(value, decimals) + "%"


def money(value, decimals: int = 0, nbsp: bool = False) -> str:
    """EUR 10.397.136; with ``nbsp`` the space after EUR does not break (EUR stays with its amount on a line)."""
    return "–" if value is None else ("EUR\u00a0" if nbsp else "EUR ") + number(value, decimals)


_MONEY_IN_TEXT = re.compile(
    r"(?:€|\bEUR\b)[ \u00a0]*(-?\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|-?\d+(?:,\d{1,2})?)(?![\d.,]*\d)"
)


def has_money(text: str) -> bool:
    """Whether free text names an amount (€ 1.250 or EUR 1.250)."""
    return bool(_MONEY_IN_TEXT.search(text or ""))


def money_in_text(text: str) -> str:
    """Amounts in free text in the app's money format: '€ 5.718.331,00' -> 'EUR 5.718.331' (non-breaking space).

    The amount itself is kept as written: cents stay when they are not ,00. Other text is left alone.
    """

    def replace(match):
        try:
            value = Decimal(match.group(1).replace(".", "").replace(",", "."))
        except InvalidOperation:
            return match.group(0)
        return money(value, 0 if value == value.to_integral_value() else 2, nbsp=True)

    return _MONEY_IN_TEXT.sub(replace, text or "")


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
