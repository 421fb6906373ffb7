"""Reminders (DESIGN.md section 11): the daily digest email per user."""
