"""A photo taken on a farm for an inspection's question: served to those who may read the inspection (it shows a
member's farm), never from the static files."""

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404

from producers.views.helpers import request_user

from ...models import InspectionPhoto
from ...selectors.inspections import inspection_get_for_user


def photo_view(request: HttpRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(InspectionPhoto.objects.select_related("attachment"), pk=pk)
    inspection_get_for_user(user=request_user(request), pk=photo.inspection_id)
    attachment = photo.attachment
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0"
    return response
