"""The QR code of a key, drawn on the server as SVG: nothing runs in the browser, and the key never leaves the page."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str) -> SafeString:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg: str = image.to_string(encoding="unicode")
    # Made here from the data by the qrcode library, with nothing from the request in it but the escaped URI.
    return mark_safe(svg)
