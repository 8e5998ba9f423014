"""Demo data: the groups' registers, members and their plots, drawn from one seeded generator.

`register_sample` draws a group's members and plots in a fixed order, so the register is the same on every machine;
`seed_register` inserts those the register lacks. Called by `cycles.demo.seed.seed_demo`.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from producers.models import Member, Plot, ProducerGroup, User
from producers.models.members import ConversionStatus, MemberStatus

from .history import CHOSEN_STANDARDS, MOVES
from .story import (
    CERTIFICATES,
    COFFEE_VARIETIES,
    FOOD_CROP,
    KENYAN_PLOT_NAMES,
    SOUTH_AFRICAN_PLOT_NAMES,
    STORY_END,
    VEGETABLES,
    GroupData,
)

# Applicants of a group that already approves members joined in the last months of the story.
RECENT_APPLICANTS_DAYS = 270
# Members whose plots count for a certificate: the certificate covers approved and sanctioned members only.
CERTIFIED_STATUSES = {MemberStatus.APPROVED, MemberStatus.SANCTIONED}
TWO_PLACES = Decimal("0.01")
SIX_PLACES = Decimal("0.000001")


@dataclass
class PlotSpec:
    name: str
    crop: str
    area_ha: Decimal
    certified_area_ha: Decimal
    latitude: Decimal | None
    longitude: Decimal | None
    conversion_status: str


@dataclass
class MemberSpec:
    member_number: str
    first_name: str
    last_name: str
    gender: str
    year_of_birth: int | None
    phone: str
    village: str
    joined_on: date
    status: str
    consent_given_on: date | None
    plots: list[PlotSpec] = field(default_factory=list)


# --- The register -------------------------------------------------------------------------------------------------


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _phone(country: str, rng: random.Random) -> str:
    if country == "KE":
        return f"+254{rng.choice(('70', '71', '72', '74', '79'))}{rng.randint(0, 9_999_999):07d}"
    return f"+27{rng.choice(('72', '73', '76', '78', '82', '83'))}{rng.randint(0, 9_999_999):07d}"


def register_sample(data: GroupData, rng: random.Random) -> list[MemberSpec]:
    """The group's members and plots as the demo wants them, drawn from `rng` in a fixed order."""
    size = sum(data["statuses"].values())
    statuses = [status for status, number in data["statuses"].items() for _ in range(number)]
    rng.shuffle(statuses)
    women = round(size * data["women_share"])
    genders = ["female"] * women + ["male"] * (size - women)
    rng.shuffle(genders)
    without_year = set(rng.sample(range(size), data["missing_year_of_birth"]))
    without_plots = set(rng.sample(range(size), data["without_plots"]))
    without_phone = set(rng.sample(range(size), data["without_phone"]))
    consented = set(rng.sample(range(size), round(size * data["consent_share"])))
    names = data["names"]
    villages = data["villages"].split()
    consent_from = MOVES[data["name"]][0].at.date()
    approves_members = MemberStatus.APPROVED in data["statuses"]
    recent_from = STORY_END - timedelta(days=RECENT_APPLICANTS_DAYS)
    members: list[MemberSpec] = []
    for index in range(size):
        status, gender = statuses[index], genders[index]
        female = gender == "female"
        first_name = rng.choice((names.female if female else names.male).split())
        second_names = (names.female_second if female else names.male_second).split()
        if second_names and rng.random() < 0.5:
            first_name = f"{first_name} {rng.choice(second_names)}"
        last_name = rng.choice(names.surnames.split())
        year_of_birth = int(rng.triangular(1948, 2002, 1968))
        phone = _phone(data["country"], rng)
        village = rng.choice(villages)
        if approves_members and status == MemberStatus.APPLICANT:
            joined_on = _day_between(rng, recent_from, STORY_END - timedelta(days=30))
        else:
            joined_on = _day_between(rng, data["joined_from"], data["joined_to"])
        consent_on = None
        if index in consented:
            consent_on = min(max(joined_on, consent_from) + timedelta(days=rng.randint(0, 45)), STORY_END)
        members.append(
            MemberSpec(
                member_number=f"{data['prefix']}-{index + 1:04d}",
                first_name=first_name,
                last_name=last_name,
                gender=gender,
                year_of_birth=None if index in without_year else year_of_birth,
                phone="" if index in without_phone else phone,
                village=village,
                joined_on=joined_on,
                status=status,
                consent_given_on=consent_on,
                plots=[] if index in without_plots else _plot_sample(data, status, rng),
            )
        )
    return members


def _plot_sample(data: GroupData, status: str, rng: random.Random) -> list[PlotSpec]:
    kenyan = data["country"] == "KE"
    organic = any(code == "eu-organic-group" for code, _ in CHOSEN_STANDARDS[data["name"]])
    certified = any(cert.group == data["name"] and cert.status == "active" for cert in CERTIFICATES)
    count = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
    names = rng.sample(KENYAN_PLOT_NAMES if kenyan else SOUTH_AFRICAN_PLOT_NAMES, count)
    lat_min, lat_max, lon_min, lon_max = data["bbox"]
    plots: list[PlotSpec] = []
    for position, name in enumerate(names):
        if kenyan and position > 0 and rng.random() < 0.5:
            crop, area = FOOD_CROP, rng.uniform(0.1, 1.0)
        elif kenyan:
            crop, area = rng.choices(COFFEE_VARIETIES, weights=(45, 30, 25))[0], rng.triangular(0.1, 2.0, 0.4)
        else:
            crop, area = rng.choice(VEGETABLES), rng.triangular(0.2, 3.0, 0.8)
        area_ha = max(Decimal(area).quantize(TWO_PLACES), Decimal("0.10"))
        certified_area = Decimal("0")
        if certified and crop != FOOD_CROP and status in CERTIFIED_STATUSES:
            # Some members keep a buffer strip along a river or road out of the certified area.
            share = Decimal("0.9") if rng.random() < 0.15 else Decimal("1")
            certified_area = (area_ha * share).quantize(TWO_PLACES)
        latitude = longitude = None
        if rng.random() < data["gps_share"]:
            latitude = Decimal(rng.uniform(lat_min, lat_max)).quantize(SIX_PLACES)
            longitude = Decimal(rng.uniform(lon_min, lon_max)).quantize(SIX_PLACES)
        conversion = ConversionStatus.NOT_APPLICABLE
        if organic:
            conversion = ConversionStatus.CONVERSION_2
            if crop == FOOD_CROP or status != MemberStatus.APPROVED:
                conversion = ConversionStatus.CONVERSION_1
        plots.append(PlotSpec(name, crop, area_ha, certified_area, latitude, longitude, conversion))
    return plots


def seed_register(
    group: ProducerGroup, sample: list[MemberSpec], recorder: User, counts: dict[str, int]
) -> tuple[int, int]:
    """Insert the members and plots of the sample that the register lacks; return how many of each."""
    existing = set(Member.objects.filter(group=group).values_list("member_number", flat=True))
    new_members = [
        Member(
            group=group,
            member_number=spec.member_number,
            first_name=spec.first_name,
            last_name=spec.last_name,
            gender=spec.gender,
            year_of_birth=spec.year_of_birth,
            phone=spec.phone,
            village=spec.village,
            joined_on=spec.joined_on,
            status=spec.status,
            consent_given_on=spec.consent_given_on,
            consent_recorded_by=recorder if spec.consent_given_on else None,
        )
        for spec in sample
        if spec.member_number not in existing
    ]
    Member.objects.bulk_create(new_members)
    ids = dict(Member.objects.filter(group=group).values_list("member_number", "id"))
    existing_plots = set(Plot.objects.filter(member__group=group).values_list("member_id", "name"))
    new_plots = [
        Plot(
            member_id=ids[spec.member_number],
            name=plot.name,
            crop=plot.crop,
            area_ha=plot.area_ha,
            certified_area_ha=plot.certified_area_ha,
            latitude=plot.latitude,
            longitude=plot.longitude,
            conversion_status=plot.conversion_status,
        )
        for spec in sample
        for plot in spec.plots
        if (ids[spec.member_number], plot.name) not in existing_plots
    ]
    Plot.objects.bulk_create(new_plots)
    counts["members"] += len(new_members)
    counts["plots"] += len(new_plots)
    return len(new_members), len(new_plots)
