"""Allowed moves between the states of a thing, checked before every move."""

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from backend.errors import DomainError


class InvalidTransition(DomainError):
    """A move the procedure does not allow (answered 409)."""


S = TypeVar("S", bound=StrEnum)


class Transitions(Generic[S]):
    """Which states may follow which; `None` stands for "not created yet"."""

    def __init__(self, subject: str, allowed: Mapping[S | None, frozenset[S]], label: Callable[[S], str]) -> None:
        self.subject, self.allowed, self.label = subject, allowed, label

    def allows(self, from_state: S | None, to_state: S) -> bool:
        return to_state in self.allowed.get(from_state, frozenset())

    def check(self, from_state: S | None, to_state: S) -> None:
        """Refuse a move the procedure does not allow, saying which moves it does."""
        if self.allows(from_state, to_state):
            return
        start = self.label(from_state) if from_state is not None else "(nuevo registro)"
        options = ", ".join(sorted(self.label(s) for s in self.allowed.get(from_state, frozenset()))) or "ninguno"
        raise InvalidTransition(
            f"A {self.subject} cannot go from {start} to {self.label(to_state)}; allowed next: {options}"
        )
