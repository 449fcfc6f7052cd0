"""Installation scheduling: technician crews, the zones they serve, their hours, and booked visits."""
