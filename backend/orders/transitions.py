"""Which state a request may move to from each state."""

from backend.orders.models import OrderState
from backend.state_machine import Transitions

S = OrderState
ORDER_TRANSITIONS = Transitions(
    "request",
    {
        None: frozenset({S.PRE_SALE}),
        S.PRE_SALE: frozenset({S.SALE, S.ANNULLED}),
        S.SALE: frozenset({S.CLOSED, S.ANNULLED}),
        S.CLOSED: frozenset(),
        S.ANNULLED: frozenset(),  # re-entered as a new request linked to this one
    },
    label=lambda state: state.label,
)
