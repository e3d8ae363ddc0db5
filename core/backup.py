"""Database and media backups: one archive folder that `restore_site` can bring back.

PostgreSQL uses pg_dump/pg_restore (custom format, consistent snapshot while the site runs);
the embedded SQLite database uses SQLite's online backup API. Media is a tar.gz of MEDIA_ROOT.
"""

import json
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore with argument lists, no shell
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """A backup or restore could not be completed; the message says why in plain words."""


@dataclass(frozen=True)
class BackupManifest:
    created_at: str
    vendor: str
    database_file: str
    media_file: str | None


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, args


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise BackupError(f"{tool} is not installed; install the PostgreSQL client tools.")
    return path


def backup(*, destination: Path, alias: str = "default", include_media: bool = True) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    db = connections[alias].settings_dict
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        env, args = _pg_env_and_args(db)
        dump = destination / "database.pgdump"
        cmd = [_require("pg_dump"), *args, "-Fc", "--no-owner", "-f", str(dump), db["NAME"]]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603 # nosec B603
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    elif vendor == "sqlite":
        dump = destination / "database.sqlite3"
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")

    media_file = None
    media_root = Path(settings.MEDIA_ROOT)
    if include_media and media_root.exists():
        media_file = destination / "media.tar.gz"
        with tarfile.open(media_file, "w:gz") as archive:
            archive.add(media_root, arcname=".")

    manifest = BackupManifest(
        created_at=datetime.now(UTC).isoformat(),
        vendor=vendor,
        database_file=dump.name,
        media_file=media_file.name if media_file else None,
    )
    (destination / "manifest.json").write_text(json.dumps(manifest.__dict__, indent=2))
    return destination


def restore(*, source: Path, database: dict, media_root: Path | None) -> BackupManifest:
    """Restore into `database` (a settings dict naming an EMPTY database) and `media_root`."""
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{source} has no manifest.json: it is not a backup folder.")
    manifest = BackupManifest(**json.loads(manifest_path.read_text()))
    dump = source / manifest.database_file
    if manifest.vendor == "postgresql":
        env, args = _pg_env_and_args(database)
        cmd = [_require("pg_restore"), *args, "--no-owner", "--exit-on-error", "-d"]
        cmd += [database["NAME"], str(dump)]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603 # nosec B603
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        target = Path(database["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(f"{target} already holds a database; restore into a new file.")
        shutil.copyfile(dump, target)

    if manifest.media_file and media_root is not None:
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / manifest.media_file, "r:gz") as archive:
            # The "data" filter refuses absolute paths, links out of the tree and devices.
            archive.extractall(media_root, filter="data")
    return manifest
