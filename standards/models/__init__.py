"""Standards, their requirements and cross-walk; groups' chosen standards and certificates."""

from .certificates import Certificate, CertificateStatus, GroupStandard
from .requirements import CrosswalkTopic, Domain, Level, Requirement, Standard, StandardKind

__all__ = [
    "Certificate",
    "CertificateStatus",
    "CrosswalkTopic",
    "Domain",
    "GroupStandard",
    "Level",
    "Requirement",
    "Standard",
    "StandardKind",
]
