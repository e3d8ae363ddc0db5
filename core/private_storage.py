"""Where private trade documents live: offline-payment receipts, order documents and message
attachments. Never under MEDIA_ROOT, never with a URL, never under the name the uploader chose.

- `PrivateFileSystemStorage` keeps files under `PRIVATE_MEDIA_ROOT` (the `private` entry of
  STORAGES; another backend can be configured there). `url()` refuses: the only way to a
  private file is its authorising download view.
- `private_upload_path` names a file `<model>/<32 random hex>.<ext>`: the original name is
  kept only as a column, so a path seen once (a log line, a backup listing) tells nothing and
  leads to nothing. The extension is the validated type's (see core.uploads).
`marketplace.private_files.move_to_private` moves files stored before this out of MEDIA_ROOT.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property

KNOWN_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}


class PrivateFileSystemStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through their download view.")


def private_storage():
    """The storage of private files (a callable, so tests and settings can swap it)."""
    return storages["private"]


def private_upload_path(instance, filename: str) -> str:
    ext = os.path.splitext(filename)[1].lower()
    if ext == ".jpeg":
        ext = ".jpg"
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}{ext if ext in KNOWN_TYPES else ''}"
