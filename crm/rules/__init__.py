"""The rules of DESIGN.md section 3 as pure functions over plain values, and the vocabulary.

Nothing here touches Flask or the database, so pages, reports, commands and tests
call the same functions. Import the package (`from crm import rules`) and use
`rules.timeline(...)`, or import from the module that defines a rule:

- vocabulary: every enum of the domain with its labels;
- workdays: the working-day calendar (weekends, UK public holidays, closures);
- timing: consult by, working days left and the warnings (3.4);
- consultation: consulted, must consult, ready to draft and submit (3.1-3.3);
- relationships: stay in touch (3.5) and consultation load (3.6).
"""

from crm.rules.consultation import (
    AGREED,
    DEFAULT_ENGAGEMENT,
    MUST_CONSULT_LEVELS,
    NO_STAKES,
    SIGN_OFF_LEVELS,
    TO_CALL,
    ConsultFacts,
    ConsultState,
    ConversationFact,
    NamingFact,
    Readiness,
    StakeFact,
    StateLabel,
    attempt_summary,
    checklist_sort_key,
    consult_facts,
    consult_state,
    default_engagement,
    must_consult,
    needs_sign_off,
    readiness_line,
    ready_to_draft,
    ready_to_submit,
    state_label,
    state_of,
    waiver_detail,
)
from crm.rules.relationships import (
    LOAD_FLAG_THRESHOLD,
    LOAD_WINDOW_DAYS,
    ContactFact,
    consultation_load,
    default_key_contact,
    load_is_high,
    load_message,
    overdue_when_reached_before,
    stay_in_touch_overdue,
    stay_in_touch_sort_key,
)
from crm.rules.timing import Timeline, Warning, consult_by, timeline
from crm.rules.vocabulary import (
    CONSULT_STATES,
    ENGAGEMENT_LEVELS,
    NATIONS,
    OUTCOMES,
    STAKE_ROLES,
)
from crm.rules.workdays import DEFAULT_CLOSURES, ClosurePeriod, WorkCalendar, public_holidays

__all__ = [
    "AGREED",
    "CONSULT_STATES",
    "DEFAULT_CLOSURES",
    "DEFAULT_ENGAGEMENT",
    "ENGAGEMENT_LEVELS",
    "LOAD_FLAG_THRESHOLD",
    "LOAD_WINDOW_DAYS",
    "MUST_CONSULT_LEVELS",
    "NO_STAKES",
    "NATIONS",
    "OUTCOMES",
    "SIGN_OFF_LEVELS",
    "STAKE_ROLES",
    "TO_CALL",
    "ClosurePeriod",
    "ContactFact",
    "ConsultFacts",
    "ConsultState",
    "ConversationFact",
    "NamingFact",
    "Readiness",
    "StakeFact",
    "StateLabel",
    "Timeline",
    "Warning",
    "WorkCalendar",
    "attempt_summary",
    "checklist_sort_key",
    "consult_by",
    "consult_facts",
    "consult_state",
    "consultation_load",
    "default_engagement",
    "default_key_contact",
    "load_is_high",
    "load_message",
    "overdue_when_reached_before",
    "must_consult",
    "needs_sign_off",
    "public_holidays",
    "readiness_line",
    "ready_to_draft",
    "ready_to_submit",
    "stay_in_touch_overdue",
    "state_label",
    "state_of",
    "waiver_detail",
    "stay_in_touch_sort_key",
    "timeline",
]
