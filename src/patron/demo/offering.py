"""What the demo company sells and how it runs sales and service: products, pipelines
and their stages, SLA policies, competitors and training courses. Reference data, the
same at every scale and for every seed."""

from __future__ import annotations

from dataclasses import dataclass

from patron.catalog.models import BillingPeriod
from patron.people.choices import Skill
from patron.pipeline.choices import StageCategory
from patron.service.choices import CasePriority


@dataclass(frozen=True, slots=True)
class ProductSpec:
    sku: str
    name: str
    family: str
    list_price_usd_cents: int
    cost_usd_cents: int
    billing: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    probability: int
    category: str
    qualified: bool


FAMILIES: tuple[tuple[str, str], ...] = (
    ("CLOUD", "Cloud platform"),
    ("ANALYTICS", "Analytics"),
    ("DEVICES", "Devices"),
    ("CONSUMABLES", "Consumables"),
    ("SERVICES", "Professional services"),
    ("SUPPORT", "Support and managed services"),
)
ANNUAL, MONTHLY, ONCE = BillingPeriod.ANNUAL, BillingPeriod.MONTHLY, BillingPeriod.ONE_TIME
P = ProductSpec
# fmt: off
PRODUCTS: tuple[ProductSpec, ...] = (
    P("CLD-STD", "Cloud Platform Standard (per user, annual)", "CLOUD", 48_000, 9_000, ANNUAL),
    P("CLD-PRO", "Cloud Platform Professional (per user, annual)", "CLOUD", 90_000, 15_000, ANNUAL),
    P("CLD-ENT", "Cloud Platform Enterprise (per user, annual)", "CLOUD", 150_000, 24_000, ANNUAL),
    P("ANL-INS", "Analytics Insights (per user, annual)", "ANALYTICS", 60_000, 10_000, ANNUAL),
    P("ANL-FCS", "Forecasting Add-on (per site, annual)", "ANALYTICS", 480_000, 60_000, ANNUAL),
    P("ANL-DWC", "Data Warehouse Connector (annual)", "ANALYTICS", 240_000, 30_000, ANNUAL),
    P("SUP-PRM", "Premium Support (annual)", "SUPPORT", 360_000, 120_000, ANNUAL),
    P("SUP-MGD", "Managed Service (monthly)", "SUPPORT", 75_000, 40_000, MONTHLY),
    P("DEV-H200", "Handheld Scanner H200", "DEVICES", 45_000, 26_000, ONCE),
    P("DEV-T10", "Rugged Tablet T10", "DEVICES", 89_000, 52_000, ONCE),
    P("DEV-P4", "Label Printer P4", "DEVICES", 38_000, 21_000, ONCE),
    P("DEV-DCK", "Docking Station", "DEVICES", 12_000, 6_000, ONCE),
    P("DEV-H100", "Handheld Scanner H100 (discontinued)", "DEVICES", 32_000, 20_000, ONCE,
      active=False),
    P("CON-LBL", "Thermal Labels (box of 10 rolls)", "CONSUMABLES", 4_500, 1_800, ONCE),
    P("CON-BAT", "Replacement Battery Pack", "CONSUMABLES", 6_000, 2_900, ONCE),
    P("CON-CASE", "Protective Case", "CONSUMABLES", 3_500, 1_200, ONCE),
    P("SRV-IMP", "Implementation Package", "SERVICES", 800_000, 420_000, ONCE),
    P("SRV-WS", "Onboarding Workshop (per day)", "SERVICES", 160_000, 70_000, ONCE),
    P("SRV-INT", "Custom Integration (per day)", "SERVICES", 140_000, 65_000, ONCE),
    P("SRV-TRN", "Training Day", "SERVICES", 120_000, 50_000, ONCE),
)

S = StageSpec
OPEN, WON, LOST = StageCategory.OPEN, StageCategory.WON, StageCategory.LOST
# (name, company default, default for opportunity type, stages in order)
PIPELINES: tuple[tuple[str, bool, str, tuple[StageSpec, ...]], ...] = (
    ("New business", True, "new_business", (
        S("Prospecting", 10, OPEN, False), S("Qualification", 20, OPEN, True),
        S("Proposal", 50, OPEN, True), S("Negotiation", 80, OPEN, True),
        S("Closed won", 100, WON, True), S("Closed lost", 0, LOST, False),
    )),
    ("Renewals", False, "renewal", (
        S("Renewal due", 60, OPEN, True), S("Negotiating renewal", 75, OPEN, True),
        S("Verbal commit", 90, OPEN, True), S("Renewed", 100, WON, True),
        S("Not renewed", 0, LOST, False),
    )),
    ("Channel partners", False, "", (
        S("Registered", 10, OPEN, False), S("Qualified with partner", 30, OPEN, True),
        S("Partner proposal", 60, OPEN, True), S("Closed won", 100, WON, True),
        S("Closed lost", 0, LOST, False),
    )),
)

# (priority, name, first response minutes, resolution minutes)
SLA_POLICIES: tuple[tuple[str, str, int, int], ...] = (
    (CasePriority.URGENT, "Urgent: 30 minutes / 4 hours", 30, 240),
    (CasePriority.HIGH, "High: 2 hours / 1 day", 120, 1_440),
    (CasePriority.NORMAL, "Normal: 8 hours / 3 days", 480, 4_320),
    (CasePriority.LOW, "Low: 1 day / 7 days", 1_440, 10_080),
)

# (name, strengths, weaknesses)
COMPETITORS: tuple[tuple[str, str, str], ...] = (
    ("Vantage Field Solutions", "Large installed base in retail", "Slow to implement"),
    ("Krungthep Systems", "Local support across Thailand", "Dated user interface"),
    ("Pacific Logix", "Aggressive pricing", "Weak analytics"),
    ("Orbit Devices", "Cheap hardware", "No cloud platform of its own"),
    ("Helix Analytics", "Strong dashboards", "Needs a data team to run"),
    ("Mabuhay Tech", "Relationships with Philippine conglomerates", "Small product team"),
    ("Stratus Works", "Global brand", "Expensive, rigid contracts"),
    ("BlueRiver Software", "Good integrations", "Support only in English"),
    ("Tessera Data", "Modern architecture", "Young company"),
    ("Nordlicht IT", "Strong in German manufacturing", "Little presence in Asia"),
)

# (name, skill developed or "", hours)
COURSES: tuple[tuple[str, str, int], ...] = (
    ("Discovery Questions That Work", Skill.DISCOVERY, 4),
    ("Negotiating Enterprise Deals", Skill.NEGOTIATION, 8),
    ("Presenting to Executives", Skill.PRESENTATION, 4),
    ("Product Certification: Cloud Platform", Skill.PRODUCT_KNOWLEDGE, 6),
    ("Closing Techniques", Skill.CLOSING, 3),
    ("Social Prospecting", Skill.PROSPECTING, 2),
    ("PDPA and Data Privacy Essentials", "", 1),
    ("Account Planning Masterclass", "", 6),
)
# fmt: on
