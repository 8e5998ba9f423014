"""Files left behind in storage, and their removal.

A file can outlive the reason it was written: a register import previewed and never confirmed (its session
expired), an evidence file written by a request whose transaction then rolled back, a report whose worker died
between writing the PDF and recording it. Such files hold farmers' personal data and would pile up on the server;
a periodic sweep (`cycles.tasks.files_sweep`) removes them. Only files older than a margin are touched, so a file
being written now, whose row is not committed yet, is never taken for a left-over.
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

# Pending register imports live here, under a random name, between the preview and the confirmation.
IMPORT_FOLDER = "imports"
# A preview older than this is no longer confirmed (`producers.views.register`); its file is swept.
PENDING_IMPORT_FOR = timedelta(hours=12)
BATCH = 500


def stored_files(folder: str) -> Iterator[str]:
    """Every file under `folder` in the default storage, subfolders included, as storage names."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_files(f"{folder}/{directory}")


def _batches(names: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for name in names:
        batch.append(name)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def files_sweep(
    folder: str,
    *,
    older_than: timedelta,
    referenced: Callable[[list[str]], set[str]] | None = None,
    now: datetime | None = None,
) -> int:
    """Delete the files under `folder` last written before `now - older_than` that no record names.

    `referenced` receives storage names, a batch at a time, and returns those a record still names (None: no
    record names any file of the folder). Returns the number of files deleted.
    """
    cutoff = (now or timezone.now()) - older_than
    removed = 0
    old = (name for name in stored_files(folder) if default_storage.get_modified_time(name) < cutoff)
    for batch in _batches(old):
        kept = referenced(batch) if referenced is not None else set()
        for name in batch:
            if name not in kept:
                default_storage.delete(name)
                removed += 1
    return removed


def import_files_sweep(*, now: datetime | None = None) -> int:
    """Remove the files of register imports previewed and never confirmed or cancelled."""
    return files_sweep(IMPORT_FOLDER, older_than=PENDING_IMPORT_FOR, now=now)


__all__ = ["IMPORT_FOLDER", "PENDING_IMPORT_FOR", "files_sweep", "import_files_sweep", "stored_files"]
