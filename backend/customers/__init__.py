"""Customers identified by their ID number (CI/NIT)."""
