"""Search: one box over organisations, contacts, conversations, follow-ups and proposals."""
