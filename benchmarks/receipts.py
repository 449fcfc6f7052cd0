"""How well receipts are read for the clerk: receipts drawn here in four bank layouts, clean and as a phone
photographs them (tilted, blurred, unevenly lit, grainy, JPEG), each with its own deposit.

    .venv/bin/python -m benchmarks.receipts [receipts per layout and kind, default 10]

Prints, per layout and kind, how many of the deposit number, amount, date and depositor were read right, the
share of receipts read entirely right, and the time per receipt. Needs Debian's tesseract-ocr and
tesseract-ocr-spa (`make test` installs them).
"""

import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from backend.payments.receipt_reading import ReceiptReading, read, text_of
from tests.helpers.receipts import LAYOUTS, Deposit, render

FIRST = ["Carla", "Luis", "Ana María", "Jorge", "Sofía", "Marco Antonio", "Elena", "Rodrigo", "Wilma", "Fabiola"]
LAST = ["Vargas", "Rojas", "Quispe", "Mamani", "Gutiérrez", "Céspedes", "Choque", "Soliz", "Montaño", "Arce"]
FIELDS = ("deposit_number", "amount_bs", "deposit_date", "depositor")


def deposit(rng: random.Random) -> Deposit:
    return Deposit(
        number=str(rng.randrange(10**7, 10**9)),
        amount_bs=Decimal(rng.choice([199, 249, 299, 349, 449, 1234])) + Decimal(rng.choice([0, 50])) / 100,
        on=date(2026, 1, 1) + timedelta(days=rng.randrange(340)),
        depositor=f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}",
    )


def right_fields(reading: ReceiptReading, truth: Deposit) -> set[str]:
    expected = {
        "deposit_number": truth.number,
        "amount_bs": truth.amount_bs,
        "deposit_date": truth.on,
        "depositor": truth.depositor,
    }
    return {name for name in FIELDS if getattr(reading, name) == expected[name]}


def main() -> None:
    per_kind = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rng = random.Random(2026)
    totals: Counter[str] = Counter()
    count = whole = 0
    spent = 0.0
    print(f"{'layout':24} {'kind':12} {'n.º':>5} {'monto':>6} {'fecha':>6} {'depos.':>6} {'entero':>7} {'s/recibo':>9}")
    for layout in sorted(LAYOUTS):
        for photographed in (False, True):
            right: Counter[str] = Counter()
            entire = 0
            started = time.perf_counter()
            for index in range(per_kind):
                truth = deposit(rng)
                data = render(layout, truth, photographed=photographed, seed=index)
                fields = right_fields(read(text_of(data, "image/jpeg" if photographed else "image/png")), truth)
                right.update(fields)
                entire += len(fields) == len(FIELDS)
            took = (time.perf_counter() - started) / per_kind
            spent += took * per_kind
            totals.update(right)
            count += per_kind
            whole += entire
            cells = " ".join(f"{right[name]:>{w}}" for name, w in zip(FIELDS, (5, 6, 6, 6), strict=True))
            kind = "fotografiado" if photographed else "limpio"
            print(f"{layout:24} {kind:12} {cells} {entire / per_kind:>7.0%} {took:>9.2f}")
    fields_right = sum(totals.values())
    print(
        f"\n{count} receipts, {count * len(FIELDS)} fields: {fields_right} read right "
        f"({fields_right / (count * len(FIELDS)):.1%}); receipts entirely right: {whole} ({whole / count:.0%}); "
        f"{spent / count:.2f} s per receipt"
    )
    for name in FIELDS:
        print(f"  {name:15} {totals[name]}/{count}")


if __name__ == "__main__":
    main()
