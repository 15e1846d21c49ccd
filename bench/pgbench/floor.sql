-- The floor: the least durable work one case needs, written by hand (issue 25). One pgbench
-- transaction = one case: 6 commits, 31 statements (19 without BEGIN and COMMIT), every commit flushed (synchronous_commit on),
-- event bodies about the size of the city's CloudEvents (700 bytes). `make bench` runs it like the
-- ceiling (8 clients, 10 s) on the tables of floor-schema.sql; its tps is cases/s.

-- intake, POST /v1/cases: the person (sealed fields), the case, its six consents and
-- intake.case.opened.v1 in the outbox, one commit.
BEGIN;
INSERT INTO floor.persons (id, given_name, family_name, birth_date, sex, citizenship, languages)
  VALUES (gen_random_uuid(), decode(repeat('a1', 60), 'hex'), decode(repeat('b2', 60), 'hex'), decode(repeat('c3', 40), 'hex'), 'female', 'KG', '{ky}')
  RETURNING id AS person \gset
INSERT INTO floor.cases (id, person_id, channel, language, needs, vulnerabilities, status, priority)
  VALUES (gen_random_uuid(), ':person', 'hotline', 'ky', '{legal,housing,medical,employment}', '{pregnant,with-children}', 'open', 'urgent')
  RETURNING id AS case_id \gset
INSERT INTO floor.consents (case_id, purpose, granted)
  SELECT ':case_id', purpose, true FROM unnest('{legal,housing,medical,employment,partner-sharing,research}'::text[]) AS purpose;
INSERT INTO floor.outbox (service, event_id, event_type, body)
  VALUES ('intake', gen_random_uuid(), 'intake.case.opened.v1', repeat('o', 700)) RETURNING event_id AS opened \gset
COMMIT;

-- legal-referral: the event in its inbox, the referral, legal.referral.created.v1, one commit.
BEGIN;
INSERT INTO floor.inbox (service, event_id) VALUES ('legal', ':opened');
INSERT INTO floor.effects (service, id, case_id, kind, detail) VALUES ('legal', gen_random_uuid(), ':case_id', 'referral', repeat('l', 200));
INSERT INTO floor.outbox (service, event_id, event_type, body) VALUES ('legal', gen_random_uuid(), 'legal.referral.created.v1', repeat('l', 700)) RETURNING event_id AS referred \gset
COMMIT;

-- shelter: the event in its inbox, the bed held, shelter.booking.held.v1, one commit.
BEGIN;
INSERT INTO floor.inbox (service, event_id) VALUES ('shelter', ':opened');
INSERT INTO floor.effects (service, id, case_id, kind, detail) VALUES ('shelter', gen_random_uuid(), ':case_id', 'booking', repeat('s', 200));
INSERT INTO floor.outbox (service, event_id, event_type, body) VALUES ('shelter', gen_random_uuid(), 'shelter.booking.held.v1', repeat('s', 700)) RETURNING event_id AS held \gset
COMMIT;

-- medical-insurance: the event in its inbox, the coverage checked, medical.coverage.checked.v1.
BEGIN;
INSERT INTO floor.inbox (service, event_id) VALUES ('medical', ':opened');
INSERT INTO floor.effects (service, id, case_id, kind, detail) VALUES ('medical', gen_random_uuid(), ':case_id', 'coverage', repeat('m', 200));
INSERT INTO floor.outbox (service, event_id, event_type, body) VALUES ('medical', gen_random_uuid(), 'medical.coverage.checked.v1', repeat('m', 700)) RETURNING event_id AS checked \gset
COMMIT;

-- labor-exchange: the event in its inbox, the vacancies recommended, labor.match.recommended.v1.
BEGIN;
INSERT INTO floor.inbox (service, event_id) VALUES ('labor', ':opened');
INSERT INTO floor.effects (service, id, case_id, kind, detail) VALUES ('labor', gen_random_uuid(), ':case_id', 'recommendation', repeat('r', 200));
INSERT INTO floor.outbox (service, event_id, event_type, body) VALUES ('labor', gen_random_uuid(), 'labor.match.recommended.v1', repeat('r', 700)) RETURNING event_id AS matched \gset
COMMIT;

-- intake again: the four services' events in its inbox and on the case's timeline; and the relays'
-- marks of the case's five events as published once the broker confirmed them (in the city each
-- relay marks a confirmed batch in one statement of its own, whose commit a batch shares: here the
-- rows it writes, in this commit). One commit.
BEGIN;
INSERT INTO floor.inbox (service, event_id) VALUES ('intake', ':referred'), ('intake', ':held'), ('intake', ':checked'), ('intake', ':matched');
INSERT INTO floor.timeline (case_id, event_id, type) VALUES (':case_id', ':referred', 'legal.referral.created.v1'),
  (':case_id', ':held', 'shelter.booking.held.v1'), (':case_id', ':checked', 'medical.coverage.checked.v1'), (':case_id', ':matched', 'labor.match.recommended.v1');
UPDATE floor.outbox SET published_at = now() WHERE event_id IN (':opened', ':referred', ':held', ':checked', ':matched');
COMMIT;
