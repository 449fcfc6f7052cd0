"""What the customer is told on their channel when their payment is decided."""

from decimal import Decimal

from backend.conversations.messages import Button, OutboundMessage
from backend.money import money


def confirmed(*, amount_bs: Decimal, order_number: str, invoice_label: str, email: str | None) -> OutboundMessage:
    sent_to = f" y la enviamos a {email}" if email else ""
    return OutboundMessage(
        text=f"✅ ¡Confirmamos tu pago de {money(amount_bs)}! Tu solicitud {order_number} ya es una venta. "
        f"Emitimos tu factura N° {invoice_label}{sent_to}."
    )


def rejected(*, deposit_number: str | None, reason: str) -> OutboundMessage:
    deposit = f" del depósito N° {deposit_number}" if deposit_number else ""
    return OutboundMessage(
        text=f"😕 No pudimos validar tu comprobante{deposit}: {reason}. "
        "Envíame por aquí la foto del comprobante correcto y Cobranzas lo revisa de nuevo."
    )


def declined(reason: str | None) -> OutboundMessage:
    why = f" ({reason})" if reason else ""
    return OutboundMessage(
        text=f"😕 Tu pago en línea no fue aprobado{why}. No se te cobró nada. ¿Quieres intentar de nuevo o "
        "prefieres pagar por transferencia bancaria?",
        buttons=[
            Button(title="Intentar de nuevo", payload='/choose_payment_option{"payment_option": "online"}'),
            Button(title="Transferencia", payload='/choose_payment_option{"payment_option": "transfer"}'),
        ],
    )
