"""Mail (DESIGN.md section 11): the outbox, delivery over SMTP, and reading dropped emails."""
