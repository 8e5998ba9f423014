"""A mail backend that refuses while FAIL is set, and remembers to whom it delivered: for the retry test."""

from django.core.mail.backends.base import BaseEmailBackend

FAIL = False
SENT: list[str] = []


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        if FAIL:
            raise ConnectionRefusedError("the mail server refused the connection")
        for message in email_messages:
            SENT.extend(message.to)
        return len(email_messages)
