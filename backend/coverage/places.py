"""Places customers name that no coverage zone serves yet: asked about by name, they are answered at once."""

# Towns and areas around Cochabamba, and the other cities of Bolivia. A zone that covers a place (by its name or
# an alias) always wins over this list.
OUTSIDE_COVERAGE = (
    "Sacaba", "El Abra", "Tiquipaya", "Colcapirhua", "Vinto", "Sipe Sipe", "Punata", "Cliza", "Tolata", "Arani",
    "Tarata", "Capinota", "Chapare", "Villa Tunari", "Shinahota", "Ivirgarzama", "Aiquile", "Totora",
    "La Paz", "El Alto", "Viacha", "Santa Cruz", "Montero", "Warnes", "Cotoca", "Camiri", "Oruro", "Llallagua",
    "Potosi", "Uyuni", "Villazon", "Sucre", "Tarija", "Yacuiba", "Trinidad", "Riberalta", "Guayaramerin", "Cobija",
)
