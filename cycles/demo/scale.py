"""A synthetic field at the size of the real one, built in bulk and named "SCALE …" so it can be removed
exactly (`manage.py generate_scale_data`). Groups are generated and written a chunk at a time, so memory
stays flat whatever the scale."""

import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from producers.models import Member, Organisation, ProducerGroup, Programme, User
from producers.models.organisations import Commodity, InterestGroup, LegalForm, OrganisationKind
from standards.models import Audit, AuditType, Certificate, CertificateStatus, GroupStandard, Requirement, Standard

from ..models import (
    Compliance,
    Inspection,
    InspectionAnswer,
    InspectionRound,
    Inspector,
    InteractionPoint,
    MoveKind,
    Phase,
    PhaseMove,
    ProductionRecord,
    Service,
    ServiceType,
    Trajectory,
    TrajectoryStatus,
)
from ..services.production_totals import production_totals_rebuild
from .scale_sink import ANSWER_COLUMNS, INSPECTION_COLUMNS, MEMBER_COLUMNS, PRODUCTION_COLUMNS, sink_for_connection

PREFIX = "SCALE "
USERNAME = "scale-data"
GROUPS = 2000
MEMBERS_PER_GROUP = (200, 1800)  # uniform: 1,000 on average, 2,000,000 at scale 1.0
BATCH = 5000
CHUNK = 20  # groups generated and written together
SEASONS = 3
# Groups run their internal control system from phase 2 on: a year of it inspects nearly every member once, on
# every requirement of the Fairtrade standard (36): about 1.6 million inspections and 59 million answers at scale 1.
INSPECTED_FROM_PHASE = 2
COVERAGE = [0.9, 0.95, 1.0, 1.0]


def failure_rate(rank: int) -> float:
    """How often the requirement of this rank (0: the most failed) is answered "not compliant": a few common
    training needs (15 %, 8 %, 5 %…), most requirements failed by one farm in a hundred or fewer; 2.3 % of all
    answers."""
    return 0.15 / (1 + rank) ** 0.9


COUNTRIES = {
    "KE": ["Nyeri", "Kirinyaga", "Murang'a", "Kiambu", "Meru", "Embu"],
    "UG": ["Mbale", "Bushenyi", "Kasese", "Masaka"],
    "TZ": ["Kilimanjaro", "Arusha", "Mbeya", "Kagera"],
    "ZA": ["Limpopo", "Mpumalanga", "Western Cape", "KwaZulu-Natal"],
    "ET": ["Sidama", "Oromia", "Amhara"],
}
# Current phase of the groups, by order: a field with more groups early in the cycle than late.
PHASE_WEIGHTS = {1: 15, 2: 20, 3: 30, 4: 15, 5: 20}
PRICES = {"KE": Decimal("80"), "UG": Decimal("6000"), "TZ": Decimal("3500"), "ZA": Decimal("12"), "ET": Decimal("90")}


def _batched(model: type[Model], rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)  # type: ignore[attr-defined]


class Generator:
    def __init__(self, *, scale: float, seed: int, out: Any) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.out = out
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.counts: dict[str, int] = {}
        self.sink = sink_for_connection()

    def _count(self, name: str, rows: Iterable[Any]) -> None:
        self._add(name, len(list(rows)))

    def _add(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number

    def _at(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))

    def run(self) -> dict[str, int]:
        self.user = User.objects.create(username=USERNAME, first_name="Scale", last_name="data", is_active=False)
        self.user.set_unusable_password()
        self.user.save(update_fields=["password"])
        self.phases = {phase.order: phase for phase in Phase.objects.all()}
        self.service_types = {service_type.code: service_type for service_type in ServiceType.objects.all()}
        self.points: dict[int, list[str]] = {}
        for phase_id, code in InteractionPoint.objects.values_list("phase_id", "service_type__code"):
            self.points.setdefault(phase_id, []).append(code)
        self.standards = {standard.code: standard for standard in Standard.objects.all()}
        fairtrade = self.standards["fairtrade-spo"]
        self.requirements = list(Requirement.objects.filter(standard=fairtrade).order_by("code"))
        self.failure_rates = [failure_rate(rank) for rank in range(len(self.requirements))]
        self._providers()
        total = max(1, round(GROUPS * self.scale))
        for first in range(0, total, CHUNK):
            with transaction.atomic():
                self._chunk(first, min(first + CHUNK, total))
            if (first // CHUNK) % 10 == 0:
                self.out(f"  groups {first + 1:,}–{min(first + CHUNK, total):,} of {total:,}")
        return self.counts

    def _organisations(self, label: str, count: int, interest_group: str, kind: str) -> list[Organisation]:
        rows = [
            Organisation(
                name=f"{PREFIX}{label} {n:02d}",
                country=self.rng.choice(list(COUNTRIES)),
                interest_group=interest_group,
                kind=kind,
            )
            for n in range(1, count + 1)
        ]
        _batched(Organisation, rows)
        return list(Organisation.objects.filter(name__startswith=f"{PREFIX}{label} ").order_by("name"))

    def _providers(self) -> None:
        self.trainers = self._organisations("Trainer", 20, InterestGroup.QUALITY_PROFESSIONAL, OrganisationKind.TRAINER)
        self.certifiers = self._organisations(
            "Certifier", 5, InterestGroup.QUALITY_PROFESSIONAL, OrganisationKind.CERTIFICATION_BODY
        )
        self.buyers = self._organisations("Buyer", 12, InterestGroup.BUYER, OrganisationKind.EXPORTER)
        self.ngos = self._organisations("NGO", 6, InterestGroup.CIVIL_SOCIETY, OrganisationKind.NGO)
        self.funders = self._organisations("Funder", 3, InterestGroup.CIVIL_SOCIETY, OrganisationKind.DONOR)
        self.programmes = [
            Programme.objects.create(
                name=f"{PREFIX}Programme {n}",
                funder=funder,
                starts_on=self.today - timedelta(days=3 * 365),
                ends_on=self.today + timedelta(days=2 * 365),
            )
            for n, funder in enumerate(self.funders, start=1)
        ]
        self._count("organisations", [*self.trainers, *self.certifiers, *self.buyers, *self.ngos, *self.funders])
        self.providers_by_interest = {
            InterestGroup.QUALITY_PROFESSIONAL: self.trainers,
            InterestGroup.BUYER: self.buyers,
            InterestGroup.CIVIL_SOCIETY: self.ngos,
        }

    def _provider_for(self, code: str) -> Organisation:
        if code == "audit-certification":
            return self.rng.choice(self.certifiers)
        if code == "market-linkage":
            return self.rng.choice(self.buyers)
        if code in ("certification-subsidy", "prefinance-credit"):
            return self.rng.choice(self.ngos + self.funders)
        return self.rng.choice(self.trainers)

    def _chunk(self, first: int, last: int) -> None:
        rng = self.rng
        organisations = [
            Organisation(
                name=f"{PREFIX}Group {n + 1:05d} Cooperative",
                country=rng.choice(list(COUNTRIES)),
                interest_group=InterestGroup.PRODUCER_GROUP,
                kind=OrganisationKind.COOPERATIVE,
            )
            for n in range(first, last)
        ]
        _batched(Organisation, organisations)
        groups = [
            ProducerGroup(
                organisation=organisation,
                commodity=rng.choice(Commodity.values),
                region=rng.choice(COUNTRIES[str(organisation.country)]),
                legal_form=LegalForm.COOPERATIVE_SOCIETY,
                founded=rng.randint(1970, 2020),
            )
            for organisation in organisations
        ]
        _batched(ProducerGroup, groups)
        self._count("groups", groups)
        links = [
            Programme.groups.through(programme_id=rng.choice(self.programmes).pk, producergroup_id=group.pk)
            for group in groups
        ]
        _batched(Programme.groups.through, links)

        # The members, written with the sink: one tuple per member, ids drawn first so that inspections and
        # production records can name them. Only their ids and groups are kept while the chunk is made.
        by_group: dict[int, list[int]] = {}
        member_rows: list[tuple[Any, ...]] = []
        for group in groups:
            size = rng.randint(*MEMBERS_PER_GROUP)
            ids = self.sink.ids(Member, size)
            by_group[group.pk] = ids
            member_rows.extend(
                (
                    pk,
                    group.pk,
                    f"S{group.pk}-{i:04d}",
                    "Farmer",
                    f"{i:04d}",
                    "female" if rng.random() < 0.4 else "male",
                    rng.randint(1950, 2000),
                    "",
                    "",
                    date(rng.randint(2005, 2022), 1, 1),
                    "approved" if rng.random() < 0.9 else "applicant",
                    self.now,
                    self.now,
                    1,
                )
                for i, pk in enumerate(ids)
            )
        self._add("members", self.sink.write(Member, MEMBER_COLUMNS, member_rows))
        del member_rows

        orders = list(PHASE_WEIGHTS)
        weights = list(PHASE_WEIGHTS.values())
        trajectories: list[Trajectory] = []
        moves: list[PhaseMove] = []
        chosen: list[GroupStandard] = []
        certificates: list[Certificate] = []
        audits: list[Audit] = []
        services: list[Service] = []
        rounds: list[InspectionRound] = []
        inspectors: list[Inspector] = []
        phase_of: dict[int, int] = {}
        for group in groups:
            order = rng.choices(orders, weights)[0]
            phase_of[group.pk] = order
            # Time in the current phase: most within the phase's limit, a third beyond it (stuck).
            limit = self.phases[order].stuck_after_days
            days_in_phase = rng.randint(10, limit) if rng.random() < 0.67 else rng.randint(limit + 1, limit * 2)
            since = self.today - timedelta(days=days_in_phase)
            dates = [since]
            for _ in range(order - 1):
                dates.insert(0, dates[0] - timedelta(days=rng.randint(90, 400)))
            trajectory = Trajectory(
                group=group,
                phase=self.phases[order],
                phase_since=self._at(since),
                status=TrajectoryStatus.ACTIVE,
                started_at=self._at(dates[0]),
            )
            trajectories.append(trajectory)
            for step, day in enumerate(dates, start=1):
                moves.append(
                    PhaseMove(
                        trajectory=trajectory,
                        kind=MoveKind.START if step == 1 else MoveKind.ADVANCE,
                        from_phase=self.phases[step - 1] if step > 1 else None,
                        to_phase=self.phases[step],
                        moved_at=self._at(day),
                        moved_by=self.user,
                    )
                )
            if order >= 2:
                picked = ["fairtrade-spo"] + (["rainforest-2020"] if rng.random() < 0.4 else [])
                chosen.extend(
                    GroupStandard(group=group, standard=self.standards[code], chosen_on=dates[1]) for code in picked
                )
            if order >= 4:
                audited_on = self.today - timedelta(days=rng.randint(20, 330))
                audits.append(self._audit(group, "fairtrade-spo", audited_on))
                if rng.random() < 0.1:
                    audits.append(self._audit(group, "rainforest-2020", audited_on - timedelta(days=60)))
                if order == 5 or rng.random() < 0.5:
                    certificates.append(
                        Certificate(
                            group=group,
                            standard=self.standards["fairtrade-spo"],
                            certification_body=rng.choice(self.certifiers),
                            number=f"SCALE-{group.pk}",
                            valid_from=audited_on,
                            valid_to=audited_on + timedelta(days=3 * 365),
                            status=CertificateStatus.ACTIVE,
                        )
                    )
            services.extend(self._services(group, order, since))
            if order >= INSPECTED_FROM_PHASE:
                inspectors.extend(
                    Inspector(group=group, name=f"Inspector {n}", trained_on=since, active=True) for n in (1, 2)
                )
                rounds.extend(
                    InspectionRound(group=group, year=year, opened_at=self._at(date(year, 1, 5)), opened_by=self.user)
                    for year in {self.today.year, (self.today - timedelta(days=364)).year}
                )
        _batched(Trajectory, trajectories)
        for move in moves:
            move.trajectory_id = move.trajectory.pk
        _batched(PhaseMove, moves)
        _batched(GroupStandard, chosen)
        _batched(Audit, audits)
        _batched(Certificate, certificates)
        _batched(Service, services)
        _batched(Inspector, inspectors)
        _batched(InspectionRound, rounds)
        for name, rows in (
            ("phase moves", moves),
            ("chosen standards", chosen),
            ("audits", audits),
            ("certificates", certificates),
            ("services", services),
        ):
            self._count(name, rows)
        self._inspections(by_group, phase_of, rounds, inspectors)
        self._production(by_group, phase_of, {certificate.group_id for certificate in certificates})
        # The records went in past the production services: their groups' totals are made from them here.
        production_totals_rebuild(group_ids=list(by_group))

    def _audit(self, group: ProducerGroup, code: str, day: date) -> Audit:
        return Audit(
            group=group,
            standard=self.standards[code],
            certification_body=self.rng.choice(self.certifiers),
            audit_type=AuditType.SURVEILLANCE,
            audited_on=day,
            recorded_at=self._at(day),
            recorded_by=self.user,
        )

    def _services(self, group: ProducerGroup, order: int, since: date) -> list[Service]:
        rng = self.rng
        rows = []
        for code in self.points.get(self.phases[order].pk, []):
            if rng.random() < 0.7:  # 30 % of the expected services are missing
                day = since + timedelta(days=rng.randint(0, max(0, (self.today - since).days)))
                rows.append(self._service(group, code, day, order))
        for _ in range(rng.randint(0, 3)):  # other support during the year
            code = rng.choice(["training", "inputs", "prefinance-credit", "ics-coaching"])
            rows.append(self._service(group, code, self.today - timedelta(days=rng.randint(0, 364)), order))
        if rng.random() < 0.05:  # two trainers giving the same training
            for trainer in rng.sample(self.trainers, 2):
                rows.append(
                    self._service(group, "training", self.today - timedelta(days=rng.randint(0, 300)), order, trainer)
                )
        return rows

    def _service(
        self, group: ProducerGroup, code: str, day: date, order: int, provider: Organisation | None = None
    ) -> Service:
        return Service(
            group=group,
            service_type=self.service_types[code],
            provider=provider or self._provider_for(code),
            delivered_on=min(day, self.today),
            phase=self.phases[order],
            cost=Decimal(self.rng.randint(100, 5000)),
            currency="USD",
            recorded_at=self.now,
            recorded_by=self.user,
        )

    def _inspections(
        self,
        by_group: dict[int, list[int]],
        phase_of: dict[int, int],
        rounds: list[InspectionRound],
        inspectors: list[Inspector],
    ) -> None:
        rng = self.rng
        round_of = {(r.group_id, r.year): r.pk for r in rounds}
        inspectors_of: dict[int, list[int]] = {}
        for inspector in inspectors:
            inspectors_of.setdefault(inspector.group_id, []).append(inspector.pk)
        inspected: list[tuple[int, int, int, date]] = []  # group, member, inspector, day
        for group_id, members in by_group.items():
            if phase_of[group_id] < INSPECTED_FROM_PHASE:
                continue
            coverage = rng.choice(COVERAGE)
            for member_id in members:
                if rng.random() < coverage:
                    day = self.today - timedelta(days=rng.randint(0, 364))
                    inspected.append((group_id, member_id, rng.choice(inspectors_of[group_id]), day))
        ids = self.sink.ids(Inspection, len(inspected))
        rows = (
            (
                pk,
                round_of[(group_id, day.year)],
                "member",
                member_id,
                inspector_id,
                day,
                "",
                "approve",
                self.now,
                self.user.pk,
                1,
            )
            for pk, (group_id, member_id, inspector_id, day) in zip(ids, inspected, strict=True)
        )
        self._add("inspections", self.sink.write(Inspection, INSPECTION_COLUMNS, rows))
        self._add("inspection answers", self.sink.write(InspectionAnswer, ANSWER_COLUMNS, self._answers(ids)))

    def _answers(self, inspections: list[int]) -> Iterator[tuple[Any, ...]]:
        """Every answered requirement of every inspection: compliant, or now and then not (each requirement at its
        own rate)."""
        random = self.rng.random
        asked = [
            (requirement.pk, requirement.crosswalk_topic_id, rate)
            for requirement, rate in zip(self.requirements, self.failure_rates, strict=True)
        ]
        for inspection_id in inspections:
            for requirement_id, topic_id, rate in asked:
                answer = Compliance.NOT_COMPLIANT if random() < rate else Compliance.COMPLIANT
                yield (inspection_id, requirement_id, topic_id, answer.value, "")

    def _production(self, by_group: dict[int, list[int]], phase_of: dict[int, int], certified: set[int]) -> None:
        rng = self.rng
        countries = dict(
            Organisation.objects.filter(producer_group__pk__in=list(by_group)).values_list(
                "producer_group__pk", "country"
            )
        )

        def records() -> Iterator[tuple[Any, ...]]:
            for group_id, members in by_group.items():
                if phase_of[group_id] < 2:
                    continue
                price = PRICES[str(countries[group_id])]
                sold_share = Decimal(str(round(rng.uniform(0.3, 0.9), 2))) if group_id in certified else Decimal(0)
                seasons = [
                    (str(self.today.year - back), Decimal(str(round(rng.uniform(0.6, 1.4), 2))))
                    for back in range(SEASONS)
                ]
                for member_id in members:
                    base = Decimal(rng.randint(200, 2000))
                    for season, factor in seasons:
                        harvested = (base * factor).quantize(Decimal("1"))
                        certified_kg = (harvested * sold_share).quantize(Decimal("1"))
                        yield (
                            member_id,
                            season,
                            base,
                            harvested,
                            certified_kg,
                            harvested - certified_kg,
                            price,
                            harvested * price,
                            1,
                        )

        self._add("production records", self.sink.write(ProductionRecord, PRODUCTION_COLUMNS, records()))
