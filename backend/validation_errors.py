"""Refused input explained in Spanish, field by field: a 422 keeps FastAPI's shape (`detail`: a list with `loc`,
`type`) but each `msg` is a sentence staff and customers can read ("Celular: no tiene el formato esperado")."""

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

FIELD_LABELS = {
    "full_name": "Nombre", "phone": "Celular", "email": "Correo", "password": "Contraseña", "role": "Rol",
    "id_number": "CI", "reason": "Motivo", "address": "Dirección", "address_reference": "Referencia",
    "amount_bs": "Monto", "deposit_number": "Número de depósito", "deposit_date": "Fecha del depósito",
    "operation_type": "Tipo de operación", "depositor": "Depositante", "text": "Mensaje", "model": "Modelo",
    "available": "Cantidad", "technology": "Tecnología", "coverage_zone_id": "Zona", "restock_on": "Reposición",
    "day": "Día", "start": "Desde", "end": "Hasta", "month": "Mes", "cities": "Ciudades", "plan_code": "Plan",
    "payment_method": "Forma de pago", "household_size": "Personas", "starts_at": "Horario",
}  # fmt: skip

MESSAGES = {
    "missing": "falta este dato",
    "string_too_short": "es demasiado corto (mínimo {min_length} caracteres)",
    "string_too_long": "es demasiado largo (máximo {max_length} caracteres)",
    "too_short": "necesita al menos {min_length} elementos",
    "too_long": "admite como máximo {max_length} elementos",
    "string_pattern_mismatch": "no tiene el formato esperado",
    "int_parsing": "debe ser un número entero",
    "int_type": "debe ser un número entero",
    "float_parsing": "debe ser un número",
    "decimal_parsing": "debe ser un número",
    "greater_than": "debe ser mayor que {gt}",
    "greater_than_equal": "debe ser al menos {ge}",
    "less_than": "debe ser menor que {lt}",
    "less_than_equal": "debe ser como máximo {le}",
    "enum": "debe ser uno de: {expected}",
    "literal_error": "debe ser uno de: {expected}",
    "date_parsing": "no es una fecha válida (AAAA-MM-DD)",
    "date_from_datetime_parsing": "no es una fecha válida (AAAA-MM-DD)",
    "datetime_parsing": "no es una fecha y hora válidas",
    "datetime_from_date_parsing": "no es una fecha y hora válidas",
    "bool_parsing": "debe ser sí o no",
    "json_invalid": "el contenido no es JSON válido",
    "model_attributes_type": "falta el contenido",
    "dict_type": "falta el contenido",
    "string_type": "debe ser un texto",
}


def spanish(error: dict[str, Any]) -> str:
    """One error as a Spanish sentence, with the field it is about."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error":
        reason = str(context.get("reason") or context.get("error") or "")
        text = "no es un correo válido" if "email" in reason.lower() else "no es un valor válido"
    else:
        try:
            text = MESSAGES.get(kind, "no es un valor válido").format(**context)
        except (KeyError, IndexError):
            text = MESSAGES.get(kind, "no es un valor válido")
    field = next((part for part in reversed(error.get("loc", ())) if isinstance(part, str)), "")
    label = FIELD_LABELS.get(field)
    return f"{label}: {text}" if label else text[0].upper() + text[1:]


def translated(errors: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "type": e.get("type"), "msg": spanish(e)} for e in errors]


async def handle(_request: Request, error: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": translated(error.errors())}, status_code=422)
