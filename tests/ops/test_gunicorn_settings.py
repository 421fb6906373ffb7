"""The production gunicorn settings: what each worker does once the app is loaded."""

import gc
from pathlib import Path


def test_a_worker_keeps_the_loaded_app_out_of_full_collections():
    """Full collections skip what loading the app made (they stalled form posts)."""
    settings: dict = {}
    source = Path(__file__).resolve().parents[2].joinpath("gunicorn.conf.py").read_text()
    exec(source, settings)  # noqa: S102 - our own settings file
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        settings["post_worker_init"](None)
        assert gc.get_freeze_count() > 1000  # the test process's modules, at least
    finally:
        gc.unfreeze()
