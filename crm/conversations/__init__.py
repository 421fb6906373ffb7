"""Conversation records: who took part, which organisations and proposals; the timelines."""
