"""A second corpus of customers, written apart from `benchmarks/conversations.py`'s and sharing none of its
sentences: openers that ask the price or name the zone, places that start with their zone or are spelled as they
sound, uses, hours and households described rather than listed, and questions about the terms in the middle
of the sale.

    .venv/bin/python -m benchmarks.conversations --corpus fresh
"""

from typing import Any

from benchmarks.load import SaleCustomer, worded

OPENERS = [
    "hola, quiero internet para mi casa en Queru Queru, cuanto cuesta?",
    "buen día, me pasaron su número, quiero averiguar del internet",
    "holi, tienen fibra en Sarco?",
    "Buenas!! necesito internet urgente",
    "consulta: cuánto sale el plan más barato?",
    "hola q tal, quisiera poner internet",
    "saludos, me interesa contratar fibra óptica",
    "hola, vi su publicidad en facebook",
    "buenas, quiero cambiarme de proveedor",
    "hola, llegan a Cala Cala?",
    "quiero internet para la casa de mis papás",
    "hola buenas noches, precios de internet porfa",
]
HOME_ANSWERS = [
    "es para la casa",
    "para uso de la familia",
    "casa nomás",
    "para donde vivo",
    "es para el hogar",
    "para mi departamento",
]
NAMES = [
    "Gabriela Torrico",
    "soy Marcelo Antezana Rocha",
    "Ing. Patricia Zurita",
    "me llamo Wilson Mamani",
    "Verónica Soliz de Andrade",
    "Ramiro Céspedes",
    "mi nombre es Noemí Arnez",
    "Fernando Villarroel",
]
PHONES = ["69543210", "cel 7 455 6677", "mi número es 70987654", "+591 68812345", "74-112-233", "wsp 65432198"]
USES = [
    "los chicos pasan clases por meet y yo veo youtube",
    "mi esposo trabaja por zoom y los niños juegan",
    "más que nada para ver películas en la tele",
    "para las tareas del colegio",
    "tengo un emprendimiento y vendo por internet desde la casa",
    "videollamadas con la familia que vive afuera",
    "mis hijos juegan free fire y fortnite",
    "lo normal, whatsapp, facebook y tiktok",
]
HOURS = [
    "desde que llegan del colegio hasta la medianoche",
    "cuando llegamos del trabajo",
    "casi todo el día la verdad",
    "en las mañanitas y otra vez en la noche",
    "después de almuerzo",
    "a toda hora, hay alguien siempre",
    "más de noche",
]
PEOPLE = [
    "mi esposa, mis dos hijos y yo",
    "somos cinco en la casa",
    "mi mamá, mi hermano y yo",
    "vivo con mi pareja",
    "solo yo",
    "somos una familia de seis",
    "tres",
]
PLACES = [
    {"text": "Cala Cala, calle Los Ceibos 221"},
    {"text": "keru keru, cerca de la av. América"},
    {"text": "kala kala frente al mercadito"},
    {"text": "zona sarco, calle Beni 45"},
    {"text": "en la Tupuraya, pasaje 3"},
    {"text": "Las Cuadras, calle Tarija 880"},
    {"text": "Centro, calle Jordán 350"},
    {"text": "por Queru Queru, av. Uyuni casi Potosí"},
]
REFERENCES = [
    "portón café al lado de la panadería",
    "edificio blanco, tercer piso",
    "frente a la cancha de fútbol",
    "casa con rejas negras a media cuadra del surtidor",
    "la casa celeste de la esquina",
]
IDS = ["CI 3456789 CB", "mi carnet es 8123456 cbba", "7788990-1B CB", "5566778 LP"]
PAYMENTS = [{"text": "prefiero postpago"}, {"button": "Postpago"}, {"text": "mensual con factura"}]
ASIDES = [
    {"referencia": "una pregunta, hay un tiempo mínimo de contrato?"},
    {"carnet": "y la instalación cuánto cuesta?"},
    {"personas": "el router viene incluido?"},
    {},
    {},
]
BUSINESSES = [
    "es para mi consultorio",
    "tenemos una farmacia",
    "para una escuela de inglés",
    "es para el local de mi empresa constructora",
    "para la ferretería",
    "necesito para un café internet",
    "para las oficinas de una ONG",
    "es para mi pensión de comida",
]
OUTSIDE = [
    "en Sakaba, por la plaza principal",
    "vivo en Punata",
    "en el alto de la paz",
    "Tiquipaya, zona Linde",
    "Santa Cruz, 3er anillo",
    "en Oruro",
    "Colcapirhua km 9",
    "en Sipe Sipe",
]


class CuriousCustomer(SaleCustomer):
    """A customer who, the first time a question comes, asks something about the offer before answering it."""

    def __init__(self, number: int, asides: dict[str, str]) -> None:
        super().__init__(number)
        self.asides = dict(asides)

    def answer(self, reply: str, buttons: list[dict[str, str]]) -> dict[str, Any] | None:
        said = reply.lower()
        for question, aside in list(self.asides.items()):
            if question in said and not any(ending in said for ending in self.ends_with):
                del self.asides[question]
                self.asked.append(f"aside before {question}")  # a turn of its own, never a repeat
                return {"text": aside}
        return super().answer(reply, buttons)


# Which list each answer of a home customer is said from.
HOME_WORDINGS = {
    "opener": OPENERS,
    "kind": [{"text": answer} for answer in HOME_ANSWERS],
    "name": NAMES,
    "phone": PHONES,
    "usage": USES,
    "hours": HOURS,
    "people": PEOPLE,
    "place": PLACES,
    "reference": REFERENCES,
    "ci": IDS,
    "payment": PAYMENTS,
}


def corpus() -> list[SaleCustomer]:
    """64 customers: 48 homes, 8 businesses and 8 in places we do not serve."""
    customers: list[SaleCustomer] = []
    for number in range(48):
        customers.append(worded(CuriousCustomer(500 + number, ASIDES[number % len(ASIDES)]), number, HOME_WORDINGS))
    for number, description in enumerate(BUSINESSES):
        customer = SaleCustomer(600 + number)
        customer.opener, customer.kind = OPENERS[number + 1], {"text": description}
        customer.ends_with = ("empresas",)
        customers.append(customer)
    for number, place in enumerate(OUTSIDE):
        customer = SaleCustomer(700 + number)
        customer.opener, customer.place = OPENERS[-number - 1], {"text": place}
        customer.ends_with = ("avisaremos",)
        customers.append(customer)
    return customers
