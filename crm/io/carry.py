"""Carry an uploaded file between the import steps inside the form, not on the server's disk.

Any worker on any host can serve the next step; the browser posts the file back
compressed and base64-encoded. Whatever comes back is read and checked again.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from crm.io.reading import ReadError


def pack(data: bytes) -> str:
    """The file as form-safe text."""
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def unpack(text: str, max_bytes: int) -> bytes:
    """The file back from pack(); refuses anything that inflates past max_bytes."""
    try:
        packed = base64.b64decode(text.encode("ascii"), validate=True)
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed, max_bytes + 1)
    except (binascii.Error, UnicodeEncodeError, zlib.error):
        raise ReadError("The uploaded file was lost on the way. Upload it again.") from None
    if len(data) > max_bytes or inflater.unconsumed_tail:
        raise ReadError("The uploaded file is larger than the limit. Upload a smaller file.")
    if not inflater.eof:
        raise ReadError("The uploaded file was lost on the way. Upload it again.")
    return data


def packed_limit(max_bytes: int) -> int:
    """The most form data one step may carry for a file of max_bytes."""
    # Incompressible files grow slightly under zlib, then by 4/3 in base64.
    return (max_bytes + max_bytes // 100 + 1024) * 4 // 3 + 64 * 1024
