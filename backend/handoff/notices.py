"""What the customer is told when a person takes the conversation over."""


def taken_over_by(first_name: str) -> str:
    return f"👋 Hola, te atiende {first_name}, del equipo de ventas. Desde ahora sigo yo con tu consulta."
