"""Staff users, roles, passwords and access tokens."""
