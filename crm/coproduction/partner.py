"""The partner response page's logic: open a link safely, what the partner sees, notices.

`open_link` is the only way in: it hashes the token, looks the request up, counts the
request against the rate limits (per link and per address, in the database) and gives
back either the page's facts or a status (404 for a wrong, expired or revoked link,
all alike; 429 when over a limit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from sqlalchemy import select

from crm.auth.models import User
from crm.contacts.models import Contact
from crm.coproduction import mail, names, ratelimit, sending
from crm.coproduction.directory import directory
from crm.coproduction.models import ResponseAnswer, ResponseRequest
from crm.coproduction.rules import link_works, may_answer
from crm.coproduction.tokens import looks_like_a_token, token_hash
from crm.core.extensions import db
from crm.core.storage import write_lock
from crm.drafts.models import Draft
from crm.drafts.text import split
from crm.organisations.models import Organisation
from crm.proposals.models import Proposal, Stake


@dataclass
class PartnerView:
    """What one partner's link shows: only their proposal, their passages and their answers."""

    request: ResponseRequest
    stake: Stake
    organisation: Organisation
    proposal: Proposal
    contact: Contact | None
    draft: Draft | None
    passages: tuple[str, ...]
    marked: list[list[tuple[str, bool]]]
    whole: list[str] | None
    answers: list[ResponseAnswer]
    author_name: str
    today: date

    @property
    def latest(self) -> ResponseAnswer | None:
        return self.answers[-1] if self.answers else None

    @property
    def may_answer(self) -> bool:
        return may_answer(self.request.respond_by, self.today, bool(self.answers))


def open_link(token: str, address: str, today: date) -> PartnerView | int:
    """The page behind a link, or 404 (wrong, expired or revoked: all the same) or 429."""
    hashed = token_hash(token) if looks_like_a_token(token) else None
    item = None
    if hashed is not None:
        item = db.session.scalar(
            select(ResponseRequest).where(ResponseRequest.token_hash == hashed)
        )
    works = item is not None and link_works(item.revoked_at is not None, item.respond_by, today)
    # The hit counts whatever the page says (committed now, under the write lock on SQLite).
    with write_lock(db.session):
        limited = ratelimit.hit(hashed if works else ratelimit.INVALID, address)
    if limited:
        return 429
    if not works:
        return 404
    return _view(item, today)


def _view(item: ResponseRequest, today: date) -> PartnerView:
    stake = db.session.get(Stake, item.stake_id)
    organisation = db.session.get(Organisation, stake.organisation_id)
    proposal = db.session.get(Proposal, stake.proposal_id)
    contact = db.session.get(Contact, item.contact_id) if item.contact_id else None
    draft = db.session.get(Draft, item.draft_id) if item.draft_id else None
    author = db.session.get(User, item.created_by_id) if item.created_by_id else None
    passages: tuple[str, ...] = ()
    marked: list = []
    if draft is not None:
        book = directory()
        mention = names.check(split(draft.text), book).get(organisation.id)
        if mention is not None:
            passages = mention.passages
            marked = [names.highlight(text, book, organisation.id) for text in passages]
    answers = list(
        db.session.scalars(
            select(ResponseAnswer)
            .where(ResponseAnswer.request_id == item.id)
            .order_by(ResponseAnswer.submitted_at, ResponseAnswer.id)
        )
    )
    return PartnerView(
        request=item,
        stake=stake,
        organisation=organisation,
        proposal=proposal,
        contact=contact,
        draft=draft,
        passages=passages,
        marked=marked,
        whole=split(draft.text) if draft is not None and item.share_whole_draft else None,
        answers=answers,
        author_name=author.name if author else "",
        today=today,
    )


def prefill(view: PartnerView) -> dict:
    """The form as they last answered it, or with the name and role we have for them."""
    latest = view.latest
    if latest is not None:
        return {
            key: getattr(latest, key)
            for key in (
                "responder_name", "responder_role", "stance", "stance_comments", "agreement",
                "agreement_detail", "naming", "naming_wording",
            )
        }  # fmt: skip
    if view.contact is None:
        return {}
    return {"responder_name": view.contact.name, "responder_role": view.contact.job_title}


def notify_author(view: PartnerView, answer: ResponseAnswer) -> sending.Sent:
    """Tell the proposal's author (by the app's mail, when it is set up)."""
    author = db.session.get(User, view.proposal.author_id) if view.proposal.author_id else None
    if author is None:
        return sending.Sent(False, "The proposal has no author to tell.")
    composed = mail.answer_notice(
        answer=answer,
        proposal=view.proposal,
        organisation_name=view.organisation.name,
        link=url_for("asking.index", proposal_id=view.proposal.id, _external=True),
        changed=len(view.answers) > 0,
    )
    return sending.send(
        subject=composed.subject,
        text=composed.text,
        html=composed.html,
        to_user=author,
        kind="written_response",
        about_type="proposals",
        about_id=view.proposal.id,
        automatic=True,
    )
