"""The supervisor reports over HTTP, checked against a week of sales counted by hand (tests/report_data.py)."""

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.auth import service as user_service
from backend.auth.models import Role
from backend.config import Settings
from backend.database import transaction
from backend.reports.exports import to_csv
from tests.helpers.basics import login
from tests.helpers.pipeline_data import PASSWORD, staff
from tests.helpers.report_data import build_week

pytestmark = pytest.mark.both_engines

WEEK = {"start": "2026-11-09", "end": "2026-11-13"}


@pytest.fixture
def reports(settings: Settings) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings.BUSINESS_HOURS = "mon-fri 08:30-18:30"
    settings.PIPELINE_CHECK_SECONDS = 3600
    with TestClient(create_app(settings)) as client:
        with transaction(client.app.state.session_factory) as db:
            build_week(db)
            staff(db, "Sara Supervisora", role=Role.SUPERVISOR)
        yield client, login(client, "sara.supervisora@venta.bo", PASSWORD)


def by_key(rows: list[dict]) -> dict[str, tuple[int, int, int, int]]:
    return {row["key"]: (row["leads"], row["quotes"], row["orders"], row["sales"]) for row in rows}


def test_the_sales_report_counts_the_week(reports: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = reports
    report = client.get("/api/reports/sales", params=WEEK, headers=headers).json()
    assert by_key(report["per_channel"]) == {
        "webchat": (2, 2, 1, 2),
        "whatsapp": (2, 1, 1, 1),
        "telegram": (1, 1, 1, 0),
        "field": (1, 0, 1, 0),
    }
    assert report["totals"] == {"leads": 6, "quotes": 4, "orders": 4, "sales": 3}
    assert by_key(report["per_executive"]) == {
        "Ana Week": (2, 2, 2, 3),
        "Beto Week": (3, 2, 2, 0),
        "Sin asignar": (1, 0, 0, 0),
    }
    assert by_key(report["per_plan"]) == {
        "Fibra Hogar 80": (2, 2, 3, 1),
        "Fibra Hogar 40": (2, 2, 1, 1),
        "Fibra Hogar 150": (0, 0, 0, 1),
    }
    assert report["funnel"] == [["Leads", 6], ["Informados", 5], ["Pre-venta", 4], ["Venta", 2]]
    handling = report["handling"]
    assert (handling["assistant_minutes"], handling["assistant_count"]) == (31.7, 3)  # (30 + 20 + 45) / 3
    assert (handling["executive_minutes"], handling["executive_count"]) == (83.3, 3)  # (10 + 180 + 60) / 3
    assert (handling["executive_within_ideal"], handling["executive_within_sla"]) == (1, 3)
    assert (handling["collections_minutes"], handling["collections_count"]) == (75.0, 2)  # (120 + 30) / 2
    assert (report["conversations"], report["answered_conversations"]) == (3, 2)
    assert report["daily_goal"] == 4
    assert report["daily_sales"]["Ana Week"] == {"2026-11-10": 2, "2026-11-12": 1}
    assert report["daily_sales"]["Beto Week"] == {}


def test_the_sales_report_filters_by_channel_and_zone(reports: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = reports
    whatsapp = client.get("/api/reports/sales", params={**WEEK, "channel": "whatsapp"}, headers=headers).json()
    assert by_key(whatsapp["per_channel"]) == {"whatsapp": (2, 1, 1, 1)}
    assert (whatsapp["conversations"], whatsapp["answered_conversations"]) == (1, 0)
    zones = {z["name"]: z["id"] for z in client.get("/api/coverage/zones").json()}
    centro = client.get("/api/reports/sales", params={**WEEK, "zone_id": zones["Centro"]}, headers=headers).json()
    assert centro["totals"] == {"leads": 3, "quotes": 2, "orders": 3, "sales": 3}
    assert centro["funnel"] == [["Leads", 3], ["Informados", 3], ["Pre-venta", 3], ["Venta", 2]]


def test_the_unattended_report_gives_each_request_with_its_reason(reports: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = reports
    report = client.get("/api/reports/unattended", params=WEEK, headers=headers).json()
    assert [(row["reason"], row["detail"]) for row in report["rows"]] == [
        ("annulled", "El cliente se mudó"),
        ("no_coverage", ""),
        ("offer_declined", "Precio alto"),
    ]
    assert report["by_reason"] == {"Sin cobertura": 1, "Oferta rechazada": 1, "Solicitud anulada": 1}
    assert report["total"] == 3
    zones = {z["name"]: z["id"] for z in client.get("/api/coverage/zones").json()}
    queru = client.get("/api/reports/unattended", params={**WEEK, "zone_id": zones["Queru Queru"]}, headers=headers)
    assert [row["reference"] for row in queru.json()["rows"]] == [queru.json()["rows"][0]["reference"]]
    assert queru.json()["rows"][0]["reason_label"] == "Oferta rechazada"
    webchat = client.get("/api/reports/unattended", params={**WEEK, "channel": "webchat"}, headers=headers).json()
    assert [row["reason"] for row in webchat["rows"]] == ["offer_declined"]
    before = client.get("/api/reports/unattended", params={"start": "2026-11-01", "end": "2026-11-10"}, headers=headers)
    assert before.json()["total"] == 0

    exported = client.get("/api/reports/unattended.csv", params=WEEK, headers=headers)
    assert exported.headers["content-type"].startswith("text/csv")
    assert "solicitudes-no-atendidas.csv" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Fecha", "Referencia", "Motivo"]
    assert [row[2] for row in rows[1:]] == ["Solicitud anulada", "Sin cobertura", "Oferta rechazada"]
    assert rows[1][0] == "2026-11-12 17:00"


def test_the_monthly_kpi_compares_billing_with_last_month(reports: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = reports
    november = client.get("/api/reports/kpi", params={"month": "2026-11-15"}, headers=headers).json()
    # 600.00 + 390.00 (the 30th at 23:30 in La Paz is still November) against October's 1000.00.
    assert (november["billed_bs"], november["previous_billed_bs"]) == (990.0, 1000.0)
    assert (november["percent"], november["status"]) == (99.0, "APROBADO")
    december = client.get("/api/reports/kpi", params={"month": "2026-12-01"}, headers=headers).json()
    assert (december["percent"], december["status"]) == (0.0, "OBSERVADO")
    october = client.get("/api/reports/kpi", params={"month": "2026-10-01"}, headers=headers).json()
    assert (october["percent"], october["status"]) == (None, "SIN BASE")
    assert november["history"][-2:] == [["2026-10-01", 1000.0], ["2026-11-01", 990.0]]
    exported = client.get("/api/reports/kpi.csv", params={"month": "2026-11-15"}, headers=headers).text
    assert exported.rstrip().endswith("KPI;99.00 % APROBADO")


def test_reports_are_for_supervisors_and_refuse_bad_periods(reports: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = reports
    with transaction(client.app.state.session_factory) as db:
        staff(db, "Tito Ejecutivo")
    executive = login(client, "tito.ejecutivo@venta.bo", PASSWORD)
    for path in ("/api/reports/sales", "/api/reports/unattended", "/api/reports/kpi", "/api/reports/sales.csv"):
        assert client.get(path, headers=executive).status_code == 403
        assert client.get(path).status_code == 401
    backwards = client.get("/api/reports/sales", params={"start": "2026-11-13", "end": "2026-11-09"}, headers=headers)
    assert backwards.status_code == 422 and "start must not be after end" in backwards.text
    too_long = client.get("/api/reports/sales", params={"start": "2024-01-01", "end": "2026-11-09"}, headers=headers)
    assert too_long.status_code == 422
    assert client.get("/api/reports/sales", params={"start": "ayer"}, headers=headers).status_code == 422


def test_namesakes_are_told_apart_by_their_email(reports: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = reports
    with transaction(client.app.state.session_factory) as db:
        user_service.create(
            db=db, email="beto.week@otra.bo", full_name="Beto Week", password=PASSWORD, role=Role.EXECUTIVE
        )
    report = client.get("/api/reports/sales", params=WEEK, headers=headers).json()
    assert by_key(report["per_executive"])["Beto Week (beto.week@venta.bo)"] == (3, 2, 2, 0)
    assert {"Beto Week (beto.week@venta.bo)", "Beto Week (beto.week@otra.bo)"} <= set(report["daily_sales"])


def test_exported_cells_never_run_as_formulas() -> None:
    exported = to_csv(["Motivo", "Monto"], [['=HYPERLINK("http://x.example","clic")', -12], ["+1 talk", None]])
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("http://x.example","clic")', "-12"] and rows[2] == ["'+1 talk", ""]
