"""The OpenRosa 1.0 documents and headers ODK Collect expects (the form list, the manifest, the submission response),
as ODK Central serves them. Built with ElementTree, so that every name and URL is escaped."""

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date

OPENROSA_VERSION = "1.0"
XFORMS_LIST = "http://openrosa.org/xforms/xformsList"
XFORMS_MANIFEST = "http://openrosa.org/xforms/xformsManifest"
OPENROSA_RESPONSE = "http://openrosa.org/http/response"


def openrosa_response(body: bytes | str = b"", *, status: int = 200, content_type: str = "text/xml") -> HttpResponse:
    """A response with the headers every OpenRosa response carries."""
    response = HttpResponse(body, status=status, content_type=f"{content_type}; charset=utf-8")
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    response["X-OpenRosa-Accept-Content-Length"] = str(settings.MAX_REQUEST_BODY_BYTES)
    response["Date"] = http_date()
    # A form, a list or a receipt is for the phone that asked: never kept by a proxy in between.
    response["Cache-Control"] = "private, no-store"
    return response


def _xml(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8", xml_declaration=False)


@dataclass(frozen=True)
class ListedForm:
    form_id: str
    name: str
    version: str
    hash: str
    download_url: str
    manifest_url: str


def form_list(forms: list[ListedForm]) -> bytes:
    root = Element("xforms", xmlns=XFORMS_LIST)
    for form in forms:
        item = SubElement(root, "xform")
        for tag, value in (
            ("formID", form.form_id),
            ("name", form.name),
            ("version", form.version),
            ("hash", form.hash),
            ("downloadUrl", form.download_url),
            ("manifestUrl", form.manifest_url),
        ):
            SubElement(item, tag).text = value
    return _xml(root)


@dataclass(frozen=True)
class ListedMedia:
    filename: str
    hash: str
    download_url: str


def manifest(files: list[ListedMedia]) -> bytes:
    root = Element("manifest", xmlns=XFORMS_MANIFEST)
    for media in files:
        item = SubElement(root, "mediaFile")
        SubElement(item, "filename").text = media.filename
        SubElement(item, "hash").text = media.hash
        SubElement(item, "downloadUrl").text = media.download_url
    return _xml(root)


def message(text: str, *, nature: str = "") -> bytes:
    """An OpenRosa response message; Collect shows its text to the person sending."""
    root = Element("OpenRosaResponse", xmlns=OPENROSA_RESPONSE)
    item = SubElement(root, "message")
    if nature:
        item.set("nature", nature)
    item.text = text
    return _xml(root)
