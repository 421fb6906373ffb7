"""The mail benchmark runs (a small one), so `make bench` does not rot."""

from __future__ import annotations

from bench import mail


def test_the_mail_benchmark_queues_and_sends(tmp_path):
    figures = mail.run(users=25, url=f"sqlite:///{tmp_path / 'mail-bench.sqlite3'}")
    assert (figures["queued"], figures["sent"], figures["received"]) == (25, 25, 25)
    assert figures["rerun_queued"] == 0
    text = mail.section(figures)
    assert "25 daily digests" in text and "| send them (`send_due`) | 25 sent" in text
