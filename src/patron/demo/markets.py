"""Where the demo company sells and how its sales force is organised.

Patron Demo Co. is headquartered in Bangkok and sells operations software (cloud
subscriptions and analytics), handheld devices, consumables and services to companies
in Thailand, the Philippines, North America and Europe. This is reference data: the
same at every scale and for every seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from patron.accounts.choices import Industry, Segment

BASE_CURRENCY = "USD"
COMPANY_NAME = "Patron Demo Co."
# Every generated instant of a dated event falls between 01:00 and 17:00 UTC, the same
# calendar day in Bangkok (UTC+7): a deal's closed_at and its close date never disagree.
COMPANY_TIME_ZONE = "Asia/Bangkok"
# Starting exchange rates (USD per unit) three years back; they then walk gently.
START_RATES = {"THB": Decimal("0.0285"), "PHP": Decimal("0.0180"), "EUR": Decimal("1.0800")}


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    currency: str
    weight: float
    team: str
    # (city, region) pairs; the region is the province or state on the account.
    cities: tuple[tuple[str, str], ...]
    # First working hour in UTC (local 08:00–09:00), clipped to the company-day window.
    work_start_utc: int
    phone_prefix: str
    domain: str


# fmt: off
COUNTRIES: tuple[Country, ...] = (
    Country("TH", "Thailand", "THB", 0.30, "Thailand", (
        ("Bangkok", "Bangkok"), ("Nonthaburi", "Nonthaburi"), ("Chiang Mai", "Chiang Mai"),
        ("Chonburi", "Chonburi"), ("Rayong", "Rayong"), ("Khon Kaen", "Khon Kaen"),
        ("Phuket", "Phuket"), ("Samut Prakan", "Samut Prakan"),
    ), 1, "+66 2", "co.th.example"),
    Country("PH", "Philippines", "PHP", 0.22, "Philippines", (
        ("Makati", "Metro Manila"), ("Taguig", "Metro Manila"), ("Quezon City", "Metro Manila"),
        ("Pasig", "Metro Manila"), ("Cebu City", "Central Visayas"),
        ("Davao City", "Davao Region"), ("Iloilo City", "Western Visayas"),
        ("Cagayan de Oro", "Northern Mindanao"),
    ), 1, "+63 2", "com.ph.example"),
    Country("US", "United States", "USD", 0.25, "North America", (
        ("New York", "New York"), ("Chicago", "Illinois"), ("Austin", "Texas"),
        ("Seattle", "Washington"), ("Atlanta", "Georgia"), ("Denver", "Colorado"),
        ("Boston", "Massachusetts"), ("San Jose", "California"),
    ), 13, "+1 212", "us.example"),
    Country("CA", "Canada", "USD", 0.05, "North America", (
        ("Toronto", "Ontario"), ("Vancouver", "British Columbia"), ("Montreal", "Quebec"),
        ("Calgary", "Alberta"),
    ), 13, "+1 416", "ca.example"),
    Country("DE", "Germany", "EUR", 0.10, "DACH", (
        ("Berlin", "Berlin"), ("Munich", "Bavaria"), ("Hamburg", "Hamburg"),
        ("Frankfurt", "Hesse"), ("Stuttgart", "Baden-Württemberg"),
        ("Cologne", "North Rhine-Westphalia"),
    ), 7, "+49 30", "de.example"),
    Country("FR", "France", "EUR", 0.04, "Western Europe", (
        ("Paris", "Île-de-France"), ("Lyon", "Auvergne-Rhône-Alpes"), ("Toulouse", "Occitanie"),
        ("Lille", "Hauts-de-France"),
    ), 7, "+33 1", "fr.example"),
    Country("NL", "Netherlands", "EUR", 0.04, "Western Europe", (
        ("Amsterdam", "North Holland"), ("Rotterdam", "South Holland"), ("Utrecht", "Utrecht"),
        ("Eindhoven", "North Brabant"),
    ), 7, "+31 20", "nl.example"),
)
# fmt: on
COUNTRY_BY_CODE = {country.code: country for country in COUNTRIES}

# Sales teams: region team → country teams, with the share of sellers in each.
REGION_TEAMS: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    ("APAC", (("Thailand", 0.30), ("Philippines", 0.22))),
    ("Americas", (("North America", 0.30),)),
    ("Europe", (("DACH", 0.10), ("Western Europe", 0.08))),
)
# The country whose people staff a country team (names, language, time zone).
TEAM_HOME = {
    "Thailand": "TH",
    "Philippines": "PH",
    "North America": "US",
    "DACH": "DE",
    "Western Europe": "FR",
}
TIME_ZONES = {
    "TH": "Asia/Bangkok",
    "PH": "Asia/Manila",
    "US": "America/New_York",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
}
LANGUAGES = {"TH": "th", "PH": "fil"}
# Sellers (reps and account managers) per squad; a country team with more is split.
SQUAD_SIZE = 8


@dataclass(frozen=True, slots=True)
class TerritoryRuleSpec:
    priority: int
    country: str = ""
    region: str = ""
    industry: str = ""
    segment: str = ""
    min_employees: int | None = None
    max_employees: int | None = None


@dataclass(frozen=True, slots=True)
class TerritorySpec:
    code: str
    name: str
    parent: str | None
    team: str | None
    rules: tuple[TerritoryRuleSpec, ...] = ()


R = TerritoryRuleSpec
# Region → country → (for the biggest markets) a split by segment, region, size or
# industry. Rules are tried by priority; the narrow ones come first.
# fmt: off
TERRITORIES: tuple[TerritorySpec, ...] = (
    TerritorySpec("APAC", "Asia Pacific", None, "APAC"),
    TerritorySpec("TH", "Thailand", "APAC", "Thailand"),
    TerritorySpec("TH-ENT", "Thailand Enterprise", "TH", "Thailand", (
        R(10, country="TH", segment=Segment.ENTERPRISE),
        R(11, country="TH", segment=Segment.PUBLIC_SECTOR),
    )),
    TerritorySpec("TH-COM", "Thailand Commercial", "TH", "Thailand", (R(100, country="TH"),)),
    TerritorySpec("PH", "Philippines", "APAC", "Philippines"),
    TerritorySpec("PH-NCR", "Metro Manila", "PH", "Philippines", (
        R(20, country="PH", region="Metro Manila"),
    )),
    TerritorySpec("PH-PRV", "Philippine Provinces", "PH", "Philippines", (
        R(100, country="PH"),
    )),
    TerritorySpec("AMER", "Americas", None, "Americas"),
    TerritorySpec("US", "United States", "AMER", "North America"),
    TerritorySpec("US-ENT", "US Enterprise", "US", "North America", (
        R(30, country="US", min_employees=1000),
    )),
    TerritorySpec("US-COM", "US Commercial", "US", "North America", (
        R(100, country="US", max_employees=999),
    )),
    TerritorySpec("CA", "Canada", "AMER", "North America", (R(100, country="CA"),)),
    TerritorySpec("EMEA", "Europe", None, "Europe"),
    TerritorySpec("DE", "Germany", "EMEA", "DACH"),
    TerritorySpec("DE-MFG", "Germany Manufacturing", "DE", "DACH", (
        R(40, country="DE", industry=Industry.MANUFACTURING),
    )),
    TerritorySpec("DE-GEN", "Germany General", "DE", "DACH", (R(100, country="DE"),)),
    TerritorySpec("FR", "France", "EMEA", "Western Europe", (R(100, country="FR"),)),
    TerritorySpec("NL", "Netherlands", "EMEA", "Western Europe", (R(100, country="NL"),)),
)

INDUSTRY_WEIGHTS: tuple[tuple[str, int], ...] = (
    (Industry.LOGISTICS, 16), (Industry.RETAIL, 14), (Industry.MANUFACTURING, 14),
    (Industry.HEALTHCARE, 8), (Industry.FINANCIAL_SERVICES, 6), (Industry.HOSPITALITY, 6),
    (Industry.TECHNOLOGY, 7), (Industry.AGRICULTURE, 5), (Industry.ENERGY, 4),
    (Industry.TELECOM, 3), (Industry.EDUCATION, 4), (Industry.REAL_ESTATE, 4),
    (Industry.PROFESSIONAL_SERVICES, 5), (Industry.GOVERNMENT, 4),
)
# (segment, weight, employees low, employees high)
SEGMENTS: tuple[tuple[str, int, int, int], ...] = (
    (Segment.SMB, 50, 10, 199),
    (Segment.MID_MARKET, 32, 200, 999),
    (Segment.ENTERPRISE, 14, 1_000, 40_000),
    (Segment.PUBLIC_SECTOR, 4, 300, 8_000),
)
# fmt: on
