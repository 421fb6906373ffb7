"""Drafts travel with the whole-database export: their text, and their file as base64."""

from __future__ import annotations

import base64
import csv
import io
import zipfile

from crm.core.extensions import db
from crm.drafts.models import Draft
from crm.io.database import export_database
from tests import factories


def test_a_draft_and_its_file_are_in_the_database_export(ctx):
    proposal = factories.proposal("Plan")
    db.session.add(
        Draft(proposal_id=proposal.id, number=1, source="txt", filename="plan.txt",
              content=b"Riverside \x00 bytes", text="Riverside bytes")
    )  # fmt: skip
    db.session.commit()
    data, manifest = export_database(db.engine)
    assert manifest["tables"]["drafts"]["rows"] == 1
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (row,) = csv.DictReader(io.StringIO(archive.read("drafts.csv").decode("utf-8")))
    assert row["text"] == "Riverside bytes"
    assert base64.b64decode(row["content"]) == b"Riverside \x00 bytes"
