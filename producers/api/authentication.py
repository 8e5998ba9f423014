"""`Authorization: Token <token>` for scripts. Anything wrong with the token is a 401, never a fall-back to
anonymous: a script with a revoked token must learn so at once."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .tokens import api_token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as 'Authorization: Token <token>'."))
        try:
            raw = parts[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from error
        token = api_token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid, revoked or expired."))
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # A header makes DRF answer 401 (not 403) to a request without credentials.
        return self.keyword
