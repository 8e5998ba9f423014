"""What both register page test modules share: the roles, those who change the register, a page's address, and
the autouse fixture that gives each test a media folder of its own (imported under its own name by the modules
that use it)."""

import pytest
from django.urls import reverse

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
CHANGERS = {"coordinator", "field_officer", "group_manager"}


def _url(name: str, pk: int) -> str:
    return reverse(f"producers:{name}", kwargs={"pk": pk})


@pytest.fixture(autouse=True)
def _own_media_folder(settings, tmp_path) -> None:
    """Uploads are kept in the default storage, on disk in tests and shared by parallel test processes: each test
    gets a folder of its own."""
    settings.MEDIA_ROOT = tmp_path
