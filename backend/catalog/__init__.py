"""The plan catalogue and the plan recommendation."""
