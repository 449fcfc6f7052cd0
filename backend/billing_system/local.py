"""The billing system's answers from a local table staff import as CSV (`id_number,full_name,debt_bs,debt_since`)."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import Numeric, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from backend.billing_system.port import Sale, Standing
from backend.customers.identity import is_valid_ci, normal_ci
from backend.database import Base, run_in_transaction, utcnow
from backend.errors import DomainError

CSV_COLUMNS = ("id_number", "full_name", "debt_bs", "debt_since")


class BillingAccount(Base):
    """A customer of the billing system, as last imported."""

    __tablename__ = "billing_accounts"

    id_number: Mapped[str] = mapped_column(String(30), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    debt_bs: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    debt_since: Mapped[date | None]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


def import_csv(*, db: Session, text: str) -> int:
    """Add or update the accounts of a CSV export (a header row names the columns); how many rows were read.
    A bad row refuses the whole file, with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    missing = set(CSV_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise DomainError(f"Faltan columnas en el CSV: {', '.join(sorted(missing))}")
    count = 0
    for line, row in enumerate(reader, start=2):
        id_number = normal_ci(row["id_number"] or "")
        if not is_valid_ci(id_number):
            raise DomainError(f"Línea {line}: «{row['id_number']}» no es un CI")
        try:
            debt = Decimal((row["debt_bs"] or "0").replace(",", "."))
            since = date.fromisoformat(row["debt_since"]) if (row["debt_since"] or "").strip() else None
        except (InvalidOperation, ValueError) as error:
            raise DomainError(f"Línea {line}: deuda o fecha no válida ({error})") from error
        account = db.get(BillingAccount, id_number) or BillingAccount(id_number=id_number)
        account.full_name = (row["full_name"] or "").strip()[:120]
        account.debt_bs, account.debt_since, account.imported_at = debt, since, utcnow()
        db.add(account)
        count += 1
    db.flush()
    return count


class LocalBillingSystem:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def standing(self, id_number: str) -> Standing:
        def read(db: Session) -> Standing:
            account = db.scalar(select(BillingAccount).where(BillingAccount.id_number == id_number))
            if account is None:
                return Standing(existing_customer=False)
            return Standing(existing_customer=True, debt_bs=account.debt_bs, debt_since=account.debt_since)

        return await run_in_transaction(self._sessions, read)

    async def hand_over(self, sale: Sale) -> str:
        """Nothing to call: the sale goes to billing in the day's CSV export."""
        return f"CSV-{sale.number}"

    async def close(self) -> None:
        pass
