"""Customers who write as people do: how many conversations end right, and what a sale takes.

    .venv/bin/python -m benchmarks.conversations [--corpus original|fresh]

Starts the product as `make run` does and plays a corpus of 48 customers on web chat: 36 homes who word every
answer their own way (openers with a greeting and a request, names with titles, numbers spaced or in words,
references naming shops, hours with weekends, uses in a sentence), 6 businesses described in their own words
and 6 customers in places we do not serve. Each answers what the assistant asks. Printed: the share that ends
right (a registered request, the enterprise referral, the no-coverage notice), the answers that had to be said
twice, and the turns a complete sale takes. `--corpus fresh` plays `benchmarks/corpus_fresh.py` instead: 64
customers written apart from these, none of whose sentences is here.
"""

import argparse
import asyncio
import tempfile
from collections import Counter

from benchmarks import corpus_fresh
from benchmarks.load import COVERED_PIN, UNLIMITED_WEBCHAT, Figures, SaleCustomer, run_customers, webchat_sender, worded
from launcher.paths import ROOT
from launcher.rasa import train_model
from launcher.stack import Stack, free_port

OPENERS = [
    "hola",
    "buenas tardes",
    "quiero contratar internet para mi casa",
    "buenas tardes, quisiera info para poner internet en mi casa",
    "quisiera información",
    "kiero internet pls",
    "hola buen dia, cuanto cuesta el internet?",
    "necesito fibra en mi depa",
    "hola, me interesa el servicio",
    "qué planes tienen?",
    "buenas noches, quiero poner wifi en la casa",
    "holaa una consulta, tienen fibra?",
]
HOME_ANSWERS = [
    "para mi casa",
    "hogar",
    "es para la casa nomás",
    "para mi depa",
    "no es para empresa, es para mi casa",
    "residencial",
    "para la familia",
    "trabajo para una empresa de afuera, es para mi casa",
]
NAMES = [
    "Sofia Camacho",
    "Dra. Silvia Montaño",
    "me llamo Jorge Vargas",
    "soy Ana Gutiérrez",
    "Luis Fernando Quispe",
    "mi nombre es Carla Méndez Rojas",
    "Rodrigo Salazar",
    "Lic. Elena Flores",
]
PHONES = ["71234567", "mi cel es 7 123 4567", "+591 71234567", "76-543-210", "el 70011223", "+591 4 4251199"]
USES = [
    "para estudiar y hacer tareas",
    "netflix y series",
    "trabajo desde casa",
    "para hablar con mis hijos en España por videollamada",
    "juegos en linea",
    "redes sociales nomas",
]
HOURS = ["en las noches", "todo el día", "en las noches y fines de semana", "por las tardes", "en la mañana"]
PEOPLE = ["somos 4", "cuatro", "tres personas", "vivo solo", "somos seis", "2"]
PLACES = [
    {"location": COVERED_PIN},
    {"text": "Calle Los Pinos 22, Sarco"},
    {"text": "zona Queru Queru"},
    {"text": "vivo en Cala Cala"},
    {"text": "Av. Santa Cruz 1234, Queru Queru"},
]
REFERENCES = [
    "casa amarilla frente a la farmacia",
    "al lado de una tienda",
    "portón negro frente al negocio de don Pedro",
    "esquina con la plaza",
    "casa de dos pisos, reja verde",
]
IDS = ["4567891 CB", "mi carnet es 5123456", "CI 7894561 cbba", "6543210-1A LP"]
PAYMENTS = [{"button": "Postpago"}, {"text": "postpago"}, {"text": "pago cada mes con factura"}]
BUSINESSES = [
    "es para mi clínica dental",
    "tengo un taller mecánico",
    "para el hostal de mi familia",
    "es para un restaurante",
    "para la oficina de mi estudio contable",
    "para mi tienda de ropa",
]
OUTSIDE = ["en Sacaba, zona El Abra", "vivo en La Paz", "Quillacollo no, en Tiquipaya", "El Alto, zona 16 de julio",
           "en Vinto", "Colcapirhua, cerca de la plaza"]  # fmt: skip


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
    """48 customers, each wording things their own way."""
    customers = []
    for number in range(36):
        customers.append(worded(SaleCustomer(100 + number), number, HOME_WORDINGS))
    for number, description in enumerate(BUSINESSES):
        customer = SaleCustomer(200 + number)
        customer.opener, customer.kind = OPENERS[number], {"text": description}
        customer.ends_with = ("empresas",)
        customers.append(customer)
    for number, place in enumerate(OUTSIDE):
        customer = SaleCustomer(300 + number)
        customer.opener, customer.place = OPENERS[-number - 1], {"text": place}
        customer.ends_with = ("avisaremos",)
        customers.append(customer)
    return customers


CORPORA = {"original": corpus, "fresh": corpus_fresh.corpus}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="original")
    args = parser.parse_args()
    train_model(ROOT / "models")
    customers = CORPORA[args.corpus]()
    with tempfile.TemporaryDirectory() as folder:
        stack = Stack(
            database_url=f"sqlite:///{folder}/venta.db",
            backend_port=free_port(),
            rasa_port=free_port(),
            actions_port=free_port(),
            log_dir=ROOT / "var" / "benchmarks" / "logs",
            extra_env={"DOCUMENTS_DIR": f"{folder}/documents", **UNLIMITED_WEBCHAT},
        )
        with stack.running():
            figures = Figures("corpus")
            for start in range(0, len(customers), 8):  # a few at a time, as an evening goes
                batch = customers[start : start + 8]
                asyncio.run(run_customers(figures, stack.backend_url, batch, webchat_sender(f"corpus{start}")))
    ended = [c for c in customers if c.done]
    repeats = sum(sum(n - 1 for n in Counter(c.asked).values() if n > 1) for c in customers)
    sales = [len(c.asked) + 1 for c in customers if c.done and c.ends_with == ("sol-",)]
    print(f"Ended right: {len(ended)} of {len(customers)} customers ({len(ended) / len(customers):.0%})")
    print(f"Answers said twice: {repeats}")
    if sales:
        print(f"Turns of a complete sale: median {sorted(sales)[len(sales) // 2]}, fewest {min(sales)}")
    for customer in customers:
        if not customer.done:
            print(f"  did not end: opener {customer.opener!r}, last questions {customer.asked[-3:]}")
            for asked, heard in list(zip(customer.asked, customer.heard, strict=False))[-4:]:
                print(f"    answered {asked!r} to: {heard[:160]!r}")
    for error in sorted(set(figures.errors)):
        print(f"  error: {error}")


if __name__ == "__main__":
    main()
