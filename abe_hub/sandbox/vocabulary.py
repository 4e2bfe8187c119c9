"""Word lists the world is drawn from.

They are chosen to reproduce what makes account matching hard in real CRMs: legal forms in many
countries and their long spellings, multi-level public suffixes (.co.uk, .com.au), diacritics,
free-mail addresses, and titles written a dozen ways for the same buyer persona.
"""

from __future__ import annotations

from dataclasses import dataclass

SYLLABLES = (
    "ka",
    "lo",
    "mir",
    "dra",
    "ven",
    "ko",
    "sol",
    "ta",
    "ri",
    "no",
    "vex",
    "pra",
    "li",
    "mo",
    "zen",
    "ar",
    "vol",
    "bel",
    "cor",
    "da",
    "fin",
    "gal",
    "hel",
    "is",
    "jor",
    "kel",
    "lum",
    "mar",
    "nor",
    "ost",
    "pel",
    "quin",
    "ros",
    "sil",
    "tor",
    "ul",
    "val",
    "wen",
    "xan",
    "yor",
    "zan",
    "bri",
    "cal",
    "dun",
    "el",
    "fal",
    "gri",
    "har",
)

DESCRIPTORS = {
    "software": ("Software", "Systems", "Technologies", "Labs", "Digital", "Data"),
    "financial_services": ("Capital", "Financial", "Bank", "Insurance", "Payments"),
    "manufacturing": ("Industries", "Manufacturing", "Engineering", "Components", "Works"),
    "healthcare": ("Health", "Medical", "Pharma", "Care", "Diagnostics"),
    "retail": ("Retail", "Stores", "Brands", "Commerce", "Fashion"),
    "logistics": ("Logistics", "Freight", "Transport", "Shipping"),
    "energy": ("Energy", "Power", "Renewables", "Utilities"),
    "telecommunications": ("Telecom", "Networks", "Communications"),
    "education": ("Learning", "Education", "Academy"),
    "professional_services": ("Consulting", "Partners", "Advisory", "Group"),
}

INDUSTRY_WEIGHTS = {
    "software": 18,
    "financial_services": 12,
    "manufacturing": 14,
    "healthcare": 10,
    "retail": 9,
    "logistics": 8,
    "energy": 6,
    "telecommunications": 6,
    "education": 5,
    "professional_services": 12,
}

# Each system has its own picklist for the same truth.
SALESFORCE_INDUSTRY = {
    "software": "Technology",
    "financial_services": "Finance",
    "manufacturing": "Manufacturing",
    "healthcare": "Healthcare",
    "retail": "Retail",
    "logistics": "Transportation",
    "energy": "Energy",
    "telecommunications": "Communications",
    "education": "Education",
    "professional_services": "Consulting",
}
HUBSPOT_INDUSTRY = {
    "software": "COMPUTER_SOFTWARE",
    "financial_services": "FINANCIAL_SERVICES",
    "manufacturing": "INDUSTRIAL_AUTOMATION",
    "healthcare": "HOSPITAL_HEALTH_CARE",
    "retail": "RETAIL",
    "logistics": "LOGISTICS_AND_SUPPLY_CHAIN",
    "energy": "OIL_ENERGY",
    "telecommunications": "TELECOMMUNICATIONS",
    "education": "EDUCATION_MANAGEMENT",
    "professional_services": "MANAGEMENT_CONSULTING",
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    local_name: str
    tld: str
    legal_forms: tuple[str, ...]
    cities: tuple[str, ...]
    weight: int
    phone_prefix: str


COUNTRIES = (
    Country(
        "US",
        "United States",
        "USA",
        "com",
        ("Inc.", "LLC", "Corp."),
        ("New York", "Austin", "Chicago", "Boston", "San Francisco"),
        34,
        "+1",
    ),
    Country(
        "GB", "United Kingdom", "UK", "co.uk", ("Ltd", "PLC"), ("London", "Manchester", "Leeds", "Bristol"), 12, "+44"
    ),
    Country(
        "DE",
        "Germany",
        "Deutschland",
        "de",
        ("GmbH", "AG", "GmbH & Co. KG"),
        ("Berlin", "München", "Hamburg", "Köln", "Düsseldorf"),
        12,
        "+49",
    ),
    Country("FR", "France", "France", "fr", ("SAS", "SA", "SARL"), ("Paris", "Lyon", "Toulouse", "Nantes"), 8, "+33"),
    Country("NL", "Netherlands", "Nederland", "nl", ("B.V.", "N.V."), ("Amsterdam", "Rotterdam", "Utrecht"), 5, "+31"),
    Country("CA", "Canada", "Canada", "ca", ("Inc.", "Ltd"), ("Toronto", "Montréal", "Vancouver"), 4, "+1"),
    Country("AU", "Australia", "Australia", "com.au", ("Pty Ltd",), ("Sydney", "Melbourne", "Brisbane"), 4, "+61"),
    Country("ES", "Spain", "España", "es", ("S.L.", "S.A."), ("Madrid", "Barcelona", "Valencia"), 3, "+34"),
    Country("IT", "Italy", "Italia", "it", ("S.p.A.", "S.r.l."), ("Milano", "Roma", "Torino"), 3, "+39"),
    Country("SE", "Sweden", "Sverige", "se", ("AB",), ("Stockholm", "Göteborg", "Malmö"), 2, "+46"),
    Country("CH", "Switzerland", "Schweiz", "ch", ("AG", "GmbH", "SA"), ("Zürich", "Genève", "Basel"), 2, "+41"),
    Country("JP", "Japan", "Nippon", "co.jp", ("K.K.",), ("Tokyo", "Osaka", "Yokohama"), 2, "+81"),
    Country("IN", "India", "Bharat", "in", ("Pvt Ltd",), ("Bengaluru", "Mumbai", "Pune"), 2, "+91"),
    Country("BR", "Brazil", "Brasil", "com.br", ("Ltda.", "S.A."), ("São Paulo", "Rio de Janeiro"), 2, "+55"),
    Country("FI", "Finland", "Suomi", "fi", ("Oy",), ("Helsinki", "Espoo"), 1, "+358"),
    Country("DK", "Denmark", "Danmark", "dk", ("A/S", "ApS"), ("København", "Aarhus"), 1, "+45"),
    Country("PL", "Poland", "Polska", "pl", ("Sp. z o.o.", "S.A."), ("Warszawa", "Kraków"), 1, "+48"),
    Country("IE", "Ireland", "Ireland", "ie", ("Ltd", "DAC"), ("Dublin", "Cork"), 1, "+353"),
)
COUNTRY_BY_CODE = {c.code: c for c in COUNTRIES}

# The long spellings a legal form is also written in: the variants name normalisation must fold.
LEGAL_FORM_LONG = {
    "Inc.": "Incorporated",
    "Corp.": "Corporation",
    "LLC": "Limited Liability Company",
    "Ltd": "Limited",
    "PLC": "Public Limited Company",
    "GmbH": "Gesellschaft mit beschränkter Haftung",
    "AG": "Aktiengesellschaft",
    "SA": "Société Anonyme",
    "S.A.": "Sociedad Anónima",
    "SAS": "Société par actions simplifiée",
    "B.V.": "Besloten Vennootschap",
    "N.V.": "Naamloze Vennootschap",
    "S.p.A.": "Società per Azioni",
    "S.r.l.": "Società a responsabilità limitata",
    "AB": "Aktiebolag",
    "Oy": "Osakeyhtiö",
    "K.K.": "Kabushiki Kaisha",
    "Pty Ltd": "Proprietary Limited",
    "Pvt Ltd": "Private Limited",
    "A/S": "Aktieselskab",
    "S.L.": "Sociedad Limitada",
}

BUSINESS_UNITS = ("Digital", "Services", "Solutions", "Analytics", "Cloud", "Consumer", "Industrial", "Health")

FIRST_NAMES = (
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Daniel",
    "Karen",
    "Lukas",
    "Anna",
    "Jürgen",
    "Lena",
    "Matthias",
    "Sophie",
    "Émile",
    "Chloé",
    "François",
    "Léa",
    "Sven",
    "Ingrid",
    "Björn",
    "Astrid",
    "Pedro",
    "María",
    "José",
    "Lucía",
    "Marco",
    "Giulia",
    "Hiroshi",
    "Yuki",
    "Priya",
    "Arjun",
    "Aisha",
    "Omar",
    "Chen",
    "Wei",
    "Olga",
    "Dmitri",
    "Siobhán",
    "Niamh",
    "Zoë",
    "Noël",
    "Raphaël",
    "Maëlle",
    "Søren",
    "Åsa",
    "Łukasz",
    "Małgorzata",
)
LAST_NAMES = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Schäfer",
    "Köhler",
    "Groß",
    "Lefèvre",
    "Dubois",
    "Moreau",
    "Girard",
    "Núñez",
    "Fernández",
    "Gómez",
    "Rossi",
    "Bianchi",
    "Ricci",
    "Johansson",
    "Lindqvist",
    "Nakamura",
    "Tanaka",
    "Sharma",
    "Patel",
    "Khan",
    "Wang",
    "Zhang",
    "Ivanova",
    "O'Brien",
    "O'Connor",
    "Van der Berg",
    "De Vries",
    "Jansen",
    "Nielsen",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Ødegård",
    "Åberg",
    "Kürşat",
)

FREE_MAIL_DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "gmx.de",
    "web.de",
    "orange.fr",
    "yahoo.co.uk",
    "proton.me",
    "aol.com",
    "live.com",
)


@dataclass(frozen=True)
class Persona:
    """A buyer persona with the ways its title is actually written."""

    name: str
    department: str
    seniority: str
    titles: tuple[str, ...]
    weight: int


PERSONAS = (
    Persona(
        "executive_sponsor",
        "executive",
        "c_level",
        ("CEO", "Chief Executive Officer", "Managing Director", "Founder & CEO", "President"),
        3,
    ),
    Persona(
        "finance_buyer", "finance", "c_level", ("CFO", "Chief Financial Officer", "VP Finance", "Finance Director"), 3
    ),
    Persona("it_leader", "it", "c_level", ("CIO", "Chief Information Officer", "CTO", "Chief Technology Officer"), 3),
    Persona(
        "it_manager", "it", "manager", ("IT Director", "Head of IT", "IT Manager", "Director of Infrastructure"), 6
    ),
    Persona(
        "technical_evaluator",
        "it",
        "individual_contributor",
        ("Systems Administrator", "Solutions Architect", "DevOps Engineer", "Data Engineer", "Software Engineer"),
        12,
    ),
    Persona(
        "marketing_leader",
        "marketing",
        "vp",
        (
            "CMO",
            "Chief Marketing Officer",
            "VP Marketing",
            "VP, Marketing",
            "Vice President of Marketing",
            "Head of Marketing",
        ),
        4,
    ),
    Persona(
        "marketing_practitioner",
        "marketing",
        "individual_contributor",
        (
            "Marketing Manager",
            "Demand Generation Manager",
            "Marketing Operations Specialist",
            "Content Marketing Manager",
        ),
        9,
    ),
    Persona(
        "sales_leader",
        "sales",
        "vp",
        ("CRO", "Chief Revenue Officer", "VP Sales", "VP of Sales", "Head of Sales", "Sales Director"),
        4,
    ),
    Persona(
        "operations_leader",
        "operations",
        "director",
        ("COO", "Chief Operating Officer", "Head of Operations", "Operations Director"),
        4,
    ),
    Persona(
        "operations_practitioner",
        "operations",
        "individual_contributor",
        ("Operations Manager", "Business Analyst", "Project Manager"),
        9,
    ),
    Persona(
        "procurement",
        "finance",
        "manager",
        ("Procurement Manager", "Purchasing Manager", "Head of Procurement", "Strategic Sourcing Lead"),
        4,
    ),
    Persona(
        "end_user",
        "other",
        "individual_contributor",
        ("Analyst", "Specialist", "Coordinator", "Associate", "Consultant"),
        14,
    ),
)
PERSONA_BY_NAME = {p.name: p for p in PERSONAS}

TICKET_SUBJECTS = (
    "Cannot log in",
    "Export fails with timeout",
    "Invoice question",
    "Integration with Salesforce broken",
    "Feature request: SSO",
    "Dashboard shows wrong numbers",
    "API rate limit errors",
    "How to add users",
    "Data sync delayed",
    "Renewal pricing question",
    "Bug in report builder",
    "Password reset not received",
)
CAMPAIGN_THEMES = (
    "Data-driven ABM",
    "Pipeline Acceleration",
    "Customer Summit",
    "Product Launch",
    "Industry Report",
    "Webinar: Account Planning",
    "Roundtable: CX Leaders",
    "Field Event",
    "Nurture: Getting Started",
)
