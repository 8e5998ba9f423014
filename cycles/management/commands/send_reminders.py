"""Send the reminders now: the urgent ones and, with --digests, everyone's weekly digest at once (after `make run`
the mails are printed to the console)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cycles.reminders.mail import reminders_send


class Command(BaseCommand):
    help = "Send the urgent reminders due now and, with --digests, the weekly digests at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--digests", action="store_true", help="send this week's digest now, whatever the day")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send(digests_now=options["digests"])
        self.stdout.write(f"{sent.urgent} urgent reminders and {sent.digests} digests sent.")
