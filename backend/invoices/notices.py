"""What an invoice says to the customer besides its figures: the legends Bolivia's online invoicing requires."""

FISCAL_LEGEND = (
    "ESTA FACTURA CONTRIBUYE AL DESARROLLO DEL PAÍS, EL USO ILÍCITO SERÁ SANCIONADO PENALMENTE DE ACUERDO A LEY"
)
ONLINE_LEGEND = (
    "Este documento es la Representación Gráfica de un Documento Fiscal Digital emitido en una modalidad de "
    "facturación en línea"
)
# The consumer-rights legends (Ley N° 453) of the tax office's list for telecommunication services; each invoice
# carries one, taken in turn.
CONSUMER_LEGENDS = (
    "Ley N° 453: El proveedor deberá suministrar el servicio en las modalidades y términos ofertados o convenidos.",
    "Ley N° 453: Tienes derecho a recibir información sobre las características y contenidos de los servicios que "
    "utilices.",
    "Ley N° 453: El proveedor de servicios debe habilitar medios e instrumentos para efectuar consultas y "
    "reclamaciones.",
    "Ley N° 453: Tienes derecho a un trato equitativo sin discriminación en la oferta de servicios.",
    "Ley N° 453: Los servicios deben suministrarse en condiciones de inocuidad, calidad y seguridad.",
)


def consumer_legend(number: int) -> str:
    """The legend of invoice `number`."""
    return CONSUMER_LEGENDS[number % len(CONSUMER_LEGENDS)]
