"""Vocabulary for synthetic data: UK-ish people, places and organisations.

Names mix English, Scottish, Welsh, Irish and Polish spellings (with their
accents), because real partnerships do and search and PDFs must cope.
Phone numbers come from Ofcom's ranges reserved for drama, so none is real.
"""

from __future__ import annotations

import random

from crm.core.text import fold


def _words(text: str) -> list[str]:
    """Space-separated words; an underscore stands for a space inside one ("Ó_Briain")."""
    return [word.replace("_", " ") for word in text.split()]


def _items(text: str) -> list[str]:
    """Semicolon-separated items (line breaks inside an item count as spaces)."""
    return [" ".join(item.split()) for item in text.split(";") if item.strip()]


FIRST_NAMES = _words(
    """
    Amelia Olivia Isla Ava Emily Sophie Grace Lily Chloe Ella Jessica Ruby Evie Freya Holly
    Hannah Charlotte Lucy Megan Ellie Abigail Katie Sarah Rachel Claire Helen Joanne Nicola
    Karen Susan Margaret Patricia Janet Gillian Fiona Kirsty Morag Eilidh Shona Aileen Oliver
    Jack Harry George Charlie Jacob Thomas Oscar William James Noah Alfie Joshua Daniel Samuel
    Matthew Andrew David Paul Mark Richard Stephen Peter Gary Neil Graham Alistair Callum Euan
    Hamish Fraser Ross Craig Ewan Mohammed Aisha Fatima Imran Priya Ravi Sunita Amir Yusuf
    Zainab Kwame Abena Chidi Ngozi Tendai Mei Wei Anjali Deepak Siân Llŷr Gwenllïan Dafydd Rhys
    Ffion Ioan Ceridwen Angharad Gethin Rhiannon Eluned Iolo Bethan Catrin Dylan Nia Osian Mabli
    Gruffudd Elin Tomos Lowri Cerys Hywel Siobhán Seán Niamh Aoife Pádraig Caoimhe Róisín Ciarán
    Méabh Eoghan Saoirse Oisín Clodagh Cathal Áine Dónal Orlaith Łukasz Małgorzata Żaneta
    Grzegorz Wojciech Agnieszka Krzysztof Zofia Paweł Michał Katarzyna Bartłomiej Jędrzej Ewa
    Stanisław Jolanta Bożena Przemysław
"""
)

LAST_NAMES = _words(
    """
    Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
    Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson
    Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
    James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
    Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson
    Simpson Ellis Adams Singh Begum Ali Hussain Ahmed Okafor Mensah Chen Nguyen Campbell Stewart
    MacDonald Fraser Reid Robertson Murray Paterson Ferguson McLeod Sinclair Buchanan Llywelyn
    ap_Gruffydd Pryce Powell Bowen Vaughan Gwynedd Prosser Lloyd Meredith Rhydderch Llŷr
    ap_Dafydd Gwyn Ó_Briain Ní_Dhomhnaill Mac_Giolla Ó_Súilleabháin Ní_Bhriain Ó_Ceallaigh
    Ó_Néill Mac_Cárthaigh Ó_Dónaill O'Connor O'Sullivan Byrne Doyle McCarthy Gallagher Kowalczyk
    Wójcik Nowak Zieliński Wiśniewska Świątek Lewandowski Dąbrowska Kamiński Szymańska Woźniak
    Kaczmarek Grabowski Pawłowska Jabłoński
"""
)

PLACES = _words(
    """
    Ashford Aberdare Abergavenny Alderbrook Arbroath Ballymena Bangor Barnstaple Barrow Bedworth
    Belper Bideford Birkenhead Blaenau Bodmin Bolton Brecon Bridgend Brixham Bromley Burnley
    Bury Buxton Caerphilly Camborne Cardigan Carmarthen Chepstow Chorley Clitheroe Colwyn Conwy
    Corby Crewe Cwmbran Darwen Denbigh Derwent Dolgellau Dover Dudley Dunfermline Ebbw Elgin Ely
    Enniskillen Falkirk Fishguard Frome Gateshead Glossop Grantham Greenock Halifax Harlow
    Hartlepool Haverfordwest Hexham Holyhead Hyde Ilkeston Irvine Keighley Kendal Kilmarnock
    Kingsbridge Larne Launceston Leek Lewes Llandudno Llanelli Llangollen Lowestoft Ludlow
    Machynlleth Maesteg Maidstone Margate Merthyr Mold Morecambe Neath Newry Newtown Northfield
    Oldham Omagh Penarth Penrith Pontypool Pontypridd Porthcawl Preston Pwllheli Redruth Rhyl
    Riverside Rochdale Rotherham Ruthin Salford Selby Skipton Stafford Stroud Swindon Tamworth
    Tenby Thornbury Tonypandy Tredegar Truro Wakefield Walsall Warrington Welshpool Whitby Wigan
    Wrexham Ystrad Yeovil
"""
)

# Organisation name patterns by kind; {p} is a place.
ORG_PATTERNS_BY_KIND = {
    "charity": _items(
        """
        {p} Mind; {p} Carers Centre; {p} Citizens Advice; Age UK {p}; {p} Foodbank; {p} Samaritans;
        {p} Women's Aid
"""
    ),
    "business": _items(
        """
        {p} Credit Union; {p} Chamber of Trade; {p} Social Enterprise Hub
"""
    ),
    "peer_support": _items(
        """
        {p} Hearing Voices Group; {p} Men's Shed; {p} Recovery Café; {p} Peer Support Network; {p}
        Dementia Carers' Circle; {p} Bereavement Group
"""
    ),
    "community_group": _items(
        """
        {p} Walking Group; {p} Community Garden; {p} Youth Club; {p} Tenants' Association; {p}
        Community Association; {p} Residents' Forum; {p} Refugee Welcome; {p} Pride; {p} Parent
        Carer Forum
"""
    ),
    "primary_care": _items(
        """
        {p} Surgery; {p} Medical Practice; {p} Health Centre; {p} Primary Care Network; {p}
        Community Pharmacy
"""
    ),
    "nhs": _items(
        """
        {p} Community Mental Health Team; {p} Community Hospital; {p} Talking Therapies; {p} Health
        Visiting Team
"""
    ),
    "local_authority": _items(
        """
        {p} Town Council; {p} Library Service; {p} Leisure Centre
"""
    ),
    "housing": _items(
        """
        {p} Housing Association; {p} Homes; {p} Supported Housing; {p} Night Shelter
"""
    ),
    "faith_group": _items(
        """
        St Mary's Church, {p}; {p} Methodist Church; {p} Mosque; {p} Gurdwara; Capel {p}; {p}
        Interfaith Forum
"""
    ),
    "other": _items(
        """
        {p} Arts Collective; {p} Football Club Foundation; {p} Volunteer Centre
"""
    ),
}
ORG_PATTERNS = [
    (pattern, kind) for kind, patterns in ORG_PATTERNS_BY_KIND.items() for pattern in patterns
]

TAGS = _items(
    """
    mental health; carers; young people; older people; lgbtq+; ethnic minorities; housing;
    employment; physical activity; food; loneliness; veterans; disability; refugees; substance
    use; welsh language; debt advice; domestic abuse; peer support; social prescribing
"""
)

JOB_TITLES = _items(
    """
    Chief Executive; Manager; Service Manager; Volunteer Coordinator; Chair; Secretary;
    Treasurer; Practice Manager; Social Prescriber; Community Development Worker; Commissioning
    Manager; Team Leader; Peer Support Worker; Trustee; Project Officer; Engagement Lead;
    Clinical Lead; Councillor; Minister; Outreach Worker
"""
)

SUMMARY_OPENINGS = _items(
    """
    Talked about; Caught up on; Discussed; Asked about; Went through; Followed up on
"""
)

SUMMARY_TOPICS = _items(
    """
    referrals into the peer support groups; the winter pressures plan; volunteer numbers and the
    training offer; funding for next year; the social prescribing pathway; room bookings at the
    community centre; waiting times for talking therapies; the carers' assessment backlog;
    outreach to Polish-speaking families; Welsh-language provision; the draft strategy and its
    timescales; data sharing between services
"""
)

SUMMARY_ENDINGS = [""] + _items(
    """
    They will send figures by the end of the month.;
    Happy to be involved and wants to see the draft.;
    Concerned about capacity over the summer.;
    Agreed to share it with their trustees.;
    Asked for a follow-up meeting in the new year.;
    No concerns raised.
"""
)

FOLLOW_UP_ACTIONS = _items(
    """
    Send the draft; Call back about; Share the minutes on; Book a meeting about; Email figures
    on; Introduce to the lead for
"""
)

PROPOSAL_TOPICS = _items(
    """
    Social prescribing and peer support; Carers' breaks; Suicide prevention; Community mental
    health transformation; Loneliness in later life; Young people's wellbeing in schools; Warm
    spaces; Food insecurity; Dementia-friendly communities; Perinatal mental health;
    Homelessness prevention; Physical activity for health; Digital inclusion; Debt and mental
    health; Veterans' wellbeing
"""
)

PROPOSAL_KINDS = _items(
    """
    strategy; bid; plan; pilot; business case; service review
"""
)

DECISION_BODIES = _items(
    """
    Health and Wellbeing Board; Integrated Care Board; Cabinet; Regional Partnership Board;
    Community Safety Partnership; Trustees
"""
)

BEST_TIMES = ("", "", "", "Mornings", "Afternoons", "Not Fridays", "Tuesdays and Thursdays")


def person_name(rng: random.Random) -> str:
    """A first and last name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def email_local(name: str) -> str:
    """'Siân Ó Briain' -> 'sian.obriain' (ASCII, as mail systems usually have it)."""
    parts = fold(name).replace("'", "").split(" ", 1)
    local = ".".join(part.replace(" ", "") for part in parts)
    return "".join(ch for ch in local if ch.isalnum() or ch == ".")


def domain_for(org_name: str) -> str:
    """A fictional domain from an organisation's name (example.org.uk stays unroutable)."""
    slug = "".join(ch for ch in fold(org_name) if ch.isalnum())[:30]
    return f"{slug}.example.org.uk"


def phone(rng: random.Random) -> str:
    """A UK phone number from Ofcom's drama ranges, formatted as people write them."""
    kind = rng.random()
    if kind < 0.45:
        return f"07700 900{rng.randrange(1000):03d}"
    if kind < 0.7:
        return f"01632 960{rng.randrange(1000):03d}"
    if kind < 0.9:
        return f"020 7946 0{rng.randrange(1000):03d}"
    return f"029 2018 0{rng.randrange(1000):03d}"


def summary(rng: random.Random) -> str:
    """A conversation note of one or two sentences."""
    text = f"{rng.choice(SUMMARY_OPENINGS)} {rng.choice(SUMMARY_TOPICS)}."
    ending = rng.choice(SUMMARY_ENDINGS)
    return f"{text} {ending}" if ending else text
