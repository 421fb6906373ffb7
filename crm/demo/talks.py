"""The demo's year of everyday conversations with partners, not about any proposal."""

# The dates are days before the demo's today, so notes avoid naming months or seasons.
# Northgate has no reached conversation in the last 40 days, Hillview none in 80 and the
# Carers' Centre none in 105: with their cadences they show as overdue relationships.
# (days ago, logged by, channel, outcome, people, summary)
# fmt: off
TALKS = [
    (355, "alex", "meeting", "reached", ["marcus", "siobhan", "dermot", "priya", "lukasz",
     "claire", "caoimhe", "chloe", "rhiannon"],
     "Mental health action group. Agreed terms of reference and that the group reports to the "
     "Health and Wellbeing Board. Partners shared what each already does: a lot of overlap "
     "between peer support, the café and link workers, but little joining up."),
    (300, "alex", "meeting", "reached", ["gwenllian", "hannah", "bethan", "tom", "imran",
     "femi", "caoimhe", "tariq", "chloe"],
     "Action group. Mapped community support across the borough: gaps in the north, and for "
     "people who don't speak English as a first language. Agreed to work towards a strategy "
     "outline."),
    (160, "alex", "meeting", "reached", ["marcus", "siobhan", "dermot", "priya", "aoife",
     "claire", "jas", "chloe", "sarah"],
     "Action group after the Board. Reported back on the outline; agreed a small working "
     "group on social prescribing and peer support to work up the detail."),
    (100, "alex", "meeting", "reached", ["niamh", "daniel", "priya", "lukasz", "claire",
     "tariq", "chloe", "keith"],
     "Action group. Updates on the action points. The working group on social prescribing "
     "and peer support has still not met, because of leave and vacancies."),
    # Riverside Peer Support Network
    (350, "mal", "call", "reached", ["marcus"],
     "Marcus talked through the annual report: 212 people came to groups last year, 40% "
     "referred by link workers. Asked to be kept in the loop on the strategy."),
    (320, "mal", "email", "reached", ["gwenllian"],
     "Gwenllian sent dates for the next peer mentor training and asked whether the council "
     "could offer a free room."),
    (290, "mal", "text", "reached", ["niamh"],
     "Niamh confirmed two volunteers for the wellbeing stall at the community fun day."),
    (270, "mal", "call", "reached", ["marcus"],
     "The network's main grant ends in eighteen months. Marcus is looking for partners for "
     "a joint bid."),
    (200, "mal", "meeting", "reached", ["gwenllian", "marcus"],
     "Visited the Tuesday group at the Boathouse: eleven people, two new via Northgate link "
     "workers. Gwenllian keen to share how they train peer mentors."),
    (130, "mal", "call", "reached", ["marcus"],
     "Marcus asked for a letter of support for the joint bid; Mal to draft it with Valerie."),
    (95, "mal", "email", "no_answer", ["gwenllian"],
     "Sent Gwenllian the draft letter of support. No reply yet."),
    (88, "mal", "email", "reached", ["gwenllian"],
     "Gwenllian is happy with the letter of support; the bid has gone in."),
    (45, "mal", "text", "reached", ["niamh"],
     "Niamh says the Thursday group has a waiting list for the first time."),
    # Northgate Social Prescribing
    (360, "alex", "meeting", "reached", ["hannah"],
     "Hannah walked through Northgate's referral numbers: about 90 a month across the four "
     "practices, mostly loneliness, debt and low mood."),
    (330, "alex", "call", "reached", ["daniel"],
     "Daniel says patients referred to the Hillview café often go once and don't go back "
     "unless someone goes with them the first time."),
    (280, "alex", "call", "reached", ["siobhan"],
     "Siobhán is updating the social prescribing directory; partners to check their entries "
     "within the month."),
    (175, "alex", "email", "reached", ["hannah"],
     "Hannah shared the funding position: link worker posts are secure for two years through "
     "the ICB's personalised care budget."),
    (120, "alex", "call", "reached", ["daniel"],
     "Daniel says peer support groups in the north of the borough are full; he is holding "
     "referrals."),
    (75, "alex", "call", "no_answer", ["siobhan"],
     "Rang Siobhán about the directory update. No answer: not one of her working days."),
    (70, "alex", "call", "reached", ["siobhan"],
     "Siobhán confirmed the directory is up to date and asked that any new scheme uses the "
     "same referral form."),
    (30, "alex", "email", "no_answer", ["daniel"],
     "Emailed Daniel the date of the next action group. No reply."),
    # Hillview Wellbeing Café
    (365, "mal", "in_person", "reached", ["dermot"],
     "First visit to the café. It runs on fourteen volunteers and a part-time manager; the "
     "room at the community centre is rented a year at a time."),
    (340, "mal", "call", "reached", ["bethan"],
     "Bethan asked about food hygiene training for new volunteers; pointed her to the CVS "
     "course."),
    (310, "mal", "call", "reached", ["gareth"],
     "Gareth raised how volunteers are supported after difficult conversations at the café. "
     "Suggested he take it to the committee."),
    (255, "mal", "call", "reached", ["gareth"],
     "Gareth has stepped down as a volunteer and asked not to be contacted about partnership "
     "matters again. Marked do not contact."),
    (240, "mal", "in_person", "reached", ["dermot", "bethan"],
     "Café busier than ever, about sixty visitors a week. Volunteers stretched on Thursdays."),
    (150, "mal", "call", "reached", ["bethan"],
     "Bethan says several visitors arrived via link workers with no warning; a heads-up "
     "call would help the volunteers prepare."),
    (110, "mal", "in_person", "reached", ["dermot"],
     "Dermot is worried the room hire is going up; the café may have to cut to two days."),
    (80, "mal", "call", "reached", ["bethan"],
     "Bethan confirmed the café will stay open three days a week despite the higher room "
     "hire, thanks to a donation from the parish."),
    (50, "mal", "call", "no_answer", ["dermot"],
     "Rang Dermot to catch up. No answer."),
    # Eastbrook Borough Council – Public Health
    (350, "valerie", "meeting", "reached", ["priya"],
     "Introductory meeting. Public Health's priorities for the year: loneliness, suicide "
     "prevention and healthy weight."),
    (315, "valerie", "email", "reached", ["tom"],
     "Tom shared the mental health commissioning intentions; the wellbeing grants round "
     "opens soon."),
    (285, "valerie", "call", "reached", ["tom"],
     "Wellbeing grants of up to £5,000. Tom is happy for the action group to promote the "
     "round."),
    (205, "valerie", "email", "reached", ["priya"],
     "Priya confirmed the Board slot for the strategy outline, but papers are now due a "
     "week earlier than planned."),
    (140, "valerie", "meeting", "reached", ["priya", "tom"],
     "Quarterly catch-up. The suicide prevention plan is being refreshed and Public Health "
     "would like the action group's view."),
    (70, "valerie", "call", "reached", ["tom"],
     "The grants round was three times oversubscribed; two action group members funded."),
    (45, "valerie", "email", "reached", ["janet"],
     "Cllr Fleming's office asked for a short note on the action group's work for her "
     "annual report."),
    # Eastbrook & Vale NHS Foundation Trust
    (345, "valerie", "video_call", "reached", ["lukasz"],
     "Łukasz explained the community mental health transformation: new peer support worker "
     "posts in each community mental health team."),
    (260, "valerie", "call", "reached", ["imran"],
     "The Recovery College's new prospectus has courses co-delivered with Riverside peer "
     "mentors. Imran wants more community venues."),
    (190, "valerie", "email", "no_answer", ["aoife"],
     "Emailed Dr Brennan for clinical comments on peer support referral criteria."),
    (172, "valerie", "email", "reached", ["aoife"],
     "Dr Brennan supports community peer support but wants clear routes back into the "
     "community mental health team if someone's health gets worse."),
    (105, "valerie", "video_call", "reached", ["lukasz"],
     "Peer support worker posts recruited. Łukasz offered to link them with Riverside for "
     "shared supervision."),
    (55, "valerie", "call", "reached", ["imran"],
     "Imran confirmed the Canolfan as a Recovery College venue for a Welsh-language course."),
    # NHS Eastbrook and Vale Integrated Care Board
    (330, "valerie", "video_call", "reached", ["kwame"],
     "Kwame explained the personalised care budget: social prescribing money is protected, "
     "but anything new needs an evidenced case."),
    (270, "valerie", "email", "reached", ["rebecca"],
     "Rebecca shared the mental health investment figures for the borough."),
    (150, "valerie", "video_call", "reached", ["kwame"],
     "Kwame wants outcome data from link workers and suggested one measure across the "
     "borough."),
    (90, "valerie", "email", "no_answer", ["rebecca"],
     "Asked Rebecca's PA for a meeting about next year's priorities. No response."),
    (62, "valerie", "email", "reached", ["rebecca"],
     "Rebecca's PA offered a meeting slot with her; accepted."),
    # Mind in Eastbrook
    (325, "alex", "meeting", "reached", ["femi"],
     "Femi outlined Mind's plans: the evening crisis café now opens four nights a week."),
    (275, "alex", "call", "reached", ["claire"],
     "Claire says befriending referrals are up a third; recruiting volunteers through the "
     "CVS."),
    (225, "alex", "email", "reached", ["femi"],
     "Femi sent Mind's priorities for the strategy: keep crisis support visible."),
    (135, "alex", "call", "reached", ["claire"],
     "Claire asked whether Riverside peer mentors could cover one crisis café evening a "
     "month."),
    (65, "alex", "meeting", "reached", ["femi", "claire"],
     "Mind's trustees approved a three-year plan with peer support at its centre."),
    # Eastbrook GP Federation
    (320, "valerie", "email", "reached", ["rhodri"],
     "Dr Jenkins is the new clinical director. Prefers email and will send a deputy to most "
     "meetings."),
    (265, "valerie", "call", "reached", ["sunita"],
     "Sunita explained how link workers are employed across the primary care networks."),
    (180, "valerie", "email", "reached", ["rhodri"],
     "Dr Jenkins is happy for practices to display the peer support leaflets."),
    (85, "valerie", "call", "reached", ["sunita"],
     "Two practices have lost their link worker; recruitment is under way."),
    # Canolfan Cymraeg Eastbrook
    (340, "mal", "in_person", "reached", ["sian"],
     "Met Siân at the Canolfan. About 80 members; the Welsh-language wellbeing walk draws "
     "people who would never go to a 'mental health' group."),
    (280, "mal", "text", "reached", ["dafydd"],
     "Dafydd sent the walk dates and asked us to share them with link workers."),
    (205, "mal", "call", "no_answer", ["sian"],
     "Rang Siân in the morning. No answer (she is best after 2pm)."),
    (204, "mal", "call", "reached", ["sian"],
     "Rang again after 2pm. Siân would like the Canolfan listed in the social prescribing "
     "directory."),
    (120, "mal", "email", "reached", ["sian"],
     "Siân confirmed the Canolfan is now in the directory; two referrals already."),
    (48, "mal", "text", "reached", ["dafydd"],
     "Dafydd says the last walk had eighteen people, three referred by Daniel at Northgate."),
    # St Brigid's Parish Hall
    (360, "alex", "call", "reached", ["padraig"],
     "Booked the parish hall for the action group's meetings."),
    (240, "alex", "call", "reached", ["padraig"],
     "Pádraig confirmed the hall for the outline session; a small charge for heating."),
    (150, "alex", "in_person", "reached", ["mary"],
     "Mary asked whether the lunch club could host a link worker once a month."),
    (95, "alex", "call", "left_message", ["padraig"],
     "Left a message about booking the hall for the next two meetings."),
    (92, "alex", "call", "reached", ["padraig"],
     "Pádraig rang back: the hall is booked for the next two action group meetings."),
    # Vale Homes Housing Association
    (335, "valerie", "meeting", "reached", ["lisa"],
     "Lisa explained the tenancy sustainment team: five officers, and most cases involve "
     "mental health."),
    (250, "valerie", "call", "reached", ["grzegorz"],
     "Grzegorz asked for a list of peer support groups for tenants; sent the directory."),
    (160, "valerie", "email", "reached", ["lisa"],
     "Lisa shared anonymised figures: 30% of tenancies at risk involve a mental health need."),
    (100, "valerie", "call", "reached", ["grzegorz"],
     "Polish-speaking tenants are reluctant to use services. Grzegorz suggested the Polish "
     "Community Association as a way in."),
    # Eastbrook Carers' Centre
    (350, "alex", "call", "reached", ["caoimhe"],
     "Caoimhe runs a monthly group for people caring for someone with a mental illness; "
     "fifteen regulars."),
    (310, "alex", "email", "reached", ["paul"],
     "Paul sent the annual report: carers of people with a mental illness are the "
     "fastest-growing group."),
    (190, "alex", "call", "no_answer", ["caoimhe"],
     "Rang Caoimhe. No answer."),
    (130, "alex", "meeting", "reached", ["caoimhe"],
     "Visited the carers' group. Carers feel shut out when the person they care for is "
     "referred on; they want to know where they have gone."),
    (108, "alex", "email", "reached", ["paul"],
     "Paul asked that carers are named in any plan that changes referral routes."),
    (70, "alex", "call", "left_message", ["caoimhe"],
     "Left a message for Caoimhe to catch up. No call back yet."),
    # Eastbrook Lived Experience Panel and Chloë
    (340, "mal", "meeting", "reached", ["jas", "tariq"],
     "Panel agreed its workplan. Members want to be involved before papers are written, "
     "not asked to comment afterwards."),
    (270, "mal", "email", "reached", ["tariq"],
     "Tariq confirmed the rate for panel members: £20 an hour plus travel."),
    (200, "mal", "text", "reached", ["chloe"],
     "Chloë will carry on as the lived-experience representative on the action group; asked "
     "for papers a week ahead."),
    (180, "mal", "call", "reached", ["jas"],
     "Jas on the outline: glad the panel is named, wants earlier sight next time."),
    (115, "mal", "meeting", "reached", ["jas", "tariq"],
     "Panel session on co-production; they produced a one-page 'how to work with us'."),
    (60, "mal", "email", "reached", ["tariq"],
     "Tariq sent the panel's 'how to work with us' page; circulated to the action group."),
    # Eastbrook Council for Voluntary Service
    (345, "valerie", "email", "reached", ["rhiannon"],
     "Rhiannon offered the CVS funding search for any joint bid from the action group."),
    (260, "valerie", "call", "reached", ["oliver"],
     "Oliver ran through three trusts that fund peer support and sent the list."),
    (125, "valerie", "meeting", "reached", ["oliver", "marcus"],
     "Funding surgery with Oliver and Marcus for Riverside's joint bid."),
    (75, "valerie", "email", "reached", ["rhiannon"],
     "Rhiannon invited the action group to speak at the voluntary sector forum."),
    # Eastbrook Community Foodbank
    (300, "mal", "call", "reached", ["sarah"],
     "Volunteers see people in distress at every session. Sarah would welcome a link worker "
     "at the Riverside centre."),
    (210, "mal", "call", "left_message", ["sarah"],
     "Left a message for Sarah about link worker sessions at the foodbank."),
    (207, "mal", "call", "reached", ["sarah"],
     "Sarah confirmed a link worker can attend the Riverside distribution on Tuesdays."),
    (90, "mal", "email", "reached", ["sarah"],
     "The foodbank's mental health first aid course was full; Sarah asked about more places."),
    # Eastbrook Central Mosque
    (310, "valerie", "in_person", "reached", ["yusuf"],
     "Met the imam after Friday prayers. He has spoken about mental health and stigma and "
     "would host a session with Mind."),
    (230, "valerie", "text", "reached", ["aisha"],
     "Aisha's women's wellbeing circle meets on Wednesdays: twenty women, mostly Bengali "
     "speakers."),
    (140, "valerie", "in_person", "reached", ["yusuf", "aisha"],
     "Mind's stigma session at the mosque went well, 35 people. Aisha wants a follow-up for "
     "the women's circle."),
    (50, "valerie", "text", "reached", ["aisha"],
     "Two women from the circle now go to the Hillview café."),
    # Vale Men's Shed
    (330, "mal", "call", "reached", ["keith"],
     "About thirty regulars, several via link workers. The Shed needs money for tools and "
     "insurance."),
    (240, "mal", "in_person", "reached", ["keith"],
     "Visited the Shed. Men talk more easily side by side at a workbench; Keith keen to link "
     "up with Riverside."),
    (130, "mal", "call", "reached", ["keith"],
     "Keith got a small grant from the council's wellbeing round."),
    (58, "mal", "call", "no_answer", ["keith"],
     "Rang the Shed. No answer."),
]
# fmt: on
