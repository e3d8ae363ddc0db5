"""Move private files stored before the private storage existed out of MEDIA_ROOT.

Called by the migrations that switched the fields to private storage and by
`manage.py move_private_files` (for instance after restoring an old backup). Idempotent.
"""

from __future__ import annotations

from django.core.files.storage import default_storage

from core.private_storage import private_storage, private_upload_path
from core.uploads import DOCUMENT_EXTENSIONS, DOCUMENT_SIGNATURES


def _sniffed_extension(head: bytes) -> str:
    kind = next((ct for sig, ct in DOCUMENT_SIGNATURES.items() if head.startswith(sig)), None)
    return DOCUMENT_EXTENSIONS.get(kind, "")


def move_to_private(queryset, field: str, *, type_field: str = "") -> int:
    """Move each row's file from the public default storage into private storage under a
    random name; rows already moved (or whose file is gone) are left alone. Returns how
    many moved. `type_field`, if given, is filled from the file's first bytes when empty."""
    private = private_storage()
    moved = 0
    for row in queryset.iterator():
        name = getattr(row, field).name
        if not name or not default_storage.exists(name) or private.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            ext = _sniffed_extension(source.read(16))
            source.seek(0)
            new_name = private.save(private_upload_path(row, f"file{ext}"), source)
        updates = {field: new_name}
        if type_field and not getattr(row, type_field):
            updates[type_field] = next(
                (ct for ct, e in DOCUMENT_EXTENSIONS.items() if e == ext),
                "application/octet-stream",
            )
        type(row).objects.filter(pk=row.pk).update(**updates)
        default_storage.delete(name)
        moved += 1
    return moved
