"""Each word is defined once (crm/rules/vocabulary.py); these fail when a copy drifts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import CheckConstraint, text

from crm import rules
from crm.core.extensions import db
from crm.core.vocabulary import Vocabulary
from crm.rules import vocabulary, workdays
from crm.rules.consultation import AGREED, DEFAULT_ENGAGEMENT, MUST_CONSULT_LEVELS, SIGN_OFF_LEVELS

VOCABULARIES = {
    name: value for name, value in vars(vocabulary).items() if isinstance(value, Vocabulary)
}


def test_every_role_has_a_default_engagement_level():
    # Adding a role to STAKE_ROLES means deciding how closely such partners are engaged.
    assert set(DEFAULT_ENGAGEMENT) == set(vocabulary.STAKE_ROLES)
    assert set(DEFAULT_ENGAGEMENT.values()) <= set(vocabulary.ENGAGEMENT_LEVELS)


def test_rule_sets_use_known_words():
    assert set(vocabulary.ENGAGEMENT_LEVELS) >= MUST_CONSULT_LEVELS
    assert SIGN_OFF_LEVELS <= MUST_CONSULT_LEVELS
    assert set(vocabulary.ENGAGEMENT_LEVELS) - MUST_CONSULT_LEVELS == {"inform"}
    assert set(vocabulary.AGREEMENTS) >= AGREED


def test_every_nation_has_its_holidays():
    assert set(workdays._SUBDIVISIONS) == set(vocabulary.NATIONS)


def test_consult_states_cover_what_the_rule_returns():
    from datetime import date

    made = {
        rules.consult_state(
            [rules.ConversationFact(date(2026, 1, 2), outcome)], date(2026, 1, 1), w
        ).state
        for outcome in vocabulary.OUTCOMES
        for w in (True, False)
    } | {rules.consult_state([], date(2026, 1, 1), w).state for w in (True, False)}
    assert made == set(vocabulary.CONSULT_STATES)


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_labels_are_words(name):
    words = VOCABULARIES[name]
    assert len(words) >= 2
    for value, label in words.items():
        assert re.fullmatch(r"[a-z_]+", value), value
        assert label and label[0].isupper(), (value, label)


def _model_checks() -> dict[tuple[str, str], set[str]]:
    """(table, constraint) -> values allowed by the models' `column IN (...)` checks."""
    found = {}
    for table in db.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint) and " IN (" in str(constraint.sqltext):
                found[(table.name, constraint.name)] = set(
                    re.findall(r"'([^']*)'", str(constraint.sqltext))
                )
    return found


def _database_check(table: str, name: str) -> set[str]:
    if db.engine.dialect.name == "postgresql":
        definition = db.session.scalar(
            text(
                "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = :t AND c.conname = :n"
            ),
            {"t": table, "n": name},
        )
        return set(re.findall(r"'([^']*)'::", definition or ""))
    sql = db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table})
    match = re.search(r"CONSTRAINT " + re.escape(name) + r" CHECK \((.*?)\)\s*(,|\)$)", sql, re.S)
    return set(re.findall(r"'([^']*)'", match.group(1))) if match else set()


def test_the_migrated_database_allows_exactly_the_vocabulary(ctx):
    # A word added to the vocabulary needs a migration that changes the CHECK constraint.
    checks = _model_checks()
    assert len(checks) >= 12
    for (table, name), values in checks.items():
        assert _database_check(table, name) == values, (
            f"{table}.{name}: the database allows {sorted(_database_check(table, name))}, "
            f"the vocabulary {sorted(values)}; write a migration"
        )
