"""A farmer's data requests, handled by the group's managers and coordinators: everything kept about the member as
one file, and the erasure of their personal data (`cycles.farmer_data`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from producers.security_log import security_event
from producers.selectors import member_get_for_data_request
from producers.views.helpers import request_user

from ..farmer_data.erasure import member_erase
from ..farmer_data.export import member_data_json
from ..forms.farmer_data import ErasureForm


def member_data_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    member = member_get_for_data_request(user=user, pk=pk)
    content = member_data_json(member=member, by=user)
    security_event("farmer_data_exported", request=request, member_id=member.pk, group_id=member.group_id)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    name = slugify(member.member_number) or str(member.pk)
    response["Content-Disposition"] = f'attachment; filename="member-{name}-data.json"'
    return response


def member_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    member = member_get_for_data_request(user=user, pk=pk)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = member.member_number
        try:
            erasure = member_erase(
                member=member,
                by=user,
                confirm_number=form.cleaned_data["confirm_number"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            security_event(
                "farmer_data_erased",
                request=request,
                member_id=member.pk,
                group_id=member.group_id,
                texts_cleared=erasure.texts_cleared,
            )
            messages.success(
                request,
                _("The personal data of member %(number)s is erased; their records still count in the figures.")
                % {"number": number},
            )
            return redirect("producers:member_detail", pk=member.pk)
    return render(
        request,
        "cycles/farmer_data/erase.html",
        {"member": member, "group": member.group, "form": form, "tab": "members", "can_see_register": True},
        status=400 if form.errors else 200,
    )
