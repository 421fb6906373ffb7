"""Run one import in a fresh process and print its peak memory (run by test_import_memory).

    python -m tests.hostile.import_worker FILE KIND

Builds the app on a new SQLite database, logs an editor in, uploads FILE to the import
page, and when it is accepted asks for the check of every row, as a user would. Prints
JSON: the status codes, the page sizes, and the process's peak resident memory (MB)
before and after the import.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import tempfile
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(path: str, kind: str) -> None:
    from flask_migrate import upgrade

    from crm import create_app
    from crm.core.config import TestingConfig
    from crm.core.extensions import db
    from tests import factories
    from tests.conftest import login
    from tests.hostile.forms import form_fields

    url = "sqlite:///" + str(Path(tempfile.mkdtemp()) / "worker.sqlite3")
    app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        editor = factories.user(role="editor")
        db.session.commit()
        email = editor.email
    client = app.test_client()
    login(client, email)
    # Warm up: every module an import uses is loaded before the baseline is taken.
    client.post(
        "/import/",
        data={"kind": kind, "file": (_bytes("Name,Email\nA B,a@example.org\n"), "w.csv")},
        content_type="multipart/form-data",
    )
    baseline = peak_mb()
    data = Path(path).read_bytes()
    upload = client.post(
        "/import/",
        data={"kind": kind, "file": (_bytes(data), Path(path).name)},
        content_type="multipart/form-data",
    )
    page = upload.get_data(as_text=True)
    result = {"upload": upload.status_code, "upload_page_kb": len(page) // 1024}
    del data
    if upload.status_code == 200 and 'name="payload"' in page:
        check = client.post("/import/check", data=form_fields(page))
        result.update(check=check.status_code, check_page_kb=len(check.data) // 1024)
    else:
        alert = re.search(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)', page)
        result["message"] = alert.group(1).strip() if alert else ""
    result.update(baseline_mb=round(baseline), peak_mb=round(peak_mb()))
    print(json.dumps(result))


def _bytes(data):
    import io

    return io.BytesIO(data.encode() if isinstance(data, str) else data)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
