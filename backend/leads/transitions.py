"""Which stage a lead may move to from each stage."""

from backend.leads.models import LeadStage
from backend.state_machine import Transitions

S = LeadStage
LEAD_TRANSITIONS = Transitions(
    "lead",
    {
        None: frozenset({S.NEW, S.VISITED}),
        S.NEW: frozenset({S.VISITED, S.IN_PROGRESS, S.NO_ANSWER, S.INFORMED, S.PRE_SALE, S.UNATTENDED}),
        S.VISITED: frozenset({S.IN_PROGRESS, S.NO_ANSWER, S.INFORMED, S.PRE_SALE, S.UNATTENDED}),
        S.IN_PROGRESS: frozenset({S.NO_ANSWER, S.INFORMED, S.PRE_SALE, S.UNATTENDED}),
        S.NO_ANSWER: frozenset({S.IN_PROGRESS, S.INFORMED, S.PRE_SALE, S.LOST, S.UNATTENDED}),
        S.INFORMED: frozenset({S.NO_ANSWER, S.PRE_SALE, S.UNATTENDED}),
        # An annulled request sends its lead back to work, and a re-entered one to Pre-venta again.
        S.PRE_SALE: frozenset({S.SALE, S.IN_PROGRESS}),
        S.SALE: frozenset({S.IN_PROGRESS}),
        # A supervisor reopens a lost or unattended lead, or the customer comes back and is offered a plan; a lead
        # waiting outside coverage goes back to its sale when coverage arrives.
        S.LOST: frozenset({S.IN_PROGRESS, S.INFORMED}),
        S.UNATTENDED: frozenset({S.IN_PROGRESS, S.INFORMED, S.VISITED}),
    },
    label=lambda stage: stage.label,
)
