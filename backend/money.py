"""Amounts of money as customers and staff read them: `Bs 1.234,50`."""

from decimal import Decimal


def money(amount: Decimal) -> str:
    """`Bs 1.234,50`: bolivianos with the Spanish separators."""
    return f"Bs {amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
