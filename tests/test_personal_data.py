"""Farmers' personal data only where it belongs (issue #14, ASVS V8 "data protection"): every role walks the site
from its home page, following every link (pages and downloads: PDF, CSV, XLSX) breadth first, and no page or file
may carry a member's name or phone to a role that may not see that group's register (`can_see_register`).

The walk's world is the object-scope walk's (tests/scope/: every kind of record, in both groups), plus an
inspector who is a member, trained in the group's trainings, an improvement plan's action, and report files.
Then every member, every inspector (a member too) and every owner of an action is given a name that can be
found: "… Privacy-Canary" in the scoped group, "… Outside-Canary" in the other. Each URL pattern is walked a few
times only (with different ids), so the walk stays within a minute or two.
"""

import html
import re
from collections import deque
from collections.abc import Iterator
from io import BytesIO
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from openpyxl import load_workbook
from pypdf.errors import PdfReadError

from cycles.models import CorrectiveAction, Inspector, PlanAction, ReportJob
from cycles.services import reports as report_services
from producers.models import Member, ProducerGroup

from .cycles.reports_fixtures import END, START, pdf_text
from .factories_inspections import InspectorFactory
from .factories_nonconformities import make_action, make_nc
from .factories_records import PlanActionFactory, TrainingFactory
from .scope import World
from .test_object_scope import POPULATE

ROLES = ["coordinator", "field_officer", "group_manager", "donor", "outsider"]
# What can be found of a member of each group: the name's mark and the phone, and the phone as a PDF may split it.
INSIDE = ("Privacy-Canary", "+254700999111", "700999111")
OUTSIDE = ("Outside-Canary", "+254700888222", "700888222")
# Who may read each group's register, as the rule says; the walk checks that nothing else reaches anybody.
MAY_SEE_INSIDE = {"coordinator", "field_officer", "group_manager"}
MAY_SEE_OUTSIDE = {"coordinator"}

# Links the walk does not follow: Django's admin and the static files are not the application's pages, and
# logging out ends the walk.
SKIPPED = ("/admin/", "/static/", "/media/", "/accounts/logout/")
# Query parameters that only page through or narrow what a page shows: one value of each is enough.
NARROWING = {"page", "q", "start", "end", "next", "period", "year", "search"}
# How many different URLs of one pattern (and one set of query values) are walked.
PER_PATTERN = 3
MAX_PAGES = 600
LINK = re.compile(r"""href=["']([^"'#]*)""")


def _canaries(group: ProducerGroup, mark: str, phone: str) -> None:
    """Give everybody the walk must find in `group` a findable name and phone."""
    for index, member in enumerate(Member.objects.filter(group=group).order_by("pk")):
        member.first_name, member.last_name, member.phone = f"Zawadi{index}", mark, phone
        member.save()
    for index, inspector in enumerate(Inspector.objects.filter(group=group).order_by("pk")):
        inspector.name = f"Baraka{index} {mark}"
        inspector.save()
    CorrectiveAction.objects.filter(nonconformity__group=group).update(owner=f"Zawadi0 {mark}, with the ICS manager")
    PlanAction.objects.filter(group=group).update(owner=f"Zawadi0 {mark} and the committee")


@pytest.fixture
def world(scope, django_capture_on_commit_callbacks) -> World:
    return build_world(scope, django_capture_on_commit_callbacks)


def build_world(scope, django_capture_on_commit_callbacks) -> World:
    """The scope walk's world with the records and files the walk must reach (see the module's docstring)."""
    built = World(scope=scope)
    for populate in POPULATE:
        populate(built)
    PlanActionFactory.create(group=scope.group)
    inspector = Inspector.objects.filter(group=scope.group).first()
    assert inspector is not None
    inspector.member = scope.member
    inspector.save()
    for training in scope.group.trainings.all():
        training.inspectors.add(*Inspector.objects.filter(group=scope.group))
    _canaries(scope.group, INSIDE[0], INSIDE[1])
    _canaries(scope.other_group, OUTSIDE[0], OUTSIDE[1])
    # A report file each, made the way the application makes it: the job pages lead to the downloads.
    for user in (scope.coordinator, scope.field_officer, scope.group_manager, scope.donor):
        with django_capture_on_commit_callbacks(execute=True):
            report_services.report_request(user=user, group=scope.group, period_start=START, period_end=END)
    programme = scope.group.programmes.get()
    for user in (scope.coordinator, scope.donor):
        with django_capture_on_commit_callbacks(execute=True):
            report_services.report_request(user=user, programme=programme, period_start=START, period_end=END)
    assert ReportJob.objects.filter(status="done").count() >= 6
    return built


def _text(response) -> str:
    """What a person reads in the answer: the page, or the text of the PDF, CSV or workbook it sends."""
    content_type = response.get("Content-Type", "")
    body = response.getvalue() if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        try:
            return "\n".join(pdf_text(body))
        except PdfReadError:  # the scope walk's evidence is a stub of a PDF: its bytes are its text
            return body.decode(errors="replace")
    if "spreadsheetml" in content_type:
        workbook = load_workbook(BytesIO(body), read_only=True)
        return "\n".join(
            str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return body.decode(errors="replace")


def _links(text: str) -> Iterator[str]:
    for found in LINK.findall(text):
        url = html.unescape(found).strip()
        if url.startswith("/") and not url.startswith("//") and not url.startswith(SKIPPED):
            yield url


def _pattern(url: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The URL's pattern and the query values that change what it shows; None for a URL of no view."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    query = tuple(sorted((key, value) for key, value in parse_qsl(parts.query) if key not in NARROWING))
    return match.view_name, query


def walk(client: Client) -> dict[str, str]:
    """Every page and file the client reaches from the home page, by URL: what it reads there."""
    seen: dict[str, str] = {}
    per_pattern: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
    queue = deque(["/"])
    queued = {"/"}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            targets = [response["Location"]]
        elif response.status_code == 200:
            seen[url] = _text(response)
            targets = list(_links(seen[url])) if response.get("Content-Type", "").startswith("text/html") else []
        else:
            continue
        for target in targets:
            pattern = _pattern(target)
            if target in queued or pattern is None or per_pattern.get(pattern, 0) >= PER_PATTERN:
                continue
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            queued.add(target)
            queue.append(target)
    return seen


def _leaks(pages: dict[str, str], marks: tuple[str, ...]) -> list[str]:
    return [f"{url}: {mark}" for url, text in pages.items() for mark in marks if mark in text]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_or_file_names_a_member_to_a_role_that_may_not_see_the_register(world, login, role):
    pages = walk(login(world.scope.users()[role]))
    leaks = []
    if role not in MAY_SEE_INSIDE:
        leaks += _leaks(pages, INSIDE)
    if role not in MAY_SEE_OUTSIDE:
        leaks += _leaks(pages, OUTSIDE)
    assert not leaks, f"{role} reads a member's name or phone on {len(leaks)} pages:\n" + "\n".join(leaks)

    # The walk is worth something only if it reached the pages that name members, and found the names where
    # they belong.
    views = {pattern[0] for url in pages if (pattern := _pattern(url)) is not None}
    if role in ("coordinator", "field_officer", "group_manager"):
        assert _leaks(pages, INSIDE[:2]), f"the walk as {role} found no member's name: it walks too little"
        assert {"producers:member_detail", "cycles:nc_detail", "cycles:training_detail"} <= views
    if role == "donor":
        assert {"cycles:nc_detail", "cycles:training_detail", "cycles:report_download"} <= views
    if role != "outsider":  # and the lists' CSV and Excel files (issue #11)
        assert any("format=csv" in url for url in pages), f"the walk as {role} read no list's CSV file"
        assert any("format=xlsx" in url for url in pages), f"the walk as {role} read no list's Excel file"


def test_the_walk_reads_the_text_of_a_report_file(world, login):
    job = ReportJob.objects.filter(requested_by=world.scope.donor, group=world.scope.group).exclude(file="").first()
    assert job is not None
    client = login(world.scope.donor)
    text = _text(client.get(reverse("cycles:report_download", kwargs={"pk": job.pk})))
    assert "Inside Cooperative" in text


# --- The pages where names were found (issue #14): what each reader reads instead -------------------------------


def _page(client: Client, name: str, pk: int) -> str:
    response = client.get(reverse(name, kwargs={"pk": pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def named(scope):
    """A finding about the scope's member with an action she owns, and a training of an inspector she is."""
    nc = make_nc(scope.group, scope.coordinator, member=scope.member)
    make_action(nc, scope.coordinator)
    CorrectiveAction.objects.filter(nonconformity=nc).update(owner="Wanjiru Kamau, with the ICS manager")
    inspector = InspectorFactory.create(group=scope.group, name="Wanjiru Kamau", member=scope.member)
    training = TrainingFactory.create(group=scope.group, attendees=[scope.member])
    training.inspectors.add(inspector)
    PlanActionFactory.create(group=scope.group, owner="Wanjiru Kamau and the committee")
    return {"nc": nc.pk, "training": training.pk}


def test_a_donor_reads_that_an_owner_is_named_not_who(scope, login, named):
    text = _page(login(scope.donor), "cycles:nc_detail", named["nc"])
    assert "Wanjiru" not in text
    assert "someone named in the group&#x27;s records · due" in text
    assert "Wanjiru" not in _page(login(scope.donor), "cycles:plan", scope.group.pk)


def test_a_donor_reads_how_many_inspectors_were_trained_not_who(scope, login, named):
    text = _page(login(scope.donor), "cycles:training_detail", named["training"])
    assert "Wanjiru" not in text
    assert "1 internal inspector was trained in this session." in text


@pytest.mark.parametrize("role", ["coordinator", "field_officer", "group_manager"])
def test_those_who_keep_the_register_read_the_names(scope, login, named, role):
    client = login(scope.users()[role])
    assert "Wanjiru Kamau, with the ICS manager · due" in _page(client, "cycles:nc_detail", named["nc"])
    assert "<li>Wanjiru Kamau</li>" in _page(client, "cycles:training_detail", named["training"])
    assert "Wanjiru Kamau and the committee" in _page(client, "cycles:plan", scope.group.pk)


def test_a_template_rendered_without_its_reader_names_nobody(scope, named):
    # A mail, a file or a fragment rendered without a request must not fall back to names.
    rendered = Template("{% load identities %}{% member_name member %}|{% action_owner action %}").render(
        Context({"member": scope.member, "action": CorrectiveAction.objects.get()})
    )
    assert rendered == "a member|someone named in the group&#x27;s records"


def test_the_records_page_leads_only_those_who_may_read_the_inspectors_to_them(scope, login):
    inspectors = reverse("cycles:inspectors", kwargs={"pk": scope.group.pk})
    assert inspectors not in _page(login(scope.donor), "cycles:records", scope.group.pk)
    assert inspectors in _page(login(scope.field_officer), "cycles:records", scope.group.pk)
