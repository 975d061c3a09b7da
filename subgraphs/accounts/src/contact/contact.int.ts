import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createKafkaBus, type BusConsumer, type BusMessage, type MessageBus } from '@salesgraph/kafka';
import { parseEvent, topics } from '@salesgraph/events';
import { testKafkaBrokers, uniqueName, waitFor } from '@salesgraph/testkit';
import { createCompany, startAccountsHarness, type AccountsHarness, type Caller } from '../testing/accounts-harness.js';

const contactFields =
  'id name email phone jobTitle meddicRole marketingConsent marketingConsentAt version company { id }';
const add = `mutation($input: AddContactInput!) { addContact(input: $input) { contact { ${contactFields} } problem { reason message } eventId } }`;
const update = `mutation($input: UpdateContactInput!) { updateContact(input: $input) { contact { ${contactFields} } problem { reason } eventId } }`;
const erase = `mutation($id: ID!) { eraseContact(id: $id) { contactId eventId } }`;
const readContact = `query($id: ID!) { contact(id: $id) { id email phone } }`;

describe('accounts: Contact on real PostgreSQL and Kafka', () => {
  let harness: AccountsHarness;
  let bus: MessageBus;
  let observer: BusConsumer;
  const published: BusMessage[] = [];
  const tenant = uniqueName('tenant');
  const owner: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-owner' };
  const otherRep: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-other' };
  const manager: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
  const operations: Caller = { tenant, roles: ['OPERATIONS'], sub: 'ops-1' };
  const legal: Caller = { tenant, roles: ['LEGAL_COUNSEL'], sub: 'legal-1' };
  let companyId: string;

  const addContact = async (input: Record<string, unknown>, who: Caller = owner) => {
    const result = await harness.call(who, add, { input: { companyId, ...input } });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!['addContact'] as { contact: Record<string, any>; problem: null; eventId: string };
  };
  const counts = async () =>
    (
      await harness.sql.query(
        'select (select count(*)::int from accounts.contact) as contacts, (select count(*)::int from accounts.outbox) as events',
      )
    ).rows[0];

  before(async () => {
    harness = await startAccountsHarness('accounts_contact');
    bus = createKafkaBus({
      brokers: [testKafkaBrokers()],
      clientId: 'accounts-contact-test',
      namespace: harness.namespace,
    });
    await bus.ensureTopics([topics.contact]);
    observer = await bus.consumer({ groupId: 'observer', topics: [topics.contact], fromBeginning: true });
    await observer.run(async (message) => {
      published.push(message);
    });
    companyId = await createCompany(harness, owner);
  });

  after(async () => {
    await observer?.stop();
    await bus?.close();
    await harness?.close();
  });

  it('adds a contact with its MEDDIC role and consent, and writes contact.created with ids and role only to the outbox', async () => {
    const { contact, eventId } = await addContact({
      name: 'Maria Souza',
      email: 'Maria.Souza@Acme.com.br',
      phone: '+55 (11) 98765-4321',
      jobTitle: 'CFO',
      meddicRole: 'ECONOMIC_BUYER',
      marketingConsent: true,
    });
    assert.equal(contact.name, 'Maria Souza');
    assert.equal(contact.email, 'maria.souza@acme.com.br');
    assert.equal(contact.phone, '+5511987654321');
    assert.equal(contact.meddicRole, 'ECONOMIC_BUYER');
    assert.equal(contact.marketingConsent, true);
    assert.ok(contact.marketingConsentAt);
    assert.deepEqual(contact.company, { id: companyId });
    assert.equal(contact.version, 1);
    const outbox = await harness.sql.query(
      'select topic, message_key, payload from accounts.outbox where event_id = $1',
      [eventId],
    );
    assert.equal(outbox.rowCount, 1);
    assert.equal(outbox.rows[0].topic, topics.contact);
    assert.equal(outbox.rows[0].message_key, contact.id);
    const event = parseEvent(outbox.rows[0].payload);
    assert.equal(event.eventType, 'contact.created');
    assert.equal(event.aggregateVersion, 1);
    assert.deepEqual(event.data, { contact: { id: contact.id, companyId, meddicRole: 'ECONOMIC_BUYER' } });
    const raw = JSON.stringify(outbox.rows[0].payload);
    for (const personal of ['Maria', 'maria.souza', '987654321'])
      assert.equal(raw.includes(personal), false, `${personal} in the event`);
  });

  it('defaults marketing consent to false and the MEDDIC role to none', async () => {
    const { contact } = await addContact({ name: 'Sem Papel' });
    assert.deepEqual(
      [contact.marketingConsent, contact.marketingConsentAt, contact.meddicRole, contact.email],
      [false, null, null, null],
    );
  });

  it('updates a contact at the version read, records contact.updated with the changed fields, and refuses a stale version changing nothing', async () => {
    const { contact } = await addContact({ name: 'João Lima', meddicRole: 'INFLUENCER' });
    const updated = await harness.call(owner, update, {
      input: {
        id: contact.id,
        version: 1,
        meddicRole: 'CHAMPION',
        jobTitle: 'Diretor de RH',
        marketingConsent: true,
      },
    });
    const result = updated.data!['updateContact'];
    assert.equal(result.problem, null);
    assert.deepEqual(
      [result.contact.meddicRole, result.contact.jobTitle, result.contact.version],
      ['CHAMPION', 'Diretor de RH', 2],
    );
    const event = parseEvent(
      (await harness.sql.query('select payload from accounts.outbox where event_id = $1', [result.eventId])).rows[0]
        .payload,
    );
    assert.equal(event.eventType, 'contact.updated');
    assert.equal(event.aggregateVersion, 2);
    assert.deepEqual(event.data, {
      contact: { id: contact.id, companyId, meddicRole: 'CHAMPION' },
      changed: ['jobTitle', 'meddicRole', 'marketingConsent'],
    });

    const before = await counts();
    const stale = await harness.call(owner, update, { input: { id: contact.id, version: 1, meddicRole: 'USER' } });
    assert.deepEqual(stale.data!['updateContact'], {
      contact: null,
      problem: { reason: 'STALE_VERSION' },
      eventId: null,
    });
    assert.deepEqual(await counts(), before);
    const row = await harness.sql.query('select meddic_role, version from accounts.contact where id = $1', [
      contact.id,
    ]);
    assert.deepEqual(row.rows[0], { meddic_role: 'CHAMPION', version: 2 });
  });

  it('clears an optional field given as null and writes no event when nothing changes', async () => {
    const { contact } = await addContact({ name: 'Ana Clara', email: 'ana@acme.com.br', meddicRole: 'USER' });
    const cleared = await harness.call(owner, update, {
      input: { id: contact.id, version: 1, email: null, meddicRole: null },
    });
    assert.deepEqual(
      [cleared.data!['updateContact'].contact.email, cleared.data!['updateContact'].contact.meddicRole],
      [null, null],
    );
    const before = await counts();
    const same = await harness.call(owner, update, { input: { id: contact.id, version: 2, name: 'Ana Clara' } });
    assert.deepEqual([same.data!['updateContact'].contact.version, same.data!['updateContact'].eventId], [2, null]);
    assert.deepEqual(await counts(), before);
  });

  it('masks email and phone for a SALES_REP who does not own the company and a SALES_MANAGER, and shows them to OPERATIONS, LEGAL_COUNSEL and the owner', async () => {
    const { contact } = await addContact({
      name: 'Paula Reis',
      email: 'paula.reis@acme.com.br',
      phone: '11 3322-4455',
    });
    const read = async (who: Caller) => (await harness.call(who, readContact, { id: contact.id })).data!['contact'];
    const masked = { id: contact.id, email: 'p***@acme.com.br', phone: '********55' };
    const clear = { id: contact.id, email: 'paula.reis@acme.com.br', phone: '1133224455' };
    assert.deepEqual(await read(otherRep), masked);
    assert.deepEqual(await read(manager), masked);
    assert.deepEqual(await read(operations), clear);
    assert.deepEqual(await read(legal), clear);
    assert.deepEqual(await read(owner), clear);

    const throughCompany = `query($id: ID!) { company(id: $id) { contacts { id email phone } } }`;
    const listed = (await harness.call(otherRep, throughCompany, { id: companyId })).data!['company'].contacts as {
      id: string;
      email: string;
    }[];
    assert.deepEqual(
      listed.find((entry) => entry.id === contact.id),
      masked,
    );
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { id email phone } } }`;
    const resolved = await harness.call(otherRep, entities, { r: [{ __typename: 'Contact', id: contact.id }] });
    assert.deepEqual(resolved.data!['_entities'], [masked]);
  });

  it('refuses a malformed email or phone and an empty name as BAD_USER_INPUT naming the field, without echoing the value or persisting anything', async () => {
    const before = await counts();
    for (const [input, field] of [
      [{ name: 'X', email: 'segredo-sem-arroba' }, 'email'],
      [{ name: 'X', phone: '12-34' }, 'phone'],
      [{ name: '   ' }, 'name'],
    ] as const) {
      const result = await harness.call(owner, add, { input: { companyId, ...input } });
      assert.equal(result.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
      assert.equal(result.errors?.[0]?.extensions?.['field'], field);
      assert.equal(result.errors?.[0]?.message.includes('segredo'), false);
    }
    assert.deepEqual(await counts(), before);
  });

  it("neither reads, adds to, updates nor erases another tenant's contacts", async () => {
    const { contact } = await addContact({ name: 'Carlos Privado', email: 'carlos@acme.com.br' });
    const intruder: Caller = { tenant: uniqueName('intruder'), roles: ['SYSTEM_ADMIN'], sub: 'x' };
    const before = await counts();
    assert.equal((await harness.call(intruder, readContact, { id: contact.id })).data!['contact'], null);
    const added = await harness.call(intruder, add, { input: { companyId, name: 'Infiltrado' } });
    assert.equal(added.data!['addContact'].problem.reason, 'COMPANY_NOT_FOUND');
    const updated = await harness.call(intruder, update, { input: { id: contact.id, version: 1, name: 'Hacked' } });
    assert.equal(updated.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    const erased = await harness.call(intruder, erase, { id: contact.id });
    assert.equal(erased.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    assert.deepEqual(await counts(), before);
    const row = await harness.sql.query('select name from accounts.contact where id = $1', [contact.id]);
    assert.equal(row.rows[0].name, 'Carlos Privado');
  });

  it("answers addContact with another tenant's company and with a random id alike: COMPANY_NOT_FOUND, nothing written", async () => {
    const stranger: Caller = { tenant: uniqueName('stranger'), roles: ['SALES_MANAGER'], sub: 'rep-owner' };
    const foreignCompany = await createCompany(harness, stranger);
    const before = await counts();
    const answers = [];
    for (const id of [foreignCompany, randomUUID()]) {
      const result = await harness.call(owner, add, { input: { companyId: id, name: 'Ninguém' } });
      assert.equal(result.errors, undefined);
      answers.push(result.data!['addContact']);
    }
    assert.deepEqual(answers[0], {
      contact: null,
      problem: { reason: 'COMPANY_NOT_FOUND', message: 'The company (companyId) was not found' },
      eventId: null,
    });
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(await counts(), before);
  });

  it('erases a contact only for the allowed roles, deleting its personal data and publishing created, updated and erased in order on Kafka', async () => {
    const { contact } = await addContact({ name: 'Rita Apagada', email: 'rita@acme.com.br', meddicRole: 'USER' });
    await harness.call(owner, update, { input: { id: contact.id, version: 1, meddicRole: 'DECISION_MAKER' } });
    const refused = await harness.call(otherRep, erase, { id: contact.id });
    assert.equal(refused.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.equal((await harness.sql.query('select 1 from accounts.contact where id = $1', [contact.id])).rowCount, 1);

    const erased = await harness.call(legal, erase, { id: contact.id });
    assert.equal(erased.data!['eraseContact'].contactId, contact.id);
    assert.equal((await harness.sql.query('select 1 from accounts.contact where id = $1', [contact.id])).rowCount, 0);
    assert.equal((await harness.call(legal, readContact, { id: contact.id })).data!['contact'], null);

    const events = await waitFor(
      () => {
        const mine = published
          .filter((message) => message.key === contact.id)
          .map((message) => parseEvent(JSON.parse(message.value!.toString('utf8'))));
        return mine.length === 3 ? mine : undefined;
      },
      { description: 'three events of the contact on Kafka' },
    );
    assert.deepEqual(
      events.map((event) => [event.eventType, event.aggregateVersion]),
      [
        ['contact.created', 1],
        ['contact.updated', 2],
        ['contact.erased', 3],
      ],
    );
    assert.deepEqual(events[2]!.data, { contactId: contact.id, companyId });
  });
});
