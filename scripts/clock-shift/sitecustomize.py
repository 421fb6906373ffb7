"""Move this Python process's clock by CLOCK_SHIFT_SECONDS (time-machine, frozen).

Put this folder on PYTHONPATH (scripts/clock-shift/run does) and every Python process
started with it, pytest, flask and gunicorn alike, reads its clock as
"when it started + the offset", frozen there (tick=False), as the date-independence check
does. time.monotonic() and time.perf_counter() are left alone; Chromium keeps the real
clock.
"""

import os

_offset = os.environ.get("CLOCK_SHIFT_SECONDS")
if _offset:
    import datetime as _dt

    import time_machine as _time_machine

    _time_machine.travel(
        _dt.datetime.now(_dt.UTC) + _dt.timedelta(seconds=float(_offset)), tick=False
    ).start()
