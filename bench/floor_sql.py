"""The floor's SQL: the rows each benchmarked page shows, fetched as directly as we can.

Plain SQL that runs unchanged on SQLite and PostgreSQL (:name parameters;
the floor app rewrites them for psycopg). {where} and {ids} are filled in by
the floor app with fixed fragments or integers, never with user text.
"""

# The same rows as the app's search (crm/core/fulltext.py): also-known-as names too.
ORG_SEARCH = """AND (o.name_key LIKE :f ESCAPE '\\' OR o.email LIKE :p ESCAPE '\\'
  OR o.tags LIKE :p ESCAPE '\\' OR o.tags LIKE :f ESCAPE '\\'
  OR lower(o.aliases) LIKE :f ESCAPE '\\')"""
ORG_COUNT = "SELECT COUNT(*) AS n FROM organisations o WHERE o.archived = :no {where}"
# The page's ids first (an index walk), then the two aggregates for those 50 rows only.
ORG_PAGE = """SELECT x.id, x.name, x.kind, x.tags, x.phone, u.name AS owner,
  (SELECT COUNT(*) FROM contacts c WHERE c.organisation_id = x.id AND NOT c.archived) AS contacts,
  (SELECT MAX(v.occurred_on) FROM conversations v
    JOIN conversation_organisations co ON co.conversation_id = v.id
    WHERE co.organisation_id = x.id AND v.deleted_at IS NULL) AS last_contact
FROM (SELECT o.id FROM organisations o WHERE o.archived = :no {where}
  ORDER BY o.name_key, o.id LIMIT :limit OFFSET :offset) page
JOIN organisations x ON x.id = page.id LEFT JOIN users u ON u.id = x.owner_id
ORDER BY x.name_key, x.id"""

# The same rows as the app's search: the person's name or email, or their organisation's
# name, also-known-as, tags or email.
CONTACT_SEARCH = """AND (c.name_key LIKE :f ESCAPE '\\' OR c.email LIKE :p ESCAPE '\\'
  OR o.name_key LIKE :f ESCAPE '\\' OR lower(o.aliases) LIKE :f ESCAPE '\\'
  OR o.tags LIKE :f ESCAPE '\\' OR lower(o.email) LIKE :p ESCAPE '\\')"""
CONTACT_JOIN = "LEFT JOIN organisations o ON o.id = c.organisation_id"
CONTACT_COUNT = "SELECT COUNT(*) AS n FROM contacts c {join} WHERE c.archived = :no {where}"
CONTACT_PAGE = """SELECT c.id, c.name, c.job_title, c.phone, c.email, c.preferred_channel,
  c.do_not_contact, o.id AS organisation_id, o.name AS organisation
FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id
WHERE c.archived = :no {where}
ORDER BY c.name_key, c.id LIMIT :limit OFFSET :offset"""

ORG_DETAIL = """SELECT o.*, u.name AS owner FROM organisations o
LEFT JOIN users u ON u.id = o.owner_id WHERE o.id = :id"""
ORG_CONTACTS = """SELECT id, name, job_title, phone, email, preferred_channel, best_times,
  do_not_contact FROM contacts WHERE organisation_id = :id AND NOT archived ORDER BY name"""
TIMELINE_COLUMNS = """v.id, v.occurred_on, v.occurred_at, v.channel, v.outcome, v.summary,
  u.name AS logged_by"""
ORG_TIMELINE = f"""SELECT {TIMELINE_COLUMNS} FROM conversations v
JOIN conversation_organisations co ON co.conversation_id = v.id
LEFT JOIN users u ON u.id = v.logged_by_id
WHERE co.organisation_id = :id AND v.deleted_at IS NULL
ORDER BY v.occurred_on DESC, v.id DESC LIMIT :limit"""
PARTICIPANTS = """SELECT cc.conversation_id, c.id, c.name FROM conversation_contacts cc
LEFT JOIN contacts c ON c.id = cc.contact_id WHERE cc.conversation_id IN ({ids})"""

CONTACT_DETAIL = """SELECT c.*, o.name AS organisation FROM contacts c
LEFT JOIN organisations o ON o.id = c.organisation_id WHERE c.id = :id"""
CONTACT_TIMELINE = f"""SELECT {TIMELINE_COLUMNS} FROM conversations v
JOIN conversation_contacts cc ON cc.conversation_id = v.id
LEFT JOIN users u ON u.id = v.logged_by_id
WHERE cc.contact_id = :id AND v.deleted_at IS NULL
ORDER BY v.occurred_on DESC, v.id DESC LIMIT :limit"""

PROPOSAL_DETAIL = """SELECT p.*, u.name AS author FROM proposals p
LEFT JOIN users u ON u.id = p.author_id WHERE p.id = :id"""
PROPOSAL_MILESTONES = "SELECT * FROM milestones WHERE proposal_id = :id ORDER BY due_on"
PROPOSAL_STAKES = """SELECT s.id, s.role, s.influence, s.interest, s.engagement_level, s.stance,
  s.agreement, s.agreement_date, s.waived_at, o.id AS organisation_id, o.name AS organisation,
  c.name AS key_contact, c.phone, c.preferred_channel
FROM stakes s JOIN organisations o ON o.id = s.organisation_id
LEFT JOIN contacts c ON c.id = s.key_contact_id
WHERE s.proposal_id = :id ORDER BY o.name_key"""
PROPOSAL_CONVERSATIONS = f"""SELECT {TIMELINE_COLUMNS}, cp.stance FROM conversations v
JOIN conversation_proposals cp ON cp.conversation_id = v.id
LEFT JOIN users u ON u.id = v.logged_by_id
WHERE cp.proposal_id = :id AND v.deleted_at IS NULL
ORDER BY v.occurred_on DESC, v.id DESC LIMIT :limit"""

DASHBOARD_FOLLOW_UPS = """SELECT f.id, f.description, f.due_on, o.name AS organisation
FROM follow_ups f LEFT JOIN organisations o ON o.id = f.organisation_id
WHERE f.owner_id = :user AND NOT f.done ORDER BY f.due_on LIMIT :limit"""
DASHBOARD_MILESTONES = """SELECT m.name, m.due_on, p.id AS proposal_id, p.title
FROM milestones m JOIN proposals p ON p.id = m.proposal_id
WHERE m.due_on >= :today ORDER BY m.due_on LIMIT :limit"""
DASHBOARD_RECENT = f"""SELECT {TIMELINE_COLUMNS} FROM conversations v
LEFT JOIN users u ON u.id = v.logged_by_id WHERE v.deleted_at IS NULL
ORDER BY v.id DESC LIMIT :limit"""
DASHBOARD_OVERDUE = """SELECT o.id, o.name, o.stay_in_touch_days,
  MAX(v.occurred_on) AS last_reached
FROM organisations o
LEFT JOIN conversation_organisations co ON co.organisation_id = o.id
LEFT JOIN conversations v ON v.id = co.conversation_id AND v.outcome = 'reached'
  AND v.deleted_at IS NULL
WHERE o.stay_in_touch_days IS NOT NULL AND NOT o.archived
GROUP BY o.id, o.name, o.stay_in_touch_days ORDER BY last_reached LIMIT :limit"""

INSERT_CONVERSATION = """INSERT INTO conversations
  (occurred_on, channel, outcome, summary, logged_by_id, created_at, updated_at, created_by_id)
VALUES (:day, 'call', 'reached', :summary, :user, :now, :now, :user)"""
INSERT_PARTICIPANT = """INSERT INTO conversation_contacts (conversation_id, contact_id)
VALUES (:conversation, :contact)"""
INSERT_CONVERSATION_ORG = """INSERT INTO conversation_organisations
  (conversation_id, organisation_id) VALUES (:conversation, :organisation)"""
INSERT_CONTACT = """INSERT INTO contacts
  (name, name_key, job_title, email, phone, phone_other, preferred_channel, best_times, notes,
   lawful_basis, lawful_basis_note, do_not_contact, archived, version, created_at, updated_at)
VALUES (:name, :key, '', :email, '', '', 'phone', '', '', 'legitimate_interests', '', false,
  false, 1, :now, :now)"""
UPDATE_ORGANISATION = """UPDATE organisations SET description = :text, version = version + 1,
  updated_at = :now WHERE id = :id"""
