//! The words the corpus is made of: prison names, owners, headings and the
//! phrases sentences are built from. Written for the benchmark in the style
//! of the real plans under `content/inspections/`; every name is invented.

/// Five domains, after HMIP's healthy prison tests.
pub const SAFETY: usize = 0;
#[allow(dead_code)] // named for the reader; its domain is the default arm
pub const RESPECT: usize = 1;
pub const HEALTH: usize = 2;
pub const EDUCATION: usize = 3;
pub const REHABILITATION: usize = 4;

/// How often each domain's areas come up, as in Leicester 2018 and Littlehey 2015.
pub const DOMAIN_WEIGHTS: [u32; 5] = [22, 24, 24, 18, 12];

/// Area headings of plans up to 2016 (Littlehey 2015's words), per domain.
pub const AREAS_OLD: [&[&str]; 5] = [
    &[
        "Early days in custody",
        "Bullying and violence reduction",
        "Self-harm and suicide",
        "Safeguarding",
        "Security",
        "Discipline",
        "Substance misuse",
    ],
    &[
        "Residential units",
        "Equality and diversity",
        "Faith and religious activity",
        "Complaints",
        "Catering",
        "Purchases",
        "Incentives and earned privileges",
        "Staff-prisoner relationships",
    ],
    &["Health services", "Health services", "Substance misuse"],
    &[
        "Learning and skills and work activities",
        "Time out of cell",
        "Physical education and healthy living",
    ],
    &[
        "Offender management and planning",
        "Reintegration planning",
        "Public protection",
    ],
];

/// Area headings of plans from 2017 to 2022 (Leicester 2018's words), per domain.
pub const AREAS_NEW: [&[&str]; 5] = [
    &[
        "Early days in custody",
        "Managing behaviour",
        "Safeguarding",
        "Security",
        "Self-harm and suicide prevention",
    ],
    &[
        "Daily life",
        "Living conditions",
        "Equality, diversity and faith",
        "Staff-prisoner relationships",
        "Complaints",
    ],
    &[
        "Health, well-being and social care",
        "Health, well-being and social care",
        "Mental health care",
        "Substance misuse treatment",
    ],
    &["Education, skills and work activities", "Time out of cell"],
    &[
        "Reducing risk, rehabilitation and progression",
        "Children and families and contact with the outside world",
        "Interventions",
        "Release planning",
    ],
];

/// Roles in every prison, per domain; the first of each is the usual owner.
pub const ROLES: [&[&str]; 5] = [
    &[
        "Head of Safer Custody",
        "Head of Security",
        "Head of Safety",
        "Head of Residential and Safety",
        "Safer Custody Manager",
        "Head of Operations",
        "Head of Drug Strategy",
        "Security Manager",
        "Head of Segregation",
        "Custodial Manager, Reception",
        "Head of Use of Force",
        "Violence Reduction Coordinator",
        "Head of Reception and First Night",
        "Orderly Officer",
    ],
    &[
        "Head of Residential",
        "Head of Equalities",
        "Head of Decency",
        "Catering Manager",
        "Head of Corporate Services",
        "Business Hub Manager",
        "Managing Chaplain",
        "Equalities Officer",
        "Head of Regimes",
        "Facilities Manager",
        "Head of Residence",
        "Canteen Manager",
        "Complaints Clerk",
        "Head of Finance",
        "Head of Custody",
    ],
    &[
        "Head of Healthcare",
        "Healthcare Manager",
        "Head of Mental Health In-reach",
        "Clinical Lead",
        "Head of Substance Misuse Services",
        "Pharmacy Lead",
        "Social Care Lead",
        "Lead Nurse",
        "Dental Services Manager",
        "Head of Integrated Substance Misuse Services",
    ],
    &[
        "Head of Learning and Skills",
        "Head of Reducing Reoffending",
        "Head of Industries",
        "Head of Activities",
        "Head of Education",
        "Library Manager",
        "PE Manager",
        "Head of Employment Hub",
        "Activities Hub Manager",
        "Head of Work and Skills",
        "Allocations Manager",
    ],
    &[
        "Head of OMU",
        "Head of Offender Management Delivery",
        "Head of Resettlement",
        "Head of Interventions",
        "Head of Public Protection",
        "Family Engagement Lead",
        "Head of Offender Management",
        "Senior Probation Officer",
        "Head of Visits",
        "Pre-Release Team Leader",
        "Head of Rehabilitation",
        "Programmes Manager",
        "Head of Sentence Management",
    ],
];

/// Roles across the prison: the Governor and the senior team.
pub const SENIOR: &[&str] = &[
    "Deputy Governor",
    "Senior Leadership Team",
    "Head of Performance",
    "Head of Business Assurance",
    "Head of Human Resources",
    "Head of Training",
    "Head of Communications",
];

/// National owners: HMPPS, the Ministry and national providers.
pub const NATIONAL: &[&str] = &[
    "Executive Director of Prisons",
    "Executive Director, Rehabilitation & Assurance",
    "Executive Director, Community Interventions",
    "Executive Director, Estate Transformation",
    "Executive Director of Facilities Management",
    "Executive Director, Security, Safety and Public Protection",
    "Executive Director, Women, Youth Custody and Diversity",
    "Executive Director, Long Term and High Security Estate",
    "Chief Operating Officer, HMPPS",
    "Director General of Prisons",
    "Director of Security, Order and Counter Terrorism",
    "Director of Operational Policy",
    "Director of Probation",
    "Deputy Director of Custody",
    "Deputy Director, Healthcare Partnerships",
    "Deputy Director, Reducing Reoffending",
    "Deputy Director, Safety",
    "Deputy Director, Population Management",
    "Deputy Director, Prison Education",
    "Deputy Director, Digital Services",
    "Head of Prison Estate Strategy",
    "HMPPS Population Management Unit",
    "HMPPS Commercial and Contract Management Directorate",
    "HMPPS Security Group",
    "HMPPS Equality, Rights and Decency Group",
    "HMPPS Community Accommodation Services (CAS)",
    "HMPPS Health, Social Care and Substance Misuse Team",
    "NOMS Prisoner Escort and Custody Service (PECS)",
    "NOMS Directorate of Commissioning and Contract Management",
    "NOMS Equality Rights and Decency Group",
    "Offender Health, MoJ",
    "Ministry of Justice Property Directorate",
    "MoJ Digital and Technology",
    "National Director of NHSE",
    "NHS England Health and Justice",
    "Department for Education",
    "Department for Work and Pensions",
    "Gov Facility Services Limited",
    "Amey",
    "Mitie Care and Custody",
    "GEOAmey PECS",
    "Serco Prisoner Escort Services",
    "Prisoner Learning Alliance",
    "National Offender Management Service",
];

/// Regions, each with a prison group director and an NHS England commissioner.
pub const REGIONS: &[&str] = &[
    "East Midlands",
    "West Midlands",
    "North East",
    "Yorkshire",
    "North West",
    "Greater Manchester",
    "Kent and Sussex",
    "London",
    "South Central",
    "South West",
    "East of England",
    "Wales",
    "Avon and South Dorset",
    "Cumbria and Lancashire",
];

/// Places that name NHS trusts, councils, colleges and rehabilitation companies.
pub const PLACES: &[&str] = &[
    "Ashborough",
    "Barrowdale",
    "Bramcaster",
    "Carnfield",
    "Chalkmere",
    "Dunholme",
    "Eastwold",
    "Fenbury",
    "Glenridge",
    "Harrowfield",
    "Hollinshire",
    "Ivelden",
    "Kestermoor",
    "Larkhampton",
    "Lowmarsh",
    "Marlowshire",
    "Nethercombe",
    "Northavon",
    "Oakhurst",
    "Pendlebury",
    "Quarrendon",
    "Ravensmoor",
    "Redcastle",
    "Saltfleet",
    "Severnside",
    "Shirebrook",
    "Stanmoor",
    "Thornleigh",
    "Upperwick",
    "Vale of Ashby",
    "Wealdshire",
    "Westcombe",
    "Whitmore",
    "Wolvercote",
    "Wychford",
    "Yarrowdale",
    "Aldermoor",
    "Beckford",
    "Coldharbour",
    "Drayfield",
    "Elmsworth",
    "Foxbridge",
    "Greystone",
    "Hazelmere",
    "Ingleborough",
    "Juniper Vale",
    "Kingsmead",
    "Longridge",
    "Millbrook",
    "Norbury",
    "Orchardleigh",
    "Pinemoor",
    "Rushcombe",
    "Sandbrook",
    "Tanfield",
    "Underhill",
    "Westerleigh",
    "Yewdale",
    "Brackenshire",
    "Cresswold",
];

/// How NHS trusts are named, after the place.
pub const TRUST_FORMS: &[&str] = &[
    "Healthcare NHS Foundation Trust",
    "Partnership NHS Foundation Trust",
    "Community Health NHS Trust",
];

/// Healthcare and substance misuse providers that hold prison contracts.
pub const PROVIDERS: &[&str] = &[
    "Practice Plus Group",
    "Care UK",
    "Spectrum Community Health CIC",
    "Inclusion",
    "Forward Trust",
    "Change Grow Live",
    "Phoenix Futures",
    "Turning Point",
    "Humankind",
    "G4S Health Services",
    "Time for Teeth",
    "Community Dental Services CIC",
    "Rehab Recovery Partnership",
    "We Are With You",
    "Recovery Partnership CIC",
];

/// Education, employment and industry providers.
pub const EDUCATION_PROVIDERS: &[&str] = &[
    "People Plus",
    "Novus",
    "Milton Keynes College",
    "Weston College",
    "Novus Cambria",
    "The Manchester College",
    "Nacro Education",
    "Shannon Trust",
    "Prisoners' Education Trust",
    "Ingeus",
    "Working Chance",
    "Clean Sheet",
];

/// Charities and other partners.
pub const PARTNERS: &[&str] = &[
    "Samaritans",
    "St Giles Trust",
    "Pact (Prison Advice and Care Trust)",
    "Barnardo's",
    "Catch22",
    "Shelter",
    "Nacro",
    "Citizens Advice",
    "Age UK",
    "Storybook Dads",
    "Sova",
    "Jobcentre Plus",
    "Independent Monitoring Board",
    "Langley House Trust",
    "Recycling Lives",
    "Koestler Arts",
    "Alcoholics Anonymous",
    "Narcotics Anonymous",
    "Fine Cell Work",
    "Head Start Housing",
    "Kinship",
    "Women in Prison",
    "Prison Fellowship",
    "Mind",
    "Veterans in Custody Support",
    "Hope Street Trust",
    "Reading Matters",
    "Families Outside",
    "Nepacs",
    "Spurgeons",
    "Bounce Back",
    "Key4Life",
    "Switchback",
    "Sporting Chance",
    "Chance to Change",
    "The Clink Charity",
    "Back on Track",
    "Adullam Homes",
    "Community Chaplaincy",
    "Gateway Partnership",
];

/// Spellings written for national and prison roles, joined by aliases.
pub const ROLE_ALIASES: &[(&str, &str)] = &[
    ("Head of OMU", "Head of Offender Management Unit (OMU)"),
    (
        "Head of Reducing Reoffending",
        "Head of Reducing Re-Offending Services",
    ),
    ("National Director of NHSE", "Director NHS England (NHSE)"),
    (
        "Head of Learning and Skills",
        "Head of Learning & Skills Provision",
    ),
    ("Senior Leadership Team", "SLT"),
    ("Head of Healthcare", "Healthcare Lead (Head of Healthcare)"),
];

/// Prison names are made of two halves; 20 × 12 gives 240, enough for the estate.
pub const NAME_STARTS: &[&str] = &[
    "Ash", "Bram", "Cold", "Elm", "Fern", "Hazel", "Kings", "Lark", "Marsh", "North", "Oak",
    "Rook", "Stone", "Thorn", "Wey", "Wold", "Alder", "Brook", "Chalk", "Dun",
];
pub const NAME_ENDS: &[&str] = &[
    "ford", "ley", "moor", "wood", "field", "ham", "bridge", "hill", "worth", "stead", "mere",
    "gate",
];

/// Establishment types and security categories with capacities that fit them.
pub const TYPES: &[(&str, &str, u32, u32)] = &[
    ("Local resettlement", "Category B or lower", 350, 1300),
    ("Reception", "Category B", 400, 1400),
    ("Training", "Category C", 500, 1100),
    ("Resettlement", "Category C", 300, 900),
    ("Open", "Category D", 200, 600),
    ("Long-term high security", "Category A", 450, 900),
    ("Women's local", "Closed women's", 250, 600),
    ("Young offender institution", "Young adults", 300, 700),
];

/// Recommendation subjects ("The prison should ...").
pub const ACTORS_SHOULD: &[&str] = &[
    "The prison should",
    "Leaders should",
    "Managers should",
    "Staff should",
    "The governor should",
    "The prison and health partners should",
    "HMPPS should",
    "The health provider should",
    "Leaders and managers should",
];

/// Verbs as (base, will-form, has-form).
pub const VERBS: &[(&str, &str, &str)] = &[
    ("review", "will review", "has reviewed"),
    ("improve", "will improve", "has improved"),
    (
        "ensure the quality of",
        "will ensure the quality of",
        "has checked the quality of",
    ),
    ("monitor", "will monitor", "has monitored"),
    ("develop", "will develop", "has developed"),
    ("analyse", "will analyse", "has analysed"),
    ("strengthen", "will strengthen", "has strengthened"),
    ("prioritise", "will prioritise", "has prioritised"),
    ("audit", "will audit", "has audited"),
    (
        "establish oversight of",
        "will establish oversight of",
        "has established oversight of",
    ),
    (
        "address weaknesses in",
        "will address weaknesses in",
        "has addressed weaknesses in",
    ),
    (
        "reduce delays in",
        "will reduce delays in",
        "has reduced delays in",
    ),
    ("introduce", "will introduce", "has introduced"),
    ("deliver", "will deliver", "has delivered"),
    ("increase", "will increase", "has increased"),
];

/// What the sentences are about, per domain.
pub const OBJECTS: [&[&str]; 5] = [
    &[
        "the analysis of local data on violence",
        "the quality of ACCT (Assessment, Care in Custody and Teamwork) documents",
        "the governance of the use of force",
        "the use of special accommodation",
        "the first night and induction process",
        "Challenge, Support and Intervention Plan (CSIP) referrals",
        "the drug supply reduction strategy",
        "intelligence-led searching and suspicion drug testing",
        "the safety of prisoners in their first days",
        "staff awareness of safeguarding procedures",
        "the management of debt and bullying",
        "body-worn camera use by staff",
        "the review of adjudications",
        "the segregation unit regime",
    ],
    &[
        "the condition of cells and communal areas",
        "the refurbishment of showers",
        "access to clean clothing and bedding",
        "the quality and quantity of food",
        "the handling of complaints",
        "consultation with prisoners",
        "the equality action plan",
        "support for prisoners with protected characteristics",
        "the incentives scheme",
        "the application process",
        "access to the chaplaincy",
        "the cell painting programme",
        "relationships between staff and prisoners",
        "the key worker scheme",
    ],
    &[
        "waiting times for primary care",
        "access to mental health services",
        "the administration of medicines",
        "transfers to secure hospital under the Mental Health Act",
        "clinical governance arrangements",
        "the substance misuse treatment offer",
        "social care assessments",
        "the health needs analysis",
        "dental waiting times",
        "in-possession risk assessments for medication",
        "the integrated drug treatment system",
        "escorts to outside hospital appointments",
    ],
    &[
        "the number of activity places",
        "attendance and punctuality at education and work",
        "the allocation of prisoners to activities",
        "the quality of teaching, learning and assessment",
        "accreditation in vocational workshops",
        "the reading strategy",
        "time out of cell",
        "access to the library and the gym",
        "the range of vocational training",
        "the curriculum",
        "English and maths provision",
        "the regime management plan",
    ],
    &[
        "offender management and sentence planning",
        "OASys (Offender Assessment System) assessments",
        "contact between prisoners and their offender managers",
        "public protection arrangements",
        "pre-release planning",
        "accommodation on release",
        "support for families and visits",
        "access to accredited programmes",
        "home detention curfew processes",
        "the resettlement pathways",
        "the use of release on temporary licence",
        "support for prisoners serving indeterminate sentences",
    ],
];

/// Syllables of the names prisons give their own schemes, units and
/// procedures ("the Belmorwyn peer scheme"): enough of them that two
/// problems named alike are rare.
pub const SYLLABLES: &[&str] = &[
    "ash", "bel", "cor", "dun", "fen", "gar", "hol", "kel", "lin", "mor", "nor", "pen", "ros",
    "tal", "ver", "wyn",
];

/// What a prison's own named scheme, unit or procedure is.
pub const LOCAL_NOUNS: &[&str] = &[
    "scheme",
    "unit",
    "project",
    "protocol",
    "forum",
    "pathway",
    "panel",
    "programme",
    "rota",
    "review",
];

/// Where and how often things are done.
pub const ADJUNCTS: &[&str] = &[
    "on a weekly basis",
    "on a monthly basis",
    "through the weekly safety meeting",
    "through the monthly Senior Leadership Team (SLT) meeting",
    "with support from the Prison Group Director",
    "in partnership with {partner}",
    "across all residential units",
    "by the end of the financial year",
    "as part of the regime review",
    "using the findings of the last audit",
    "through quarterly assurance checks",
    "with the Independent Monitoring Board",
    "during wing and area briefings",
    "at monthly training days",
    "in line with the national policy framework",
    "with progress reported to the Governor",
];

/// Why, per domain.
pub const PURPOSES: [&[&str]; 5] = [
    &[
        "to reduce levels of violence",
        "so that prisoners at risk receive timely support",
        "to ensure that force is used only as a last resort",
        "to reduce the supply of illicit substances",
    ],
    &[
        "so that living conditions are of an acceptable standard",
        "to ensure that prisoners are treated with respect",
        "so that complaints are answered fully and on time",
        "to meet the needs of prisoners with protected characteristics",
    ],
    &[
        "so that prisoners receive care equivalent to that in the community",
        "to reduce waiting times",
        "to ensure that medicines are administered safely",
        "so that prisoners with mental health needs are transferred promptly",
    ],
    &[
        "so that every prisoner can take part in purposeful activity",
        "to improve outcomes for learners",
        "to give prisoners a better chance of employment on release",
        "so that attendance improves",
    ],
    &[
        "to reduce the risk of reoffending",
        "so that prisoners are released to suitable accommodation",
        "to protect the public",
        "so that prisoners progress through their sentence",
    ],
];

/// Sentences that open a response, by decision class.
pub const OPENERS_PARTLY: &[&str] = &[
    "This recommendation is partly agreed.",
    "Part of this recommendation is agreed, but due to funding constraints we cannot commit to all of it.",
    "The recommendation is partly agreed because some of it falls to commissioners rather than the prison.",
];
pub const OPENERS_NOT: &[&str] = &[
    "This recommendation is not agreed.",
    "The recommendation is not agreed for operational reasons.",
    "This recommendation is not agreed as it conflicts with national policy.",
    "This recommendation is rejected on affordability grounds.",
];
