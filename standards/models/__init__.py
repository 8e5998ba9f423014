"""Standards, their requirements and cross-walk; groups' chosen standards and certificates."""

from .audits import Audit, AuditType
from .certificates import Certificate, CertificateStatus, GroupStandard
from .requirements import CrosswalkTopic, Domain, Level, Requirement, Scope, Standard, StandardKind

__all__ = [
    "Audit",
    "AuditType",
    "Certificate",
    "CertificateStatus",
    "CrosswalkTopic",
    "Domain",
    "GroupStandard",
    "Level",
    "Requirement",
    "Scope",
    "Standard",
    "StandardKind",
]
