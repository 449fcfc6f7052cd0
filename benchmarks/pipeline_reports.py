"""How long the supervisor reports and one pipeline sweep take on a busy month.

    .venv/bin/python -m benchmarks.pipeline_reports [leads]

Seeds a SQLite file with `leads` leads (default 5000) over 30 days — a quote for most, an order for a third,
a sale for half of those, an assignment each — then prints the time of each report and of a sweep.
"""

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from backend import demo_data
from backend.auth.models import Role, User
from backend.business_hours import BusinessHours
from backend.catalog.models import Plan
from backend.coverage.models import CoverageZone
from backend.customers.models import Customer, CustomerType
from backend.database import make_engine, make_session_factory, to_db, transaction
from backend.leads.models import Lead, LeadStage, PaymentMethod
from backend.migrations import upgrade_schema
from backend.orders.models import Order, OrderState, OrderStateChange
from backend.pipeline.models import LeadAssignment
from backend.pipeline.rules import PipelineRules
from backend.pipeline.scheduler import PipelineScheduler
from backend.quotes.models import Quote
from backend.reports import kpi, sales, unattended
from backend.reports.period import ReportFilter

ZONE = ZoneInfo("America/La_Paz")
START = datetime(2026, 10, 1, 12, tzinfo=UTC)


def seed(factory, leads: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    with transaction(factory) as db:
        demo_data.load(db)
        plans = list(db.scalars(select(Plan)))
        zones = list(db.scalars(select(CoverageZone)))
        executives = [
            User(email=f"e{i}@venta.bo", full_name=f"Ejecutivo {i}", hashed_password="x", role=Role.EXECUTIVE)
            for i in range(12)
        ]
        db.add_all(executives)
        db.flush()
        for i in range(leads):
            created = START + timedelta(minutes=rng.randrange(30 * 24 * 60))
            owner, zone, plan = rng.choice(executives), rng.choice(zones), rng.choice(plans)
            lead = Lead(
                conversation_id=f"webchat:b{i}",
                channel=rng.choice(["webchat", "whatsapp", "telegram"]),
                stage=LeadStage.INFORMED,
                owner_id=owner.id,
                coverage_zone_id=zone.id,
                city=zone.city,
                offered_plan_id=plan.id,
                created_at=to_db(created),
            )
            db.add(lead)
            db.flush()
            db.add(
                LeadAssignment(
                    lead_id=lead.id,
                    user_id=owner.id,
                    assigned_at=to_db(created),
                    due_at=to_db(created + timedelta(hours=4)),
                    assigned_by="sistema",
                    reason="Lead nuevo",
                    worked_at=to_db(created + timedelta(minutes=20)),
                )
            )
            db.add(
                Quote(
                    lead_id=lead.id,
                    plan_id=plan.id,
                    monthly_price_bs=plan.monthly_price_bs,
                    installation_fee_bs=plan.installation_fee_bs,
                    quoted_by="assistant",
                    created_at=to_db(created),
                )
            )
            if i % 3 == 0:
                customer = Customer(customer_type=CustomerType.RESIDENTIAL, id_number=f"{i}", full_name="Cliente")
                db.add(customer)
                db.flush()
                order = Order(
                    lead_id=lead.id,
                    customer_id=customer.id,
                    plan_id=plan.id,
                    monthly_price_bs=plan.monthly_price_bs,
                    installation_fee_bs=plan.installation_fee_bs,
                    payment_method=PaymentMethod.POSTPAID,
                    address="Calle",
                    coverage_zone_id=zone.id,
                    state=OrderState.SALE if i % 2 == 0 else OrderState.PRE_SALE,
                    created_at=to_db(created + timedelta(hours=1)),
                )
                order.state_changes.append(
                    OrderStateChange(
                        to_state=OrderState.PRE_SALE,
                        changed_by="assistant",
                        changed_at=to_db(created + timedelta(hours=1)),
                    )
                )
                if i % 2 == 0:
                    order.state_changes.append(
                        OrderStateChange(
                            from_state=OrderState.PRE_SALE,
                            to_state=OrderState.SALE,
                            changed_by="assistant",
                            changed_at=to_db(created + timedelta(hours=2)),
                        )
                    )
                db.add(order)


def timed(label: str, run) -> None:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    run()
    print(f"{label:<32} {(time.perf_counter() - began) * 1000:8.1f} ms")


def main() -> None:
    leads = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    began = time.perf_counter()
    seed(factory, leads)
    print(f"seeded {leads} leads in {time.perf_counter() - began:.1f} s")
    hours = BusinessHours.parse("mon-fri 08:30-18:30; sat 09:00-13:00", "America/La_Paz")
    month = ReportFilter(start=date(2026, 10, 1), end=date(2026, 10, 31), zone=ZONE)
    with transaction(factory) as db:
        timed(
            "sales report (a month)",
            lambda: sales.build(
                db=db, report=month, hours=hours, ideal=timedelta(minutes=15), sla=timedelta(hours=4), daily_goal=4
            ),
        )
        timed("unattended report (a month)", lambda: unattended.build(db=db, report=month))
        timed("monthly KPI", lambda: kpi.build(db=db, month=date(2026, 10, 1), zone=ZONE, threshold=98))
    scheduler = PipelineScheduler(sessions=factory, worker=None, rules=PipelineRules(hours=hours), interval=60)
    timed("pipeline sweep", lambda: scheduler.sweep(START + timedelta(days=31)))
    engine.dispose()


if __name__ == "__main__":
    main()
