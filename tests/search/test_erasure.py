"""Erasure and retention clear the search indexes: an erased person's words find nothing."""

from __future__ import annotations

import pytest

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.core.extensions import db
from crm.core.searchtext import parse_query
from crm.privacy import services
from crm.search.queries import SearchFilters, search
from tests.privacy.conftest import subject  # noqa: F401 (the fixture)
from tests.privacy.test_erasure import _database_files

WORDS = ("Gwenllian", "gwenllian ŵyn", "wyn-marker", "gwen.marker.81723", "07700 981 723", "981723")


def _found(app, typed: str) -> dict[str, list[int]]:
    with app.app_context():
        groups = search(parse_query(typed), SearchFilters())
        return {g.kind: [row.id for row in g.rows] for g in groups if g.rows}


def _erase(app, subject, *, retention: bool = False) -> None:  # noqa: F811
    with app.app_context():
        admin = db.session.get(User, subject["admin"])
        if retention:
            services.erase_contacts([subject["contact"]], admin)
        else:
            services.erase_contact(db.session.get(Contact, subject["contact"]), admin)
        db.session.commit()
        assert services.purge_deleted_bytes()


@pytest.mark.parametrize("retention", [False, True], ids=["erasure", "retention"])
def test_an_erased_persons_words_find_nothing(app, subject, retention):  # noqa: F811
    before = _found(app, "Gwenllian")
    assert before["contacts"] == [subject["contact"]]
    assert before["conversations"]
    assert _found(app, "gwen.marker.81723")["follow_ups"]
    assert _found(app, "981 723")["contacts"] == [subject["contact"]]
    _erase(app, subject, retention=retention)
    for typed in WORDS:
        assert _found(app, typed) == {}, typed
    assert _found(app, "bystander")["contacts"]  # the others are still found


@pytest.mark.database("sqlite", reason="FTS5 index bytes are a SQLite matter (PG: VACUUM)")
def test_no_index_bytes_left_in_the_sqlite_file(app, subject):  # noqa: F811
    before = b"".join(p.read_bytes() for p in _database_files(app))
    assert b"gwenllian" in before  # the folded words the indexes hold
    _erase(app, subject)
    data = b"".join(p.read_bytes() for p in _database_files(app))
    for word in (b"gwenllian", b"wenll", b"81723"):
        assert word not in data, word


def test_reindex_rebuilds_the_indexes(app, runner):
    """An index that lost its entries (a restore from a file copy without them, say) is
    put right by the command."""
    from sqlalchemy import text

    from tests import factories

    with app.app_context():
        factories.conversation(summary="The heron nests by the weir.")
        db.session.commit()
        sqlite = db.engine.dialect.name == "sqlite"
        if sqlite:
            db.session.execute(
                text(
                    "INSERT INTO search_conversation_words(search_conversation_words) "
                    "VALUES ('delete-all')"
                )
            )
            db.session.commit()
    if sqlite:
        assert _found(app, "heron ") == {}
    result = runner.invoke(args=["crm", "search-reindex"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt 5 search indexes" in result.output
    assert _found(app, "heron ")["conversations"]
