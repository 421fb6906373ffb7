"""The audit log page (admin): who changed what, when, with old and new values."""
