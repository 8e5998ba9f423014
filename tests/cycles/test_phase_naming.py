"""One way to name a phase and its position, on every page that names it: "Phase 3 of 5 · Planning phase 2: …".

The shipped names carry HIVOS's own numbering of the planning phases ("Planning phase 2"); a bare position beside
them ("3/5", a badge "3", "3.") reads as a second numbering, so the position is always written out in words.
"""

import re

import pytest
from django.urls import reverse

from cycles.models import MoveKind, Phase
from cycles.services import phase_move_record, trajectory_start

LABEL = "Phase 3 of 5 · Planning phase 2: building the system"
# A bare number next to the name: "3/5", a badge holding "3", "3." before it.
BARE_POSITION = re.compile(r"3/5|>\s*3\s*</span>\s*Planning phase 2|\b3\. Planning phase 2")


@pytest.fixture
def in_planning_2(scope):
    trajectory_start(group=scope.group, by=None)
    for code in ("planning-1", "planning-2"):
        phase_move_record(
            group=scope.group, kind=MoveKind.OVERRIDE, to_phase=Phase.objects.get(code=code), by=None, reason="test"
        )
    return scope


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_phase_names_its_position_in_words(db):
    assert Phase.objects.get(code="planning-2").label == LABEL


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("field_officer", "cycles:home"),
        ("group_manager", "cycles:home"),
        ("donor", "cycles:home"),
        ("donor", "cycles:group_detail"),
        ("field_officer", "cycles:phase"),
        ("field_officer", "cycles:timeline"),
    ],
)
def test_every_page_names_the_phase_the_same_way(in_planning_2, login, role, url):
    kwargs = {} if url == "cycles:home" else {"pk": in_planning_2.group.pk}
    response = login(in_planning_2.users()[role]).get(reverse(url, kwargs=kwargs))
    assert LABEL in _text(response)
    assert not BARE_POSITION.search(response.content.decode())
