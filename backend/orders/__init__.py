"""Service requests (solicitudes) and their state history."""
