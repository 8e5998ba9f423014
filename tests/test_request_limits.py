"""The largest request the app reads (#14 point 4): a body over the limit is refused before a form parses it."""

import pytest
from django.core.files.uploadhandler import StopUpload
from django.test import override_settings
from django.urls import reverse

from hivos_qm.limits import LimitedUploadHandler


def test_a_body_declared_larger_than_the_limit_is_refused_with_413(client):
    response = client.generic(
        "POST", reverse("login"), b"x" * 10, content_type="text/plain", CONTENT_LENGTH=str(13 * 2**20)
    )
    assert response.status_code == 413
    assert "send at most 12 MB" in response.content.decode()


@pytest.mark.django_db
def test_a_body_within_the_limit_goes_through(client):
    assert client.get(reverse("login")).status_code == 200


@override_settings(MAX_REQUEST_BODY_BYTES=64 * 1024)
def test_an_upload_sent_in_chunks_stops_being_read_past_the_limit():
    # A body sent in chunks declares no length: the upload handler counts what arrives.
    handler = LimitedUploadHandler()
    chunk = b"a" * 8192
    for start in range(0, 64 * 1024, 8192):
        assert handler.receive_data_chunk(chunk, start) == chunk
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(chunk, 64 * 1024)
