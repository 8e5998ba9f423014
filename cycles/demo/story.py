"""The demo's story as plain constants: fictional organisations, people and groups (Hivos is the one real name).

`cycles.demo.seed.seed_demo` turns these into rows; the groups' phase history is in `cycles.demo.history`. Every date
is fixed, so the demo tells the same story on every machine; the story ends on STORY_END.
"""

from datetime import date
from typing import Final, NamedTuple, TypedDict

SEED: Final = 2026
DEMO_PASSWORD: Final = "hivos-demo"
STORY_END: Final = date(2026, 11, 15)


# --- Organisations ----------------------------------------------------------------------------------------------


class OrganisationData(NamedTuple):
    name: str
    country: str
    interest_group: str
    kind: str
    website: str = ""


HIVOS: Final = "Hivos"
NGO: Final = "Mlima Smallholder Support Trust"
TRAINER: Final = "Shambani Skills Training Services"
CB_KENYA: Final = "Kilele Certification Services Ltd"
CB_SOUTH_AFRICA: Final = "Karoo Conformity Assessment (Pty) Ltd"
EXPORTER: Final = "Kirima Coffee Exporters Ltd"
VEGETABLE_BUYER: Final = "Thaba Fresh Produce Traders (Pty) Ltd"

ORGANISATIONS: Final[list[OrganisationData]] = [
    OrganisationData(HIVOS, "NL", "civil_society", "donor", "https://hivos.org"),
    OrganisationData(NGO, "KE", "civil_society", "ngo"),
    OrganisationData(TRAINER, "KE", "quality_professional", "trainer"),
    OrganisationData(CB_KENYA, "KE", "quality_professional", "certification_body"),
    OrganisationData(CB_SOUTH_AFRICA, "ZA", "quality_professional", "certification_body"),
    OrganisationData(EXPORTER, "KE", "buyer", "exporter"),
    OrganisationData(VEGETABLE_BUYER, "ZA", "buyer", "trader"),
]

# --- Names and places -------------------------------------------------------------------------------------------


class NamePool(NamedTuple):
    """Names separated by spaces."""

    male: str
    female: str
    # Second given names (a Kikuyu or Embu name after the baptismal one); empty where that is not the custom.
    male_second: str
    female_second: str
    surnames: str


KIKUYU = NamePool(
    male=(
        "John Peter Joseph James Samuel David Stephen Francis Paul Charles Daniel Simon Patrick George Moses "
        "Julius Geoffrey Benson Edward Lawrence Harrison Josphat"
    ),
    female=(
        "Mary Grace Jane Lucy Margaret Esther Ann Alice Catherine Rose Beatrice Agnes Teresia Hannah Susan "
        "Eunice Purity Lydia Naomi Priscilla"
    ),
    male_second="Mwangi Kamau Kiama Gitonga Muchiri Ndegwa Gichuki Wachira Kinyua Mbugua",
    female_second="Wanjiku Wairimu Njeri Wambui Nyambura Wangari Muthoni Wanjiru Waithira Nyokabi",
    surnames=(
        "Kamau Mwangi Njoroge Kariuki Maina Gitau Kimani Ndungu Macharia Waweru Mureithi Githinji Gachanja "
        "Wachira Muriuki Ngugi Karanja Mugo Nderitu Wahome Gathogo Kiragu Ndirangu Gichohi Kabiru Wamae"
    ),
)
EMBU_MERU = NamePool(
    male=(
        "John Peter Joseph James Samuel David Stephen Francis Paul Nicholas Daniel Justus Patrick Silas Moses "
        "Gideon Eliud Festus Harun Lenard"
    ),
    female=(
        "Mary Grace Jane Lucy Margaret Esther Ann Alice Catherine Rose Beatrice Agnes Jacinta Hellen Susan "
        "Eunice Purity Dorcas Faith Zipporah"
    ),
    male_second="Ireri Njeru Nyaga Mugendi Murimi Kirimi Mutwiri Gitari Nthiga Muriithi",
    female_second="Wawira Wanja Ciama Muthoni Igoki Gatwiri Kendi Nkatha Mukami Karimi",
    surnames=(
        "Nyaga Njue Ireri Mbogo Njeru Muriithi Kinyua Ngari Gitari Nthiga Mugo Kariuki Munyi Njagi Mwaniki "
        "Kathuri Ndwiga Rugendo Mutegi Kithinji"
    ),
)
VENDA_PEDI = NamePool(
    male=(
        "Tshilidzi Mpho Rudzani Ndivhuwo Khathutshelo Takalani Lufuno Azwinndini Humbulani Thabo Lesiba "
        "Matome Tebogo Phathutshedzo"
    ),
    female=(
        "Rendani Mashudu Ntsieni Mulalo Fulufhelo Thendo Livhuwani Mukondeleli Tshifhiwa Khuliso Vhutshilo "
        "Ndanganeni Lerato Kgomotso Dikeledi Mmathapelo Mahlatse Masindi Lutendo"
    ),
    male_second="",
    female_second="",
    surnames=(
        "Mudau Ramabulana Mulaudzi Nemukula Tshivhase Ravele Nethengwe Munyai Ndou Sikhwari Mashamba "
        "Tshikovhi Netshifhefhe Mphahlele Sekgobela Masemola Maake Molepo Ledwaba Mabotja Nemavhola"
    ),
)
XHOSA = NamePool(
    male="Sipho Mzwandile Luthando Themba Xolani Lwazi Siyabonga Bongani Andile Vuyo Mandla Zolile Mthunzi",
    female=(
        "Nomvula Nosipho Nolitha Thandiwe Zanele Nomsa Busisiwe Lindiwe Noluthando Siphokazi Ntombizodwa "
        "Yoliswa Nokuthula Akhona Asanda Nomonde Zukiswa Vuyiswa"
    ),
    male_second="",
    female_second="",
    surnames=(
        "Ngcukana Sihlali Mqhayi Ntshona Mgijima Qwabe Gqirana Nkqayi Jafta Mtyobile Somana Hlathuka Ndamase "
        "Bokwe Mabandla Makhaya Sibeko Mpahleni Tshangela"
    ),
)

KENYAN_PLOT_NAMES: Final = ["Home shamba", "Lower shamba", "Upper shamba", "River plot", "Ridge plot", "Roadside plot"]
SOUTH_AFRICAN_PLOT_NAMES: Final = ["Homestead garden", "River field", "Irrigation block", "Back field", "Lower field"]
COFFEE_VARIETIES: Final = ["Coffee (SL28)", "Coffee (Ruiru 11)", "Coffee (Batian)"]
FOOD_CROP: Final = "Maize and beans"
VEGETABLES: Final = ["Tomatoes", "Cabbage", "Butternut", "Spinach", "Green peppers", "Onions"]

# --- Users ------------------------------------------------------------------------------------------------------


class UserData(NamedTuple):
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str  # an organisation's name; for a group manager, the group's
    demo_login: bool = False  # the published logins; everyone else has an unusable password
    language: str = ""  # the language on their profile; empty follows the browser


GROUP_MUKURWE: Final = "Mukurwe Valley Coffee Farmers' Co-operative Society"
GROUP_THIBA: Final = "Thiba Ridge Coffee Growers' Co-operative Society"
GROUP_GIKOE: Final = "Gikoe Highlands Farmers' Co-operative Society"
GROUP_RUPINGAZI: Final = "Rupingazi Coffee Farmers' Co-operative Society"
GROUP_VHEMBE: Final = "Vhembe Valley Vegetable Growers' Association"
GROUP_NGQUSHWA: Final = "Ngqushwa Vegetable Growers"

USERS: Final[list[UserData]] = [
    UserData("coordinator", "Grace", "Kamande", "coordinator", NGO, demo_login=True),
    UserData("fieldofficer", "Peter", "Kariuki", "field_officer", NGO, demo_login=True),
    UserData("fieldofficer.za", "Thandeka", "Mokoena", "field_officer", NGO),
    UserData("groupmanager", "Esther", "Ndungu", "group_manager", GROUP_GIKOE, demo_login=True),
    UserData("donor", "Marieke", "de Vries", "donor", HIVOS, demo_login=True),
    # Gikoe's second manager, who reads the app in Kiswahili: pages, e-mails and the reports she asks for.
    UserData("meneja", "Wanjiku", "Mwangi", "group_manager", GROUP_GIKOE, demo_login=True, language="sw"),
    UserData("gm.mukurwe", "Samuel", "Gitonga", "group_manager", GROUP_MUKURWE),
    UserData("gm.thiba", "Beatrice", "Muriuki", "group_manager", GROUP_THIBA),
    UserData("gm.rupingazi", "Jackson", "Njeru", "group_manager", GROUP_RUPINGAZI),
    UserData("gm.vhembe", "Tshilidzi", "Mudau", "group_manager", GROUP_VHEMBE),
]

# (username, role, what they see): printed by the seed_demo command.
DEMO_LOGINS: Final[list[tuple[str, str, str]]] = [
    ("coordinator", "coordinator", "sees everything: all six groups, reference data, phase overrides"),
    ("fieldofficer", "field officer", "sees a portfolio: three Kenyan co-operatives and both South African groups"),
    ("groupmanager", "group manager", "sees only Gikoe Highlands (Murang'a, planning phase 2), register included"),
    ("donor", "donor", "reads the five groups of the Hivos programme, not Ngqushwa, and no farmers' data"),
    ("meneja", "group manager", "Gikoe Highlands like groupmanager, in Kiswahili (her profile's language)"),
]

# --- Producer groups --------------------------------------------------------------------------------------------


class GroupData(TypedDict):
    """A producer group and the shape of its register sample. Its history is in `cycles.demo.history`."""

    name: str
    country: str
    commodity: str
    region: str
    legal_form: str
    founded: int
    prefix: str  # of member numbers: "MVC-0001"
    names: NamePool
    villages: str  # separated by spaces
    # A box inside the region's real bounds: (latitude min, latitude max, longitude min, longitude max).
    bbox: tuple[float, float, float, float]
    women_share: float
    statuses: dict[str, int]  # status -> number of members; the sum is the size of the register sample
    joined_from: date
    joined_to: date
    # Gaps in the register: an early-phase group has not finished it yet.
    missing_year_of_birth: int
    without_plots: int
    without_phone: int
    gps_share: float
    consent_share: float
    consent_by: str  # the username of whoever records consent for this group
    field_officer: str


GROUPS: Final[list[GroupData]] = [
    {
        "name": GROUP_MUKURWE,
        "country": "KE",
        "commodity": "coffee",
        "region": "Nyeri",
        "legal_form": "cooperative_society",
        "names": KIKUYU,
        "founded": 1986,
        "prefix": "MVC",
        "villages": "Gakindu Kiahungu Giathugu Thanu Kaheti Gikondi Ruthagati Kiamariga",
        "bbox": (-0.58, -0.40, 36.96, 37.12),
        "women_share": 0.32,
        "statuses": {"approved": 82, "sanctioned": 3, "suspended": 2, "left": 4, "applicant": 4},
        "joined_from": date(1988, 1, 1),
        "joined_to": date(2024, 12, 31),
        "missing_year_of_birth": 0,
        "without_plots": 0,
        "without_phone": 3,
        "gps_share": 1.0,
        "consent_share": 1.0,
        "consent_by": "gm.mukurwe",
        "field_officer": "fieldofficer",
    },
    {
        "name": GROUP_THIBA,
        "country": "KE",
        "commodity": "coffee",
        "region": "Kirinyaga",
        "legal_form": "cooperative_society",
        "names": KIKUYU,
        "founded": 1992,
        "prefix": "TRC",
        "villages": "Kagumo Kiamutugu Kianyaga Kabare Baricho Kagio Kiamaina Gatuto",
        "bbox": (-0.53, -0.42, 37.22, 37.36),
        "women_share": 0.34,
        "statuses": {"approved": 68, "applicant": 7, "suspended": 2, "sanctioned": 1, "left": 2},
        "joined_from": date(1993, 1, 1),
        "joined_to": date(2025, 6, 30),
        "missing_year_of_birth": 0,
        "without_plots": 0,
        "without_phone": 4,
        "gps_share": 1.0,
        "consent_share": 1.0,
        "consent_by": "gm.thiba",
        "field_officer": "fieldofficer",
    },
    {
        "name": GROUP_GIKOE,
        "country": "KE",
        "commodity": "coffee",
        "region": "Murang'a",
        "legal_form": "cooperative_society",
        "names": KIKUYU,
        "founded": 2004,
        "prefix": "GHF",
        "villages": "Gikoe Kanyenyaini Rwathia Kiruri Muguru Gitugi Kairo",
        "bbox": (-0.78, -0.66, 36.90, 37.02),
        "women_share": 0.35,
        "statuses": {"approved": 41, "applicant": 21, "sanctioned": 1, "left": 2},
        "joined_from": date(2004, 6, 1),
        "joined_to": date(2025, 9, 30),
        "missing_year_of_birth": 0,
        "without_plots": 0,
        "without_phone": 4,
        "gps_share": 0.95,
        "consent_share": 0.96,
        "consent_by": "groupmanager",
        "field_officer": "fieldofficer",
    },
    {
        "name": GROUP_RUPINGAZI,
        "country": "KE",
        "commodity": "coffee",
        "region": "Embu",
        "legal_form": "cooperative_society",
        "founded": 2012,
        "prefix": "RCF",
        "names": EMBU_MERU,
        "villages": "Runyenjes Kigaa Kathunguri Kianjuki Manyatta Kibugu Kevote Gikuuri",
        "bbox": (-0.52, -0.38, 37.45, 37.62),
        "women_share": 0.3,
        "statuses": {"applicant": 48, "left": 2},
        "joined_from": date(2012, 3, 1),
        "joined_to": date(2026, 6, 30),
        "missing_year_of_birth": 7,
        "without_plots": 5,
        "without_phone": 6,
        "gps_share": 0.75,
        "consent_share": 0.86,
        "consent_by": "fieldofficer.za",
        "field_officer": "fieldofficer.za",
    },
    {
        "name": GROUP_VHEMBE,
        "country": "ZA",
        "commodity": "vegetables",
        "region": "Vhembe, Limpopo",
        "legal_form": "association",
        "founded": 2016,
        "prefix": "VVG",
        "names": VENDA_PEDI,
        "villages": "Tshakhuma Mukula Tshifudi Mavambe Lwamondo Tshidimbini Ha-Mutsha Makwarela",
        "bbox": (-23.05, -22.85, 30.30, 30.60),
        "women_share": 0.62,
        "statuses": {"applicant": 38, "left": 2},
        "joined_from": date(2016, 2, 1),
        "joined_to": date(2026, 8, 31),
        "missing_year_of_birth": 5,
        "without_plots": 4,
        "without_phone": 3,
        "gps_share": 0.7,
        "consent_share": 0.85,
        "consent_by": "fieldofficer",
        "field_officer": "fieldofficer",
    },
    {
        "name": GROUP_NGQUSHWA,
        "country": "ZA",
        "commodity": "vegetables",
        "region": "Amathole, Eastern Cape",
        "legal_form": "informal",
        "founded": 2023,
        "prefix": "NVG",
        "names": XHOSA,
        "villages": "Peddie Hamburg Bell Ntilini Tyefu Prudhoe Ndwayana",
        "bbox": (-33.30, -33.05, 26.95, 27.30),
        "women_share": 0.7,
        "statuses": {"applicant": 30},
        "joined_from": date(2023, 4, 1),
        "joined_to": date(2026, 9, 30),
        "missing_year_of_birth": 9,
        "without_plots": 8,
        "without_phone": 5,
        "gps_share": 0.0,
        "consent_share": 0.6,
        "consent_by": "fieldofficer.za",
        "field_officer": "fieldofficer.za",
    },
]

# --- Programme and certificates ---------------------------------------------------------------------------------


class ProgrammeData(NamedTuple):
    name: str
    funder: str
    implementers: list[str]
    groups: list[str]  # the donor sees these groups and no others: Ngqushwa is left out on purpose
    starts_on: date
    ends_on: date
    description: str
    # For the IATI export: demo values in IATI's format (a Dutch chamber-of-commerce number, the funder's code).
    funder_iati: str
    iati_activity_id: str
    budget: int
    budget_currency: str


PROGRAMME: Final = ProgrammeData(
    name="Inclusive Quality Improvement Programme 2024–2027",
    funder=HIVOS,
    implementers=[NGO, TRAINER],
    groups=[GROUP_MUKURWE, GROUP_THIBA, GROUP_GIKOE, GROUP_RUPINGAZI, GROUP_VHEMBE],
    starts_on=date(2024, 1, 1),
    ends_on=date(2027, 12, 31),
    description="Four coffee co-operatives in central Kenya and one vegetable growers' association in Limpopo on "
    "their way to a first or a stable certificate: ICS coaching, training, and a share of the audit cost.",
    funder_iati="NL-KVK-41198677",
    iati_activity_id="IQIP-2024",
    budget=1_850_000,
    budget_currency="EUR",
)


class CertificateData(NamedTuple):
    group: str
    standard: str
    certification_body: str
    number: str
    scope: str
    valid_from: date
    valid_to: date
    status: str
    # Set for a certificate that must end soon whenever the demo is loaded (its end then counts from the day it is
    # loaded, not `valid_to`): the "This week" page shows a renewal to plan.
    ends_in_days: int | None = None


CERTIFICATES: Final[list[CertificateData]] = [
    CertificateData(
        GROUP_MUKURWE,
        "fairtrade-spo",
        CB_KENYA,
        "FLO-ID 41872/C-2023",
        "Arabica coffee (parchment)",
        date(2023, 3, 1),
        date(2025, 2, 28),
        "expired",
    ),
    CertificateData(
        GROUP_MUKURWE,
        "fairtrade-spo",
        CB_KENYA,
        "FLO-ID 41872/C-2025",
        "Arabica coffee (parchment)",
        date(2025, 3, 1),
        date(2028, 2, 28),
        "active",
    ),
    CertificateData(
        GROUP_MUKURWE,
        "rainforest-2020",
        CB_KENYA,
        "RA-C-KE-2024-004417",
        "Arabica coffee (parchment)",
        date(2024, 10, 1),
        date(2027, 9, 30),
        "active",
        ends_in_days=75,
    ),
]
