"""Venta Digital back office: the sales domain, its HTTP API and the staff console."""
