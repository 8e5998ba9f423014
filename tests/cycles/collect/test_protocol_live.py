"""The OpenRosa protocol as ODK Collect drives it, over a real HTTP server (pytest-django's live server) and real
sockets: form list, form, manifest and media, then 50 submissions, 10 of them with the connection cut (mid-body,
or after the server answered but before the phone read it) and re-sent up to 3 times. At the end: no duplicate,
no lost answer."""

import re
import socket
import uuid
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from django.db import connection

from cycles.collect.sample import submission_xml
from cycles.models import Inspection, InspectionAnswer, Submission

from ...factories import MemberFactory
from ..clock_fixtures import frozen as frozen  # a fixture
from ..inspections_fixtures import standards as standards  # a fixture
from .fixtures import collect_url
from .fixtures import field as field  # a fixture

pytestmark = pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback")

BOUNDARY = "----collect" + uuid.uuid4().hex


def _multipart(xml: bytes) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="xml_submission_file"; filename="submission.xml"\r\n'
            "Content-Type: text/xml\r\n\r\n"
        ).encode()
        + xml
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def _post(base: str, path: str, body: bytes, *, cut: str = "") -> int | None:
    """POST the submission on a socket of its own, as Collect does; `cut` drops the connection "mid-body" (the
    server never gets the whole submission) or "before-reply" (it gets it all, the phone never reads the answer)."""
    parts = urlsplit(base)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nX-OpenRosa-Version: 1.0\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as conn:
        if cut == "mid-body":
            conn.sendall(head + body[: len(body) // 2])
            conn.shutdown(socket.SHUT_WR)  # the signal is lost halfway through
            conn.recv(1)
            return None
        conn.sendall(head + body)
        if cut == "before-reply":
            if connection.vendor == "sqlite":
                # The live server shares one SQLite connection between its threads: the retry must not overlap
                # the request still running. On PostgreSQL (CI) it does overlap, as a phone's retry can.
                while conn.recv(65536):
                    pass
            return None
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    return int(reply.split(b" ", 2)[1])


def test_collect_downloads_the_form_and_sends_50_inspections_through_dropped_connections(scope, field, live_server):
    base = live_server.url
    listing = urlopen(base + collect_url(field.key, "formList")).read().decode()
    assert field.form.form_id in listing
    form_match = re.search(r"<downloadUrl>(.*?)</downloadUrl>", listing)
    manifest_match = re.search(r"<manifestUrl>(.*?)</manifestUrl>", listing)
    assert form_match is not None
    assert manifest_match is not None
    form_url, manifest_url = form_match.group(1), manifest_match.group(1)
    assert b"<h:html" in urlopen(form_url).read()
    for media_url in re.findall(r"<downloadUrl>(.*?)</downloadUrl>", urlopen(manifest_url).read().decode()):
        assert urlopen(media_url).read().startswith(b"name,label")

    members = [scope.member, *MemberFactory.create_batch(49, group=scope.group)]
    path = collect_url(field.key, "submission")
    statuses: list[int | None] = []
    for number, member in enumerate(members):
        body = _multipart(submission_xml(field.form, member=member, inspector=field.inspector))
        if number % 5 == 0:  # 10 of the 50: the connection drops, Collect tries again (up to 3 times)
            assert _post(base, path, body, cut="mid-body") is None
            assert _post(base, path, body, cut="before-reply") is None
        statuses.append(_post(base, path, body))
    assert statuses == [201] * 50
    assert Submission.objects.count() == 50
    assert Inspection.objects.count() == 50
    assert Inspection.objects.values("member").distinct().count() == 50
    per_inspection = sum(len(q.requirements) for q in field.form.questions)
    assert InspectionAnswer.objects.count() == 50 * per_inspection
