"""Organisation-wide settings: the UK nation, closure periods, default window, retention."""
