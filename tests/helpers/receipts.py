"""Deposit receipts drawn here, as Bolivian banks and wallets lay them out, clean or photographed by a phone."""

import io
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MONTH_NAMES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
               "noviembre", "diciembre")  # fmt: skip


@dataclass(frozen=True)
class Deposit:
    """What a receipt says."""

    number: str
    amount_bs: Decimal
    on: date
    depositor: str


def bolivian(amount: Decimal) -> str:
    """1234.5 as "1.234,50"."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


LAYOUTS = {
    "banco_union_deposito": lambda d: [
        ("BANCO UNIÓN S.A.", True),
        ("Comprobante de depósito", False),
        (f"Nro. de depósito: {d.number}", False),
        (f"Fecha: {d.on:%d/%m/%Y} 10:42", False),
        ("Cuenta: 1-4578963  COMTECO R.L.", False),
        (f"Depositante: {d.depositor}", False),
        (f"Importe: Bs {bolivian(d.amount_bs)}", True),
    ],
    "bnb_transferencia": lambda d: [
        ("Banco Nacional de Bolivia", True),
        ("Transferencia exitosa", False),
        (f"{d.on.day} de {MONTH_NAMES[d.on.month - 1]} de {d.on.year}", False),
        (f"Monto transferido BOB {d.amount_bs:.2f}", True),
        (f"Ordenante: {d.depositor}", False),
        ("Beneficiario: COMTECO R.L.", False),
        (f"Nro. de transacción {d.number}", False),
    ],
    "mercantil_qr": lambda d: [
        ("Mercantil Santa Cruz", True),
        ("Pago con QR", False),
        (f"Comprobante N° {d.number}", False),
        (f"Enviado por: {d.depositor}", False),
        (f"Fecha y hora: {d.on:%d-%m-%Y} 18:05", False),
        (f"Total Bs. {bolivian(d.amount_bs)}", True),
    ],
    "bcp_movil": lambda d: [
        ("BCP  Banca Móvil", True),
        (f"Bs {bolivian(d.amount_bs)}", True),
        ("¡Operación realizada!", False),
        (f"Nombre del titular: {d.depositor}", False),
        (f"Nro. de operación: {d.number}", False),
        (f"{d.on:%d/%m/%y}  09:17", False),
    ],
}


def render(layout: str, deposit: Deposit, *, photographed: bool = False, seed: int = 0) -> bytes:
    """The receipt as a PNG (clean) or a JPEG as a phone photographs it: tilted, blurred, unevenly lit, grainy."""
    lines = LAYOUTS[layout](deposit)
    width, height = 760, 90 + 56 * len(lines)
    image = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(image)
    y = 40
    for text, bold in lines:
        draw.text((40, y), text, fill=20, font=ImageFont.truetype(BOLD if bold else FONT, 30 if bold else 26))
        y += 56
    if not photographed:
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()
    rng = random.Random(seed)
    image = image.rotate(rng.uniform(-3, 3), expand=True, fillcolor=235, resample=Image.Resampling.BICUBIC)
    shade = Image.linear_gradient("L").resize(image.size).point(lambda v: 255 - v // rng.randint(3, 6))
    image = Image.composite(image, Image.new("L", image.size, 0), shade)
    scale = rng.uniform(0.55, 0.85)  # taken from a little away: fewer pixels per letter
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.1)))
    grain = Image.effect_noise(image.size, rng.uniform(15, 30))
    image = Image.blend(image, grain, rng.uniform(0.12, 0.2))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=rng.randint(45, 70))
    return out.getvalue()
