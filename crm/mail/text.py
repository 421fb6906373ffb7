"""The words of an email: HTML as text, the newest message of a reply chain, a summary."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SUMMARY_LINES = 6
SUMMARY_CHARS = 700


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skip = 0
        self.quote = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        if tag == "blockquote":
            self.quote += 1
        if tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        if tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        if tag in self.BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        text = " ".join(data.split())
        if text:
            # Keep one space where the markup had some ("Hello <b>Alex</b>").
            text = (" " if data[0].isspace() else "") + text + (" " if data[-1].isspace() else "")
        elif data:
            text = " "
        if self.quote and text.strip():
            text = "> " + text
        self.chunks.append(text)


def html_to_text(html: str) -> str:
    """The readable text of an HTML body (quoted blocks marked with '>')."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.chunks).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_CUT_AT = [
    re.compile(r"^On .{4,200}(wrote|écrit|schreef|ysgrifennodd)\s*:?\s*$", re.IGNORECASE),
    re.compile(r"^-{2,}\s*(Original Message|Forwarded message)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^_{5,}\s*$"),  # Outlook's line above the quoted message
    re.compile(r"^From:\s.+", re.IGNORECASE),  # Outlook's quoted header block
    re.compile(r"^--\s*$"),  # the signature delimiter (often without its space)
    re.compile(r"^Sent from my \w+", re.IGNORECASE),
    re.compile(r"^Get Outlook for ", re.IGNORECASE),
]


def newest_part(body: str) -> str:
    """The newest message of a reply chain: quoted lines, earlier messages and signature cut."""
    kept: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if any(pattern.match(stripped) for pattern in _CUT_AT):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


_GREETING = re.compile(
    r"^(hi|hello|dear|hiya|good (morning|afternoon)|helo|shwmae)\b.{0,40}$", re.I
)


def summary_for(email) -> str:
    """'Email: subject' and the first lines of the newest message, for the log form."""
    lines = [line for line in newest_part(email.body).split("\n") if line.strip()]
    if lines and _GREETING.match(lines[0].strip()):
        lines = lines[1:]
    chosen: list[str] = []
    size = 0
    for line in lines[:SUMMARY_LINES]:
        if size + len(line) > SUMMARY_CHARS:
            chosen.append(line[: max(0, SUMMARY_CHARS - size)].rstrip() + "…")
            break
        chosen.append(line.strip())
        size += len(line)
    subject = email.subject or "(no subject)"
    return "\n".join([f"Email: {subject}", *chosen]).strip()
