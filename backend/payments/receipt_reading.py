"""Reading a deposit receipt for the clerk: the deposit number, amount, date and depositor it shows, proposed in
the deposits queue (collections still decide). A PDF's own text is read directly; a photo is read by Tesseract
(Debian's `tesseract-ocr` with its Spanish data), after it is made grey, even and large enough. Without Tesseract on
the machine, photos are simply not read."""

import io
import re
import shutil
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

import pytesseract
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MIN_WIDTH = 1400  # photos are enlarged to this width: Tesseract reads text of about 30 px best

MONTHS = {
    name: number
    for number, names in enumerate(
        (("ene", "enero"), ("feb", "febrero"), ("mar", "marzo"), ("abr", "abril"), ("may", "mayo"),
         ("jun", "junio"), ("jul", "julio"), ("ago", "agosto"), ("sep", "sept", "septiembre", "setiembre"),
         ("oct", "octubre"), ("nov", "noviembre"), ("dic", "diciembre")),
        start=1,
    )
    for name in names
}  # fmt: skip

_NUMBER_LABEL = (
    r"(?:n(?:ro|ú?m(?:ero)?|[°º*o])?\.?\s*(?:de\s+)?(?:dep[oó]sito|transacci[oó]n|operaci[oó]n|comprobante|"
    r"transferencia|referencia|boleta)|c[oó]d(?:igo)?\.?\s+de\s+(?:transacci[oó]n|operaci[oó]n)|"
    r"(?:dep[oó]sito|transacci[oó]n|operaci[oó]n|comprobante|referencia|boleta)\s*(?:n(?:ro|[°º*o])?\.?|#)?)"
)
DEPOSIT_NUMBER = re.compile(rf"{_NUMBER_LABEL}\s*[:#]?\s*([0-9][0-9\- ]{{3,24}}[0-9])", re.IGNORECASE)
AMOUNT = re.compile(
    r"(?:importe|monto|total|cantidad|abonado|transferido|depositado)?[^\n\d]{0,25}?"
    r"(?:bs\.?|bob)\s*[:.]?\s*([0-9]{1,3}(?:[.,\s][0-9]{3})+(?:[.,][0-9]{2})?|[0-9]+(?:[.,][0-9]{2})?)(?![0-9])",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\b([0-3]?[0-9])[/\-.]([01]?[0-9])[/\-.]((?:20)?[0-9]{2})\b")
WORDED_DATE = re.compile(r"\b([0-3]?[0-9])\s+(?:de\s+)?([a-zé]{3,10})\.?\s+(?:de\s+|del\s+)?(20[0-9]{2})\b", re.I)
DEPOSITOR = re.compile(
    r"(?:depositante|ordenante|remitente|nombre\s+del\s+(?:depositante|ordenante|titular)|de\s+la\s+cuenta\s+de|"
    r"enviado\s+por|pagado\s+por)\s*[:.]?\s*([A-ZÁÉÍÓÚÑa-záéíóúñ][A-Za-zÁÉÍÓÚÑáéíóúñ. ]{3,60})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ReceiptReading:
    """What was read on a receipt; None where it could not be read."""

    deposit_number: str | None = None
    amount_bs: Decimal | None = None
    deposit_date: date | None = None
    depositor: str | None = None

    @property
    def found_anything(self) -> bool:
        return any((self.deposit_number, self.amount_bs, self.deposit_date, self.depositor))


def text_of(data: bytes, content_type: str) -> str:
    """The receipt's text: a PDF's own, or what Tesseract reads on a photo ("" when it cannot be read)."""
    if content_type == "application/pdf":
        try:
            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages[:3])
        except (PdfReadError, ValueError, OSError):
            return ""
    if not content_type.startswith("image/") or shutil.which("tesseract") is None:
        return ""
    try:
        with Image.open(io.BytesIO(data)) as photo:
            prepared = prepare(photo)
    except (UnidentifiedImageError, OSError):
        return ""
    return pytesseract.image_to_string(prepared, lang="spa", config="--psm 4")


def prepare(photo: Image.Image) -> Image.Image:
    """Grey, upright, evenly lit and large enough for Tesseract."""
    grey = ImageOps.exif_transpose(photo).convert("L")
    if grey.width < MIN_WIDTH:
        grey = grey.resize((MIN_WIDTH, round(grey.height * MIN_WIDTH / grey.width)), Image.Resampling.LANCZOS)
    return ImageOps.autocontrast(grey.filter(ImageFilter.MedianFilter(3)), cutoff=1)


def read(text: str) -> ReceiptReading:
    """The fields a receipt's text shows."""
    return ReceiptReading(
        deposit_number=deposit_number_in(text),
        amount_bs=amount_in(text),
        deposit_date=date_in(text),
        depositor=depositor_in(text),
    )


def deposit_number_in(text: str) -> str | None:
    found = DEPOSIT_NUMBER.search(text)
    return re.sub(r"[\s\-]", "", found.group(1)) if found else None


def amount_in(text: str) -> Decimal | None:
    """The largest amount in bolivianos the receipt shows (the total, when it also lists fees)."""
    amounts = [amount for match in AMOUNT.finditer(text) if (amount := decimal_of(match.group(1))) is not None]
    return max(amounts) if amounts else None


def decimal_of(written: str) -> Decimal | None:
    """ "1.234,50", "1,234.50", "1 234,50" or "199" as a number."""
    digits = written.replace(" ", "")
    if re.search(r"[.,][0-9]{2}$", digits):
        whole, cents = digits[:-3], digits[-2:]
    else:
        whole, cents = digits, "00"
    try:
        value = Decimal(f"{re.sub(r'[.,]', '', whole) or '0'}.{cents}")
    except InvalidOperation:
        return None
    return value if value > 0 else None


def date_in(text: str) -> date | None:
    for match in NUMERIC_DATE.finditer(text):
        day, month, year = (int(part) for part in match.groups())
        if (found := valid_date(year, month, day)) is not None:
            return found
    for match in WORDED_DATE.finditer(text):
        month = MONTHS.get(match.group(2).lower().rstrip("."))
        if month and (found := valid_date(int(match.group(3)), month, int(match.group(1)))) is not None:
            return found
    return None


def valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def depositor_in(text: str) -> str | None:
    found = DEPOSITOR.search(text)
    if not found:
        return None
    name = " ".join(found.group(1).split()).strip(" .")
    return name.title() if len(name) >= 4 else None
