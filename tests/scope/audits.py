"""External audits, their findings and the certificates issued, suspended and reinstated from them."""

from standards.models import CertificateStatus

from ..factories import CertificateFactory
from ..factories_nonconformities import certification_body, choose, make_audit
from . import CHANGE_ROLES, EVERY_GROUP_ROLE, ObjectUrl, World, by_id, group_in, group_out


def populate(world: World) -> None:
    scope = world.scope
    for side, group in (("in", scope.group), ("out", scope.other_group)):
        audit = make_audit(group, scope.coordinator, audit_type="renewal")
        world.ids[f"audit_{side}"] = audit.pk
        world.ids[f"certificate_{side}"] = CertificateFactory.create(
            group=group, standard=choose(group), certification_body=certification_body()
        ).pk
        world.ids[f"suspended_certificate_{side}"] = CertificateFactory.create(
            group=group,
            standard=choose(group),
            certification_body=certification_body(),
            status=CertificateStatus.SUSPENDED,
        ).pk


OBJECT_URLS: dict[str, ObjectUrl] = {
    "cycles:audit_list": ObjectUrl(group_in, group_out, EVERY_GROUP_ROLE),
    "cycles:audit_create": ObjectUrl(group_in, group_out, CHANGE_ROLES),
    "cycles:audit_detail": ObjectUrl(*by_id("audit"), EVERY_GROUP_ROLE),
    "cycles:audit_finding_create": ObjectUrl(*by_id("audit"), CHANGE_ROLES),
    "cycles:certificate_issue": ObjectUrl(*by_id("audit"), CHANGE_ROLES),
    "cycles:certificate_suspend": ObjectUrl(*by_id("certificate"), CHANGE_ROLES, "post"),
    "cycles:certificate_reinstate": ObjectUrl(*by_id("suspended_certificate"), CHANGE_ROLES, "post"),
}
