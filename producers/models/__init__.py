"""Organisations, producer groups, the member and plot register, people and their roles, programmes."""

from .api_tokens import ApiToken
from .members import Member, MemberStatusChange, Plot
from .organisations import Organisation, ProducerGroup
from .people import Assignment, Membership, Role, User
from .programmes import Programme
from .versions import ProgrammeVersion, RecordsVersion

__all__ = [
    "ApiToken",
    "Assignment",
    "Member",
    "MemberStatusChange",
    "Membership",
    "Organisation",
    "Plot",
    "ProducerGroup",
    "Programme",
    "ProgrammeVersion",
    "RecordsVersion",
    "Role",
    "User",
]
