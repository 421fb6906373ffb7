"""The demo partnership (placeholder until the full demo lands)."""

DEMO_USERS = [
    ("admin@demo.partnerwise.example", "demo-admin-password", "admin", "Alex Morgan"),
]


def load_demo() -> None:
    """Load the demo."""
