"""Amounts of money as customers and staff read them: `Bs 1.234,50`.

Used by the back office and by the action server alike (the action server's image copies this module)."""

from decimal import Decimal


def money(amount: Decimal | str | int | float) -> str:
    """`Bs 1.234,50`: bolivianos with the Spanish separators."""
    return f"Bs {Decimal(str(amount)):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
