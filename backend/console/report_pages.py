"""Console pages of the supervisor reports and referral codes: the same figures as the reports API, with charts."""

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from backend.console.auth import SupervisorPage
from backend.console.routes import CHANNEL_LABELS, templates
from backend.coverage import service as coverage_service
from backend.coverage.models import CoverageZone
from backend.deps import SessionDep, SessionRoute, SettingsDep
from backend.referrals import service as referral_service
from backend.referrals.models import ReferrerKind
from backend.reports import kpi, sales, unattended
from backend.reports.period import ReportFilter
from backend.reports.routes import monthly_kpi, report_filter, sales_report, today, unattended_report
from backend.waiting_list import service as waiting_list
from backend.waiting_list.views import zone_waiting

router = APIRouter(route_class=SessionRoute, prefix="/console", include_in_schema=False)
MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]


def filter_context(db: SessionDep, report: ReportFilter, csv_path: str) -> dict:
    query = {"start": report.start, "end": report.end, "zone_id": report.zone_id, "channel": report.channel}
    return {
        "report_filter": report,
        "zones": list(db.scalars(select(CoverageZone).order_by(CoverageZone.name))),
        "csv_url": f"{csv_path}?{urlencode({k: v for k, v in query.items() if v is not None})}",
    }


@router.get("/reports/sales")
def sales_page(
    request: Request,
    user: SupervisorPage,
    db: SessionDep,
    report: Annotated[sales.SalesReport, Depends(sales_report)],
    chosen: Annotated[ReportFilter, Depends(report_filter)],
) -> HTMLResponse:
    """The digital sales report (§26) with its funnel, channels, executives, plans and daily goal."""
    charts = {"sales_per_channel": [(CHANNEL_LABELS.get(r["key"], r["key"]), r["sales"]) for r in report.per_channel]}
    context = {"user": user, "report": report, "charts": charts, "active": "sales"}
    context |= filter_context(db, chosen, "/api/reports/sales.csv")
    return templates.TemplateResponse(request, "report_sales.html", context)


@router.get("/reports/unattended")
def unattended_page(
    request: Request,
    user: SupervisorPage,
    db: SessionDep,
    report: Annotated[unattended.UnattendedReport, Depends(unattended_report)],
    chosen: Annotated[ReportFilter, Depends(report_filter)],
) -> HTMLResponse:
    """Requests not attended (§19), by reason, with the annulled ones ready to re-enter (§20)."""
    context = {"user": user, "report": report, "active": "unattended"}
    context |= filter_context(db, chosen, "/api/reports/unattended.csv")
    return templates.TemplateResponse(request, "report_unattended.html", context)


def month_param(settings: SettingsDep, month: str | None = None) -> date:
    """`2026-11` (the month picker) or a full date; this month when not given."""
    if not month:
        return today(settings)
    try:
        return date.fromisoformat(month if len(month) > 7 else f"{month}-01")
    except ValueError as error:
        raise HTTPException(422, "Escribe el mes como AAAA-MM") from error


@router.get("/reports/kpi")
def kpi_page(
    request: Request,
    user: SupervisorPage,
    db: SessionDep,
    settings: SettingsDep,
    month: Annotated[date, Depends(month_param)],
) -> HTMLResponse:
    """The monthly KPI and the billing of the last twelve months."""
    report: kpi.MonthlyKpi = monthly_kpi(db, settings, month)
    charts = {"history": [(f"{MONTHS[m.month - 1]} {m.year}", int(amount)) for m, amount in report.history]}
    context = {"user": user, "kpi": report, "charts": charts, "active": "kpi"}
    return templates.TemplateResponse(request, "report_kpi.html", context)


@router.get("/waiting-list")
def waiting_list_page(request: Request, user: SupervisorPage, db: SessionDep) -> HTMLResponse:
    """Customers waiting for coverage, and the zones that now cover some of them, to approve telling them."""
    zones = [zone_waiting(db, zone) for zone in coverage_service.list_active(db=db)]
    context = {
        "user": user,
        "waiting": waiting_list.waiting(db=db),
        "zones": [zone for zone in zones if zone.now_covered],
        "channel_labels": CHANNEL_LABELS,
        "active": "waiting",
    }
    return templates.TemplateResponse(request, "waiting_list.html", context)


@router.get("/referrers")
def referrers_page(request: Request, user: SupervisorPage, db: SessionDep) -> HTMLResponse:
    """Referral codes of customers and distributors, with what each brought."""
    context = {
        "user": user,
        "credits": referral_service.credits(db=db),
        "kinds": list(ReferrerKind),
        "kinds_by_value": {kind.value: kind.label for kind in ReferrerKind},
        "active": "referrers",
    }
    return templates.TemplateResponse(request, "referrers.html", context)
