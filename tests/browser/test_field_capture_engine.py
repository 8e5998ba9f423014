"""The form a phone downloads is filled in a real XForm engine that no one here wrote, and what it sends is accepted.

The engine is ODK Web Forms (npm `@getodk/web-forms`, the ODK project's own web engine, the one ODK Central
previews forms with), bundled into one static page under tests/browser/xform_engine/. As Collect would, the test
takes the form list, the form and the media files (the register and the inspectors as CSV) from the live server
through the phone's key URL. The page loads that form; Playwright then picks the member from the CSV-backed list,
the inspector, keeps today's date, answers every question compliant but one, which is not compliant with a severity
and a note, and presses Send. The instance XML the engine wrote goes, as Collect's multipart POST, to the server's
submission endpoint: 201, and the inspection is there with the member, the answers and one non-conformity.

The browser keeps the real clock (the form only lists this year's round and refuses dates in the future), in the
app's time zone so that the engine's today() is the server's.
"""

import csv
import io
import mimetypes
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from cycles.collect.keys import IssuedKey, collect_key_create
from cycles.collect.xlsform import INSPECTORS_CSV, MEMBERS_CSV, RoundForm, round_form
from cycles.models import (
    Compliance,
    Inspection,
    InspectionAnswer,
    Inspector,
    NCStatus,
    NonConformity,
    Submission,
    SubmissionStatus,
)
from cycles.services.inspections import inspection_round_open

from ..conftest import Scope
from ..cycles.inspections_fixtures import standards as standards  # a fixture
from ..factories_inspections import InspectorFactory
from .conftest import TIMEOUT_MS, VIEWPORTS

pytestmark = pytest.mark.browser

ENGINE = Path(__file__).parent / "xform_engine"
# The page is served by Playwright itself (page.route answers every request; nothing listens on the port). Web
# Forms makes instance IDs with crypto.randomUUID, which browsers give only to secure contexts: localhost is one.
ORIGIN = "http://localhost:9"
FINDING = "Sprayer and herbicide stored in the kitchen, next to the food."
OPENROSA = {"X-OpenRosa-Version": "1.0"}


@pytest.fixture(scope="session")
def engine_page() -> Path:
    """The built page (dist/), built first when missing or older than its sources (tests/browser/xform_engine/build.sh,
    which `make test` and CI run too). Without Node.js the test skips locally and fails in CI."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        reason = (
            f"{' and '.join(missing)} not found: the XForm engine page (tests/browser/xform_engine) cannot be built. "
            "Install Node.js 20.19 or newer with npm."
        )
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    built = subprocess.run([str(ENGINE / "build.sh")], capture_output=True, text=True, timeout=600, check=False)
    if built.returncode != 0:
        pytest.fail(f"Building the XForm engine page failed:\n{built.stdout}\n{built.stderr}", pytrace=False)
    return ENGINE / "dist"


@pytest.fixture
def scope(browser_scope: Scope) -> Scope:
    """The name the `standards` fixture asks for."""
    return browser_scope


@dataclass
class Field:
    form: RoundForm
    inspector: Inspector
    key: IssuedKey


@pytest.fixture
def field(scope: Scope, standards: dict) -> Field:
    """This year's round of the group (the real clock), an inspector, and the field officer's phone key."""
    inspection_round = inspection_round_open(group=scope.group, year=timezone.localdate().year, by=scope.group_manager)
    inspector = InspectorFactory.create(group=scope.group, name="Peter Njoroge")
    key = collect_key_create(user=scope.field_officer, by=scope.field_officer, label="Tecno of the office")
    return Field(form=round_form(inspection_round), inspector=inspector, key=key)


@dataclass
class Download:
    """What the phone took from the server: the form and its media files by name."""

    xml: bytes
    media: dict[str, bytes]


def _get(url: str) -> bytes:
    with urlopen(Request(url, headers=OPENROSA), timeout=30) as response:
        assert response.status == 200, url
        return response.read()


def _download(live_server: LiveServer, field: Field) -> Download:
    """Form list, form, manifest and media, in Collect's order, each URL taken from the answer before."""
    listing = _get(f"{live_server.url}/collect/key/{field.key.raw}/formList").decode()
    entry = re.search(rf"<formID>{re.escape(field.form.form_id)}</formID>.*?</xform>", listing, re.S)
    assert entry is not None, listing
    form_url = re.search(r"<downloadUrl>(.*?)</downloadUrl>", entry.group(0))
    manifest_url = re.search(r"<manifestUrl>(.*?)</manifestUrl>", entry.group(0))
    assert form_url
    assert manifest_url
    manifest = _get(manifest_url.group(1)).decode()
    media = {
        name: _get(url)
        for name, url in re.findall(r"<filename>(.*?)</filename>.*?<downloadUrl>(.*?)</downloadUrl>", manifest, re.S)
    }
    assert set(media) == {MEMBERS_CSV, INSPECTORS_CSV}
    return Download(xml=_get(form_url.group(1)), media=media)


def _serve(download: Download, dist: Path) -> Callable[[Route], None]:
    """The route handler of the harness origin: the built page, the form and its media."""

    def handle(route: Route) -> None:
        path = route.request.url.removeprefix(ORIGIN).split("?")[0]
        if path == "/form.xml":
            return route.fulfill(body=download.xml, content_type="text/xml")
        if path.startswith("/media/") and path.removeprefix("/media/") in download.media:
            return route.fulfill(body=download.media[path.removeprefix("/media/")], content_type="text/csv")
        file = (dist / (path.lstrip("/") or "index.html")).resolve()
        if file.is_relative_to(dist.resolve()) and file.is_file():
            content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            return route.fulfill(body=file.read_bytes(), content_type=content_type)
        return route.fulfill(status=404, body="not found")

    return handle


def _label(csv_file: bytes, name: str) -> str:
    """The label the CSV gives the choice `name` (the register shows 'Name · number')."""
    rows = csv.DictReader(io.StringIO(csv_file.decode()))
    return next(row["label"] for row in rows if row["name"] == name)


def _choose(page: Page, question: str, option: str) -> None:
    """Open the engine's drop-down of a question and pick the option by its label."""
    container = page.locator(".question-container").filter(has=page.locator("label", has_text=question))
    container.get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(container.get_by_role("combobox")).to_have_text(option)


def _multipart(xml: bytes) -> tuple[bytes, str]:
    boundary = "----engine" + uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="xml_submission_file"; filename="submission.xml"\r\n'
            "Content-Type: text/xml\r\n\r\n"
        ).encode()
        + xml
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized page on the app's clock (the engine's today() must be the server's day)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], timezone_id=settings.TIME_ZONE)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_odk_web_forms_fills_the_served_form_and_the_server_accepts_what_it_sends(
    scope: Scope, field: Field, live_server: LiveServer, engine_page: Path, phone: Page
) -> None:
    download = _download(live_server, field)
    phone.route(f"{ORIGIN}/**", _serve(download, engine_page))
    errors: list[str] = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{ORIGIN}/")
    # The engine marks the form loaded (or failed, with its reason in a dialog).
    status = phone.locator(".form-initialization-status")
    expect(status).to_have_class(re.compile(r"\b(ready|error)\b"), timeout=30_000)
    assert "ready" in (status.get_attribute("class") or ""), phone.locator(".p-dialog").inner_text()

    member = _label(download.media[MEMBERS_CSV], str(scope.member.pk))
    _choose(phone, "Member inspected", member)
    _choose(phone, "Inspector", _label(download.media[INSPECTORS_CSV], str(field.inspector.pk)))
    today = timezone.localdate()
    # The form's default (today()) is kept: the date field shows it already.
    expect(phone.locator("input.p-datepicker-input")).not_to_have_value("")

    questions = field.form.questions
    assert len(questions) > 1
    failing = questions[0]
    for question in questions:
        panel = phone.locator(".p-panel").filter(
            has=phone.get_by_role("heading", name=f"{question.code} · {question.domain_label}", exact=True)
        )
        if question is failing:
            panel.get_by_text("Not compliant", exact=True).click()
            # Severity and note appear only for a failed answer (the form's relevant and required).
            panel.get_by_text("Major", exact=True).click()
            panel.get_by_label("What was found (or a note)").fill(FINDING)
        else:
            panel.get_by_text("Compliant", exact=True).click()
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_function("window.__submission !== undefined")
    assert errors == []
    sent = phone.evaluate("window.__submission")
    assert sent["attachments"] == []
    xml = sent["xml"].encode()
    # What the engine computed from the form: the version field's calculate and the instance name's
    # jr:choice-name over the CSV-backed register.
    assert f"<form_version>{field.form.version}</form_version>".encode() in xml
    assert f"<instanceName>{member} · {today.isoformat()}</instanceName>".encode() in xml

    body, content_type = _multipart(xml)
    request = Request(
        f"{live_server.url}/collect/key/{field.key.raw}/submission",
        data=body,
        headers={**OPENROSA, "Content-Type": content_type},
        method="POST",
    )
    with urlopen(request, timeout=30) as response:
        assert response.status == 201

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.ACCEPTED, submission.reason
    inspection = Inspection.objects.get(member=scope.member)
    assert (inspection.inspector, inspection.inspected_on, inspection.recorded_by) == (
        field.inspector,
        today,
        scope.field_officer,
    )
    recorded = InspectionAnswer.objects.filter(inspection=inspection)
    answers = {answer.requirement_id: answer.answer for answer in recorded}
    expected = {
        requirement.pk: Compliance.NOT_COMPLIANT if question is failing else Compliance.COMPLIANT
        for question in questions
        for requirement in question.requirements
    }
    assert answers == expected
    finding = NonConformity.objects.get(inspection=inspection)
    assert (finding.member, finding.severity, finding.description, finding.status) == (
        scope.member,
        "major",
        FINDING,
        NCStatus.OPEN,
    )
