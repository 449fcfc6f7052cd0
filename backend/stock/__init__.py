"""Equipment stock (000): routers/ONTs per technology and zone, reserved by a request, released when it is
annulled, consumed by the installation record. A zone without stock rows is not tracked."""
