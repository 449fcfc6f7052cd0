"""Domain errors, turned into clear HTTP answers by the app."""


class DomainError(Exception):
    """A request that the sales rules refuse (answered 409)."""

    status_code = 409


class NotFound(DomainError):
    """A referenced thing that does not exist (answered 404)."""

    status_code = 404


class Forbidden(DomainError):
    """An action this member of staff may not take on this thing (answered 403)."""

    status_code = 403
