"""Merging duplicates: two organisations, or two contacts, into the one kept (DESIGN.md 4).

`plans` reads what a merge would move (the preview, and a token that says the preview
is still true), `services` moves it all in one transaction with audit entries, and
`views` asks, previews and confirms. The rules for combining are in crm/rules/merging.py.
"""
