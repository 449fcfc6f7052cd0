"""The reports as CSV tables (UTF-8 with BOM and `;`, as spreadsheets in Bolivia open them)."""

import csv
import io
from collections.abc import Iterable, Sequence

from backend.reports.kpi import MonthlyKpi
from backend.reports.sales import MEASURES, SalesReport
from backend.reports.unattended import UnattendedReport

MEASURE_LABELS = {"leads": "Leads", "quotes": "Cotizaciones", "orders": "Solicitudes", "sales": "Ventas"}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A value a spreadsheet shows as it is: text a spreadsheet would run as a formula ("=HYPERLINK(…)", typed by a
    customer as a decline reason) starts with an apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()


def unattended_csv(report: UnattendedReport) -> str:
    header = ["Fecha", "Referencia", "Motivo", "Detalle", "Cliente", "Teléfono", "Zona", "Ciudad", "Canal", "Plan"]
    rows = (
        [
            f"{row.at:%Y-%m-%d %H:%M}",
            row.reference,
            row.reason_label + (" (redigitada)" if row.reentered else ""),
            row.detail,
            row.customer,
            row.phone,
            row.zone,
            row.city,
            row.channel,
            row.plan,
        ]
        for row in report.rows
    )
    return to_csv(header, rows)


def sales_csv(report: SalesReport) -> str:
    header = ["Sección", "Clave", *(MEASURE_LABELS[m] for m in MEASURES)]
    rows: list[list[object]] = []
    for section, table in (
        ("Canal", report.per_channel),
        ("Ejecutivo", report.per_executive),
        ("Plan", report.per_plan),
    ):
        rows.extend([section, row["key"], *(row[m] for m in MEASURES)] for row in table)
    rows.extend(["Embudo", stage, value, "", "", ""] for stage, value in report.funnel)
    for name, days in report.daily_sales.items():
        rows.extend(["Ventas por día", f"{name} {day:%Y-%m-%d}", "", "", "", days.get(day, 0)] for day in report.days)
    h = report.handling
    for label, value in (
        ("Asistente: del primer contacto a la solicitud (min)", h.assistant_minutes),
        ("Ejecutivos: de la asignación a la primera gestión (min hábiles)", h.executive_minutes),
        ("Cobranzas: del comprobante a la decisión (min)", h.collections_minutes),
        ("Backoffice: de la solicitud a su revisión (min)", h.backoffice_minutes),
        ("Backoffice: solicitudes devueltas", h.backoffice_returned),
    ):
        rows.append(["Tiempos", label, "" if value is None else value, "", "", ""])
    return to_csv(header, rows)


def kpi_csv(kpi: MonthlyKpi) -> str:
    header = ["Mes", "Facturado (Bs)"]
    rows = [[f"{month:%Y-%m}", f"{amount:.2f}"] for month, amount in kpi.history]
    rows.append(["KPI", f"{kpi.percent:.2f} % {kpi.status}" if kpi.percent is not None else kpi.status])
    return to_csv(header, rows)
