"""Supervisor reports as JSON and CSV: unattended requests, digital sales, and the monthly KPI."""

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from fastapi.encoders import jsonable_encoder

from backend.config import Settings
from backend.database import utcnow
from backend.deps import SessionDep, SessionRoute, SettingsDep, Supervisor
from backend.pipeline.rules import rules_of
from backend.reports import exports, kpi, sales, unattended
from backend.reports.period import ReportFilter

router = APIRouter(route_class=SessionRoute, prefix="/reports", tags=["reports"])
MAX_DAYS = 366


def today(settings: Settings) -> date:
    return utcnow().astimezone(ZoneInfo(settings.BUSINESS_TIMEZONE)).date()


def report_filter(
    settings: SettingsDep,
    start: date | None = None,
    end: date | None = None,
    zone_id: int | None = None,
    channel: Annotated[str | None, Query(max_length=20)] = None,
) -> ReportFilter:
    """The days asked for (this month so far by default), at most a year, with the zone and channel filters."""
    end = end or today(settings)
    start = start or end.replace(day=1)
    if start > end:
        raise HTTPException(422, "start must not be after end")
    if (end - start).days >= MAX_DAYS:
        raise HTTPException(422, f"A report covers at most {MAX_DAYS} days")
    return ReportFilter(
        start=start, end=end, zone=ZoneInfo(settings.BUSINESS_TIMEZONE), zone_id=zone_id, channel=channel or None
    )


Filter = Annotated[ReportFilter, Depends(report_filter)]


def csv_response(text: str, name: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def unattended_report(db: SessionDep, report: Filter) -> unattended.UnattendedReport:
    return unattended.build(db=db, report=report)


def sales_report(db: SessionDep, settings: SettingsDep, report: Filter) -> sales.SalesReport:
    rules = rules_of(settings)
    return sales.build(
        db=db, report=report, hours=rules.hours, ideal=rules.ideal, sla=rules.sla, daily_goal=settings.DAILY_SALES_GOAL
    )


def monthly_kpi(db: SessionDep, settings: SettingsDep, month: date | None = None) -> kpi.MonthlyKpi:
    """The KPI of `month`'s month (this month by default)."""
    return kpi.build(
        db=db,
        month=month or today(settings),
        zone=ZoneInfo(settings.BUSINESS_TIMEZONE),
        threshold=settings.KPI_APPROVAL_PERCENT,
    )


def as_json(report: Any, **extra: Any) -> dict[str, Any]:
    return jsonable_encoder({**asdict(report), **extra})


@router.get("/unattended")
def read_unattended(_user: Supervisor, report: Annotated[unattended.UnattendedReport, Depends(unattended_report)]):
    """Requests not attended in the period, with their reason (no coverage, no capacity, offer declined, annulled)."""
    return as_json(report, total=report.total, waiting_for_coverage=report.waiting_for_coverage)


@router.get("/unattended.csv")
def export_unattended(
    _user: Supervisor, report: Annotated[unattended.UnattendedReport, Depends(unattended_report)]
) -> Response:
    return csv_response(exports.unattended_csv(report), "solicitudes-no-atendidas")


@router.get("/sales")
def read_sales(_user: Supervisor, report: Annotated[sales.SalesReport, Depends(sales_report)]):
    """Leads, quotes, orders and sales per channel, executive and plan; funnel; handling times; daily sales."""
    return as_json(report, totals=report.totals)


@router.get("/sales.csv")
def export_sales(_user: Supervisor, report: Annotated[sales.SalesReport, Depends(sales_report)]) -> Response:
    return csv_response(exports.sales_csv(report), "ventas-digitales")


@router.get("/kpi")
def read_kpi(_user: Supervisor, report: Annotated[kpi.MonthlyKpi, Depends(monthly_kpi)]):
    """Billed volume this month / last month × 100: APROBADO at the threshold or above, else OBSERVADO."""
    return as_json(report)


@router.get("/kpi.csv")
def export_kpi(_user: Supervisor, report: Annotated[kpi.MonthlyKpi, Depends(monthly_kpi)]) -> Response:
    return csv_response(exports.kpi_csv(report), "kpi-ventas-digitales")
