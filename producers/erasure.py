"""A farmer's personal data erased on their request (Kenya's Data Protection Act 2019, s. 40; POPIA, s. 24).

The member's row stays, with what the group's figures count (gender, status, the dates of joining and consent,
the plots' areas and crops), and everything that names or locates the person is cleared: names, member number,
phone, village, year of birth, plot names and GPS points, in the record and in every older version the history
tables keep. `cycles.farmer_data` calls this, then clears the records of the internal control system.
"""

from django.db import transaction
from django.utils import timezone

from .history import stamp
from .models import Member, Plot, User
from .records_version import changes_records

# What an erased member's identity reads as in the database; pages show "Erased member" (`Member.full_name`).
ERASED = ""


def erased_number(member: Member) -> str:
    """A member number that keeps the group's numbers unique and says nothing about the person."""
    return f"X-{member.pk}"


@changes_records
@transaction.atomic
def member_anonymise(*, member: Member, by: User, reason: str) -> Member:
    """Clear every field that identifies the member, in the record, its plots and all their history rows."""
    locked = Member.objects.select_for_update().get(pk=member.pk)
    identity = {
        "member_number": erased_number(locked),
        "first_name": ERASED,
        "last_name": ERASED,
        "phone": ERASED,
        "village": ERASED,
        "year_of_birth": None,
    }
    for name, value in identity.items():
        setattr(locked, name, value)
    locked.erased_at, locked.erased_by = timezone.now(), by
    # A copy someone opened before the erasure must not write the old values back.
    locked.version += 1
    stamp(locked, by=by, reason=reason)
    locked.save()
    Member.history.filter(id=locked.pk).update(**identity)
    for number, plot in enumerate(locked.plots.order_by("pk"), start=1):
        plot.name, plot.latitude, plot.longitude = f"{number}", None, None
        plot.version += 1
        stamp(plot, by=by)
        plot.save()
        Plot.history.filter(id=plot.pk).update(name=plot.name, latitude=None, longitude=None)
    return locked
