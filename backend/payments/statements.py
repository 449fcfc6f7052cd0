"""Reading the bank's statement CSV: any usual header, `,` or `;`, Bolivian or ISO dates and amounts."""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

COLUMNS = {
    "booked_on": ("fecha", "fecha de operacion", "fecha valor", "date"),
    "reference": (
        "numero",
        "nro",
        "nro documento",
        "numero de documento",
        "n documento",
        "referencia",
        "numero de deposito",
        "nro deposito",
        "comprobante",
        "reference",
    ),
    "amount": ("monto", "importe", "abono", "credito", "amount"),
    "depositor": ("depositante", "nombre", "ordenante", "glosa", "descripcion", "concepto"),
    "operation_type": ("tipo", "tipo de operacion", "operacion", "transaccion"),
}
REQUIRED = ("booked_on", "reference", "amount")


@dataclass(frozen=True)
class StatementRow:
    reference: str
    booked_on: date
    amount_bs: Decimal
    depositor: str | None
    operation_type: str | None


def plain(text: str) -> str:
    """Lower case, no accents or punctuation: how headers are compared."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def parse_amount(text: str) -> Decimal:
    """`1.234,50`, `1,234.50`, `350`, `350,00` → Decimal; raises ValueError."""
    value = re.sub(r"[^\d,.\-]", "", text)
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        value = value.replace("." if decimal_mark == "," else ",", "").replace(decimal_mark, ".")
    elif "," in value:
        value = value.replace(",", ".") if re.search(r",\d{1,2}$", value) else value.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"«{text}» no es un monto") from None
    if amount <= 0:
        raise ValueError(f"«{text}» no es un abono")
    return amount


def parse_date(text: str) -> date:
    """`25/11/2026`, `25-11-2026`, `25/11/26` or `2026-11-25`; raises ValueError."""
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» no es una fecha")


def read_statement(content: str) -> tuple[list[StatementRow], list[str]]:
    """The credit lines of the statement, and one message per line that could not be read."""
    content = content.lstrip("\ufeff")
    sample = content[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        return [], ["El archivo está vacío"]
    names = [plain(cell) for cell in header]
    position = {
        field: next((i for i, name in enumerate(names) if name in aliases), None) for field, aliases in COLUMNS.items()
    }
    missing = [field for field in REQUIRED if position[field] is None]
    if missing:
        wanted = ", ".join(COLUMNS[field][0] for field in missing)
        return [], [f"Faltan columnas: {wanted} (encabezado leído: {', '.join(header)})"]
    rows, errors = [], []
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(field: str, cells: list[str] = cells) -> str:
            index = position[field]
            return cells[index].strip() if index is not None and index < len(cells) else ""

        try:
            reference = cell("reference")
            if not reference:
                raise ValueError("falta el número")
            rows.append(
                StatementRow(
                    reference=reference[:60],
                    booked_on=parse_date(cell("booked_on")),
                    amount_bs=parse_amount(cell("amount")),
                    depositor=cell("depositor")[:200] or None,
                    operation_type=cell("operation_type")[:60] or None,
                )
            )
        except ValueError as error:
            errors.append(f"Línea {line_number}: {error}")
    return rows, errors
