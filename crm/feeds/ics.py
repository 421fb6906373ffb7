"""The calendar feed: milestones, consult-by dates and follow-ups as all-day events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from crm.core.text import printable


@dataclass(frozen=True)
class FeedItem:
    """One all-day entry; `uid` stays the same while the thing it describes exists."""

    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""


def build_calendar(items: list[FeedItem], name: str, stamp: datetime) -> bytes:
    """An iCalendar file that Outlook and Google Calendar accept."""
    calendar = Calendar()
    calendar.add("prodid", "-//Partnerwise//Partnership calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", printable(name))
    calendar.add("x-wr-timezone", "Europe/London")
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)  # a date, not a datetime: an all-day event
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", printable(item.summary))
        event.add("transp", "TRANSPARENT")
        if item.description:
            event.add("description", printable(item.description))
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()
