"""The record of every staff action: who did what, to what, and when."""
