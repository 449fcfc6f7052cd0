"""A sold request whose customer is offered visit times."""

from tests.helpers.customers import COVERED_PIN, Customer

SLOT_TITLE = ("lun ", "mar ", "mié ", "jue ", "vie ", "sáb ")


def postpaid_sale(customer: Customer, name: str, ci: str) -> str:
    """A residential postpaid sale up to the confirmation; the assistant's last reply."""
    customer.says("hola")
    customer.presses("🏠 Para mi hogar")
    customer.says_each(name, "72223344", f"{ci}@correo.bo", "para trabajar desde casa", "en la mañana", "somos 2")
    customer.shares_location(COVERED_PIN)
    customer.says("casa celeste frente a la cancha")
    customer.presses("¡Lo quiero!")
    customer.says(ci)
    customer.presses("Postpago")
    return customer.presses("Acepto")


def slot_titles(customer: Customer) -> list[str]:
    return [b["title"] for b in customer.last_buttons if b["title"].startswith(SLOT_TITLE)]
