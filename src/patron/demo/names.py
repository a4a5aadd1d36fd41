"""Names of people and companies, and the words sellers write, per country.

Thai people are given both their Thai-script name and its romanisation: contacts at
Thai customers are stored half the time in Thai script (so search and pages are
exercised on text without spaces between words), while e-mail addresses and user
names always use the romanised form.
"""

from __future__ import annotations

import unicodedata
from random import Random

from patron.accounts.choices import BuyingRole, Industry

# fmt: off
# (romanised, native script or "")
THAI_FIRST = (
    ("Somchai", "สมชาย"), ("Somsak", "สมศักดิ์"), ("Nattapong", "ณัฐพงศ์"),
    ("Kittisak", "กิตติศักดิ์"), ("Anan", "อนันต์"), ("Prasert", "ประเสริฐ"),
    ("Wichai", "วิชัย"), ("Chaiwat", "ชัยวัฒน์"), ("Thanakorn", "ธนากร"), ("Suriya", "สุริยา"),
    ("Malee", "มาลี"), ("Siriporn", "ศิริพร"), ("Supaporn", "สุภาพร"), ("Wanida", "วนิดา"),
    ("Pranee", "ปราณี"), ("Kanya", "กัญญา"), ("Nipa", "นิภา"), ("Ploy", "พลอย"),
    ("Araya", "อารยา"), ("Jintana", "จินตนา"),
)
THAI_LAST = (
    ("Srisuk", "ศรีสุข"), ("Wongsawat", "วงศ์สวัสดิ์"), ("Chaiyaporn", "ชัยพร"),
    ("Saetang", "แซ่ตั้ง"), ("Boonmee", "บุญมี"), ("Rattanakul", "รัตนกุล"),
    ("Thongchai", "ทองชัย"), ("Kaewmanee", "แก้วมณี"), ("Sukprasert", "สุขประเสริฐ"),
    ("Phromma", "พรหมมา"), ("Charoenkul", "เจริญกุล"), ("Panyarat", "ปัญญารัตน์"),
    ("Suwannarat", "สุวรรณรัตน์"), ("Intarasuk", "อินทรสุข"), ("Jaidee", "ใจดี"),
)
FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "PH": (
        "Juan", "Jose", "Mark", "John Paul", "Rommel", "Ramon", "Carlo", "Paolo", "Miguel",
        "Angelo", "Maria", "Ana", "Kristine", "Jennifer", "Grace", "Rowena", "Maricel", "Joy",
        "Angelica", "Patricia",
    ),
    "US": (
        "James", "Michael", "Robert", "David", "Daniel", "Chris", "Kevin", "Brian", "Jennifer",
        "Sarah", "Jessica", "Emily", "Ashley", "Megan", "Laura", "Rachel",
    ),
    "DE": (
        "Lukas", "Jonas", "Felix", "Maximilian", "Stefan", "Andreas", "Thomas", "Anna",
        "Julia", "Katharina", "Laura", "Sabine", "Monika", "Lena",
    ),
    "FR": (
        "Julien", "Nicolas", "Thomas", "Antoine", "Pierre", "Camille", "Chloé", "Léa", "Manon",
        "Sophie", "Émilie",
    ),
    "NL": ("Daan", "Sem", "Thijs", "Bram", "Jeroen", "Sanne", "Lotte", "Femke", "Anouk", "Eva"),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "PH": (
        "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres",
        "Villanueva", "Ramos", "Aquino", "Dela Cruz", "Castillo", "Navarro", "Manalo",
        "Soriano", "Mercado", "Pascual",
    ),
    "US": (
        "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Thomas", "Moore", "Martin", "Clark", "Lewis", "Walker", "Young",
    ),
    "DE": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Hoffmann", "Schulz", "Koch", "Richter",
    ),
    "FR": (
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Lefèvre",
    ),
    "NL": (
        "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
        "Mulder", "de Boer",
    ),
}
for _code in ("CA",):
    FIRST_NAMES[_code] = FIRST_NAMES["US"]
    LAST_NAMES[_code] = LAST_NAMES["US"]

COMPANY_PREFIXES: dict[str, tuple[str, ...]] = {
    "TH": (
        "Siam", "Krungthep", "Chao Phraya", "Lanna", "Rattana", "Sukhothai", "Ayutthaya",
        "Mekong", "Andaman", "Isan", "Royal Orchid", "Golden Elephant", "Benja", "Sathorn",
    ),
    "PH": (
        "Mabuhay", "Luzon", "Visayas", "Mindanao", "Pasig", "Manila Bay", "Bayanihan",
        "Sampaguita", "Maharlika", "Tagaytay", "Banaue", "Bicol", "Ilocos", "Davao Gulf",
    ),
    "US": (
        "Summit", "Redwood", "Lakeshore", "Pioneer", "Granite", "Harbor", "Evergreen",
        "Blue Ridge", "Prairie", "Liberty", "Cascade", "Northstar", "Silverline", "Keystone",
    ),
    "CA": (
        "Maple Leaf", "Northern Lights", "Great Lakes", "Rocky Mountain", "Laurentian",
        "Pacific Rim", "Hudson Bay", "Boreal",
    ),
    "DE": (
        "Rhein", "Alpen", "Nordsee", "Schwarzwald", "Elbe", "Bavaria", "Hanse", "Main",
        "Spree", "Isar",
    ),
    "FR": ("Rhône", "Loire", "Provence", "Atlantique", "Bretagne", "Seine", "Alsace", "Azur"),
    "NL": ("Delta", "Polder", "Zuiderzee", "Oranje", "Tulp", "Amstel", "Maas", "Noordzee"),
}
COMPANY_SUFFIXES: dict[str, tuple[str, ...]] = {
    "TH": ("Co., Ltd.", "Co., Ltd.", "Public Company Limited", "Group"),
    "PH": ("Inc.", "Corporation", "Holdings, Inc.", "Group"),
    "US": ("Inc.", "LLC", "Corp.", "Group"), "CA": ("Inc.", "Ltd.", "Corp."),
    "DE": ("GmbH", "AG", "GmbH & Co. KG"), "FR": ("SA", "SAS", "SARL"), "NL": ("B.V.", "N.V."),
}
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    Industry.LOGISTICS: ("Logistics", "Freight", "Transport", "Cargo", "Distribution"),
    Industry.RETAIL: ("Retail", "Mart", "Stores", "Trading", "Supermarkets"),
    Industry.MANUFACTURING: ("Manufacturing", "Industries", "Steel", "Precision Parts", "Plastics"),
    Industry.HEALTHCARE: ("Hospital", "Medical", "Health", "Clinics", "Pharma"),
    Industry.FINANCIAL_SERVICES: ("Capital", "Finance", "Bank", "Insurance", "Leasing"),
    Industry.HOSPITALITY: ("Hotels", "Resorts", "Hospitality", "Restaurants"),
    Industry.TECHNOLOGY: ("Technologies", "Software", "Digital", "Systems", "Electronics"),
    Industry.AGRICULTURE: ("Agro", "Farms", "Foods", "Rice", "Seeds"),
    Industry.ENERGY: ("Energy", "Power", "Utilities", "Solar"),
    Industry.TELECOM: ("Telecom", "Networks", "Communications", "Broadband"),
    Industry.EDUCATION: ("Academy", "Learning", "College", "Schools"),
    Industry.REAL_ESTATE: ("Properties", "Land", "Estates", "Development"),
    Industry.PROFESSIONAL_SERVICES: ("Consulting", "Partners", "Advisory", "Accounting"),
    Industry.GOVERNMENT: (
        "Port Authority", "Water Authority", "Transit Authority",
        "Metropolitan Administration",
    ),
}

TITLES: dict[str, tuple[str, ...]] = {
    BuyingRole.ECONOMIC_BUYER: ("CEO", "CFO", "Managing Director", "VP Operations", "COO"),
    BuyingRole.TECHNICAL_DECISION_MAKER: ("CIO", "CTO", "IT Director", "Head of IT"),
    BuyingRole.PURCHASING: ("Procurement Manager", "Purchasing Director", "Head of Procurement"),
    BuyingRole.CHAMPION: (
        "Operations Manager", "Logistics Manager", "Warehouse Manager", "Head of Digital",
    ),
    BuyingRole.INFLUENCER: ("Finance Manager", "Project Manager", "Business Analyst"),
    BuyingRole.USER: ("Warehouse Supervisor", "Team Lead", "Operations Coordinator"),
    BuyingRole.BLOCKER: ("Legal Counsel", "IT Security Manager"),
}
# fmt: on


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters only: "Lefèvre" → "lefevre", "de Jong" → "dejong"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(char for char in folded.lower() if char.isalnum())


def person_name(rng: Random, country: str, *, native: bool) -> tuple[str, str, str]:
    """(first name, last name, romanised "first.last") of someone from `country`.

    With `native` a Thai person's name is given in Thai script; the romanised form is
    still returned for their e-mail address.
    """
    if country == "TH":
        first_latin, first_thai = rng.choice(THAI_FIRST)
        last_latin, last_thai = rng.choice(THAI_LAST)
        slug = f"{ascii_slug(first_latin)}.{ascii_slug(last_latin)}"
        if native:
            return first_thai, last_thai, slug
        return first_latin, last_latin, slug
    first = rng.choice(FIRST_NAMES[country])
    last = rng.choice(LAST_NAMES[country])
    return first, last, f"{ascii_slug(first)}.{ascii_slug(last)}"


def company_name(rng: Random, country: str, industry: str, city: str) -> tuple[str, str]:
    """(legal name, short name) of a company; the short name goes into deal names."""
    prefix = rng.choice(COMPANY_PREFIXES[country])
    word = rng.choice(INDUSTRY_WORDS[industry])
    if industry == Industry.GOVERNMENT:
        short = f"{city} {word}"
        return short, short
    short = f"{prefix} {word}"
    return f"{short} {rng.choice(COMPANY_SUFFIXES[country])}", short


NEXT_STEPS = (
    "Send revised proposal",
    "Book a demo with the operations team",
    "Confirm budget with the CFO",
    "Run the security review",
    "Agree on the implementation plan",
    "Get the signed order form",
    "Schedule a site visit",
    "Share the reference customer story",
)
WIN_REASONS = (
    "Best fit for their warehouse workflows",
    "Local support and fast implementation",
    "Strong relationship with the operations director",
    "Total cost of ownership beat the incumbent",
    "Analytics convinced the CFO",
)
LOSS_NOTES = (
    "Chose the cheaper offer",
    "Project postponed to next fiscal year",
    "Went with the incumbent vendor",
    "Budget moved to another initiative",
    "Could not meet the integration requirement in time",
)
CASE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "question": (
        "How do I export the monthly report?",
        "Adding users to the platform",
        "Question about our licence count",
    ),
    "problem": (
        "Scanner does not sync",
        "Dashboard shows no data since yesterday",
        "Cannot log in after password reset",
        "Printer labels misaligned",
    ),
    "billing": (
        "Invoice amount does not match the order",
        "Please resend the invoice",
        "Payment not reflected on our account",
    ),
    "delivery": ("Devices not delivered yet", "Wrong items in the shipment"),
    "feature_request": ("Request: Thai language receipts", "Request: export to our ERP"),
    "complaint": ("Slow response from support", "Repeated outage this week"),
}
