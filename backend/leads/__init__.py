"""Prospective customers captured by the assistant, and their sale stage."""
