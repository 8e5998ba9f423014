"""What the register's API shows. Writes go through producers.services, never through `serializer.save()`: the
serializers only check the shape of the request."""

from rest_framework import serializers

from ..models import Member, Organisation, Plot, ProducerGroup, Programme
from ..services import MEMBER_FIELDS


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "interest_group", "kind", "website", "iati_identifier"]


class GroupSerializer(serializers.ModelSerializer[ProducerGroup]):
    organisation = OrganisationSerializer(read_only=True)

    class Meta:
        model = ProducerGroup
        fields = ["id", "organisation", "commodity", "region", "legal_form", "founded"]


class MemberSerializer(serializers.ModelSerializer[Member]):
    class Meta:
        model = Member
        fields = ["id", "group", "status", "version", *MEMBER_FIELDS]
        read_only_fields = ["id", "group", "version"]


class MemberWriteSerializer(serializers.ModelSerializer[Member]):
    """The fields a person may give; the status only when registering (it then moves with its own history)."""

    reason = serializers.CharField(required=False, allow_blank=True, write_only=True)

    class Meta:
        model = Member
        fields = ["status", "reason", *MEMBER_FIELDS]
        # Uniqueness in the group is the service's question: it answers with its own code.
        validators: list[object] = []


class PlotSerializer(serializers.ModelSerializer[Plot]):
    class Meta:
        model = Plot
        fields = [
            "id",
            "member",
            "name",
            "area_ha",
            "certified_area_ha",
            "crop",
            "latitude",
            "longitude",
            "conversion_status",
            "version",
        ]


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    class Meta:
        model = Programme
        fields = ["id", "name", "funder", "starts_on", "ends_on", "description", "iati_activity_id"]
