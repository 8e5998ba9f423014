"""`manage.py seed_demo`: load the demo data (see `cycles.demo`). Refused where demo logins must never exist."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cycles.demo.seed import seed_demo
from cycles.demo.story import DEMO_LOGINS, DEMO_PASSWORD

# What seed_demo counts, in the summary's words: (one, several).
LABELS = {
    "organisations": ("organisation", "organisations"),
    "producer_groups": ("producer group", "producer groups"),
    "users": ("user", "users"),
    "memberships": ("membership", "memberships"),
    "assignments": ("assignment", "assignments"),
    "programmes": ("programme", "programmes"),
    "members": ("member", "members"),
    "plots": ("plot", "plots"),
    "group_standards": ("chosen standard", "chosen standards"),
    "certificates": ("certificate", "certificates"),
    "trajectories": ("trajectory", "trajectories"),
    "phase_moves": ("phase move", "phase moves"),
    "answers": ("answered criterion", "answered criteria"),
    "record_groups": ("group's internal control records", "groups' internal control records"),
    "services": ("support service", "support services"),
    "logframe_rows": ("logical framework row", "logical framework rows"),
    "reminders": ("record of the week's reminders", "records of the week's reminders"),
}


class Command(BaseCommand):
    help = "Load the demo groups, people and history. Safe to run again: only what is missing is created."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data is not allowed with these settings (DEMO_DATA_ALLOWED is False): "
                "the demo logins share a published password."
            )
        counts = seed_demo(stdout=self.stdout if options["verbosity"] > 1 else None)
        created = [
            f"{number} {LABELS.get(name, (name, name))[number != 1]}" for name, number in counts.items() if number
        ]
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {', '.join(created)}."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already in place: nothing new created."))
        self.stdout.write(f"Demo logins, all with the password {DEMO_PASSWORD}:")
        for username, role, sees in DEMO_LOGINS:
            self.stdout.write(f"  {username:<13} {role:<14} {sees}")
        if settings.MFA_DEMO_SKIP_USERNAMES:
            self.stdout.write("With these settings they may skip the second factor (MFA_DEMO_SKIP_USERNAMES).")
