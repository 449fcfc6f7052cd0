"""Why a customer's file was not kept, as the customer is told (a sentence, followed by a request to send it
again)."""

EMPTY = "El archivo llegó vacío."
TOO_HEAVY = "El archivo pesa más de 16 MB."
WRONG_TYPE = "Solo puedo recibir fotos (JPG, PNG o WEBP) o documentos PDF."
WRONG_AUDIO = "No pude abrir ese audio."
UNREADABLE_IMAGE = "No pude abrir la imagen. ¿Me la envías de nuevo?"
TOO_LARGE_IMAGE = "La imagen es demasiado grande. Envíala en un tamaño menor, por favor."
