"""Reading a page's form as a browser would send it (radio buttons and checkboxes included)."""

from __future__ import annotations

import re
from html import unescape


def form_fields(html: str, action: str | None = None) -> dict[str, str | list[str]]:
    """The values of the inputs, selects and textareas of the page's form (or the one posting to
    `action`), as a browser would send them."""
    if action:
        found = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
        html = found.group(1) if found else html
    data: dict[str, str | list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("checkbox", "radio") and "checked" not in tag):
            continue
        if kind and kind.group(1) == "submit":
            continue
        value = re.search(r'value="([^"]*)"', tag)
        text = unescape(value.group(1)) if value else ""
        if kind and kind.group(1) == "checkbox":
            text = text or "y"
            if name.group(1) in data:  # several ticked boxes of one name: a list
                earlier = data[name.group(1)]
                data[name.group(1)] = [*(earlier if isinstance(earlier, list) else [earlier]), text]
                continue
        data[name.group(1)] = text
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(body).removeprefix("\n").removeprefix("\r\n")
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        options = re.findall(r"<option[^>]*>", body)
        chosen = next((o for o in options if re.search(r"\sselected\b", o)), None)
        chosen = chosen or (options[0] if options else "")
        value = re.search(r'value="([^"]*)"', chosen)
        data[name] = unescape(value.group(1)) if value else ""
    return data


def with_version(client, url: str, data: dict) -> dict:
    """`data` plus the version the edit page at `url` shows now (what a browser would send)."""
    version = form_fields(client.get(url).get_data(as_text=True)).get("version", "")
    return {**data, "version": version}
