"""Absolute links for emails, built from BASE_URL without a request (commands have none)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import current_app


def link_builder(base_url: str | None = None) -> Callable[..., str]:
    """`link(endpoint, **values)` -> 'https://crm.example.org/proposals/3' (one URL adapter)."""
    parts = urlsplit((base_url or current_app.config["BASE_URL"]).rstrip("/"))
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )

    def link(endpoint: str, **values) -> str:
        return adapter.build(endpoint, values, force_external=True)

    return link
