"""Each matching rule of the search box, on the database the suite runs on (SQLite or PG)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crm.core.extensions import db
from crm.core.searchtext import parse_query
from crm.search.queries import SearchFilters, search
from tests import factories


def found(text: str, **filters) -> dict[str, list[int]]:
    """Ids found per kind."""
    groups = search(parse_query(text), SearchFilters(**filters))
    return {g.kind: [row.id for row in g.rows] for g in groups if g.rows}


@pytest.fixture
def world(ctx):
    """A small partnership: organisations, people, notes, follow-ups, proposals."""
    from crm.followups.models import FollowUp

    cardiff = factories.organisation(
        "Cardiff Peer Support Network", aliases="CPSN\nPeer Net", tags="peer support,mental health"
    )
    icb = factories.organisation("Cardiff and Vale ICB", tags="nhs")
    sian = factories.contact(
        "Siân Llŷr", organisation=cardiff, email="sian.llyr@cpsn.org.uk", phone="029 2012 3456"
    )
    tom = factories.contact("Tom Evans", organisation=icb, email="t.evans@wales.nhs.uk",
                            phone="+44 7700 900123")  # fmt: skip
    plan = factories.proposal(
        "Social prescribing action plan", summary="Referrals from GP surgeries"
    )
    other = factories.proposal("Winter pressures bid", summary="Beds and discharge")
    talk = factories.conversation(
        contacts=[sian],
        summary="Siân said the referral pathway works; peer support groups meet weekly.",
        occurred_on=date(2026, 10, 1),
    )
    later = factories.conversation(
        contacts=[tom],
        summary="Tom asked about the Social Prescribing referrals budget.",
        occurred_on=date(2026, 11, 1),
    )
    gone = factories.conversation(
        contacts=[tom], summary="A deleted referral note about peer support."
    )
    gone.deleted_at = datetime(2026, 11, 3, tzinfo=UTC)
    task = FollowUp(description="Send Siân the referral form", due_on=date(2026, 12, 1),
                    organisation_id=cardiff.id, proposal_id=plan.id)  # fmt: skip
    db.session.add(task)
    db.session.commit()
    return {
        "cardiff": cardiff.id, "icb": icb.id, "sian": sian.id, "tom": tom.id, "plan": plan.id,
        "other": other.id, "talk": talk.id, "later": later.id, "gone": gone.id, "task": task.id,
    }  # fmt: skip


def test_accents_and_case_are_ignored(world):
    result = found("SIAN")
    assert result["contacts"] == [world["sian"]]
    assert world["talk"] in result["conversations"]
    assert found("llyr")["contacts"] == [world["sian"]]


def test_english_stems(world):
    result = found("referrals ")  # a finished word: no prefix
    assert set(result["conversations"]) == {world["talk"], world["later"]}
    assert result["proposals"] == [world["plan"]]
    assert result["follow_ups"] == [world["task"]]


def test_a_phrase_in_quotes(world):
    result = found('"peer support"')
    assert result["conversations"] == [world["talk"]]
    assert found('"support peer"').get("conversations") is None


def test_a_partial_word_at_the_end(world):
    assert found("pathw").get("conversations") == [world["talk"]]
    assert found("social presc").get("proposals") == [world["plan"]]


def test_part_of_a_name_or_email(world):
    assert found("ardiff pe")["organisations"] == [world["cardiff"]]
    assert found("evans@wal")["contacts"] == [world["tom"]]
    assert found("llyr@cps")["contacts"] == [world["sian"]]


def test_also_known_as_and_tags(world):
    assert found("cpsn")["organisations"] == [world["cardiff"]]
    assert found("mental health")["organisations"] == [world["cardiff"]]
    assert found("nhs")["organisations"] == [world["icb"]]


@pytest.mark.parametrize("typed", ["02920123456", "029 2012 3456", "2012 34", "(029) 2012-3456"])
def test_phones_in_any_spacing(world, typed):
    assert found(typed)["contacts"] == [world["sian"]]


def test_international_phone_prefix(world):
    assert found("07700 900123")["contacts"] == [world["tom"]]
    assert found("+447700900123")["contacts"] == [world["tom"]]


def test_exact_name_first(world):
    assert (
        found("cardiff")["organisations"] == [world["icb"], world["cardiff"]]
        or found("cardiff and vale icb")["organisations"][0] == world["icb"]
    )
    exact = factories.organisation("Cardiff")
    db.session.commit()
    assert found("cardiff")["organisations"][0] == exact.id


def test_recent_notes_first(world):
    assert found("referral ")["conversations"] == [world["later"], world["talk"]]


def test_recent_notes_first_when_many_match(world, monkeypatch):
    """The plan for common words (the date index walked newest first) gives the same."""
    monkeypatch.setattr("crm.search.queries.COMMON", 1)
    assert found("referral ")["conversations"] == [world["later"], world["talk"]]
    assert found("referral ", date_to=date(2026, 10, 2))["conversations"] == [world["talk"]]


def test_deleted_conversations_never_appear(world):
    assert world["gone"] not in found("deleted").get("conversations", [])


def test_filters(world):
    assert found("referral ", organisation=world["cardiff"]).get("conversations") == [world["talk"]]
    assert found("referral ", proposal=world["plan"]).get("follow_ups") == [world["task"]]
    assert found("referral ", proposal=world["other"]).get("follow_ups") is None
    dated = found("referral ", date_from=date(2026, 10, 15))
    assert dated == {"conversations": [world["later"]], "follow_ups": [world["task"]]}
    assert list(found("referral ", kind="proposals")) == ["proposals"]


def test_edits_and_deletes_keep_the_index_in_step(world):
    from crm.conversations.models import Conversation
    from crm.organisations.models import Organisation

    talk = db.session.get(Conversation, world["talk"])
    talk.summary = "Nothing about that any more: kingfisher."
    org = db.session.get(Organisation, world["icb"])
    org.name = "Vale Health Board"
    db.session.commit()
    assert found("kingfisher")["conversations"] == [world["talk"]]
    assert world["talk"] not in found("pathway").get("conversations", [])
    assert found("vale health")["organisations"] == [world["icb"]]
    assert found("icb").get("organisations") is None


def test_hostile_text_is_only_text(world):
    for typed in ['"', "'", "a OR b", "NEAR(", "*", "x:*", "(", "a & !b", "\\", "%", "_", "-"]:
        found(typed)  # no syntax error reaches the person


def test_an_import_indexes_its_new_rows(world, runner, tmp_path):
    """The import indexes its new rows at its end (crm/core/fulltext.py, bulk_insert)."""
    from sqlalchemy import text

    path = tmp_path / "contacts.csv"
    path.write_text(
        "Name,Organisation,Email,Phone\n"
        "Zebedee Quill,Otterburn Tenants,zq@otterburn.example,01632 960 111\n"
        "Siân Llŷr,Cardiff Peer Support Network,sian.llyr@cpsn.org.uk,029 2099 9999\n",
        encoding="utf-8",
    )
    db.session.remove()  # the command runs in its own session
    args = ["crm", "import", str(path), "--kind", "contacts", "--create-missing-organisations"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert found("zebedee")["contacts"] and found("otterburn")["organisations"]
    assert found("01632960111")["contacts"]
    assert found("2099 9999")["contacts"] == [world["sian"]]  # an update: the trigger's
    assert not found("02920123456").get("contacts")  # the old number left the index
    if db.engine.dialect.name == "sqlite":
        assert db.session.scalar(text("SELECT count(*) FROM search_paused")) == 0
