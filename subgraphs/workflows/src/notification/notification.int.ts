import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, topics, type EventData } from '@salesgraph/events';
import { startLocalHttpServer, uniqueName, waitFor, type LocalHttpServer } from '@salesgraph/testkit';
import { startWorkflowsHarness, type WorkflowsHarness } from '../testing/workflows-harness.js';
import { approvalRequested, beneficiaryEnrolled, contractSigned, dealCreated } from '../testing/events.js';
import { startLocalSmtp, type LocalSmtp } from '../testing/local-smtp.server.js';

const SET = `mutation($input: NotificationPreferencesInput!) { setMyNotificationPreferences(input: $input) { userId roles channels optedOut } }`;

describe('workflows: notifications over a real SMTP server and local SMS / WhatsApp APIs', () => {
  let h: WorkflowsHarness;
  let smtp: LocalSmtp;
  let sms: LocalHttpServer;
  let whatsapp: LocalHttpServer;
  const tenant = uniqueName('tenant');

  const register = async (sub: string, roles: string[], input: Record<string, unknown>) => {
    const result = await h.call({ tenant, roles: roles as never, sub }, SET, { input: { optedOut: false, ...input } });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  };
  const deliveries = async (sourceKind: string) =>
    (
      await h.sql.query(
        `select recipient_user_id, channel, status, attempts, last_error from workflows.notification_delivery
          where tenant_id = $1 and kind = $2 order by recipient_user_id, channel`,
        [tenant, sourceKind],
      )
    ).rows;
  const mailTo = (address: string) => smtp.messages.filter((mail) => mail.envelopeTo.includes(address));

  before(async () => {
    smtp = await startLocalSmtp();
    sms = await startLocalHttpServer(() => ({ status: 500, body: { code: 20500, message: 'Internal Server Error' } }));
    whatsapp = await startLocalHttpServer((request) => ({
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: JSON.parse(request.body.toString('utf8')).to, wa_id: '5511' }],
        messages: [{ id: `wamid.${randomUUID()}` }],
      },
    }));
    h = await startWorkflowsHarness({
      prefix: 'workflows_notifications',
      env: {
        NOTIFICATIONS_SMTP_URL: smtp.url,
        NOTIFICATIONS_SMS_API_URL: sms.url,
        NOTIFICATIONS_SMS_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
        NOTIFICATIONS_SMS_AUTH_TOKEN: 'sms-token',
        NOTIFICATIONS_SMS_FROM: '+5511900000000',
        NOTIFICATIONS_WHATSAPP_API_URL: whatsapp.url,
        NOTIFICATIONS_WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        NOTIFICATIONS_WHATSAPP_TOKEN: 'whatsapp-token',
        NOTIFICATIONS_INTERVAL_MS: '50',
        NOTIFICATIONS_RETRY_ATTEMPTS: '2',
        NOTIFICATIONS_RETRY_BASE_MS: '5',
        NOTIFICATIONS_RETRY_MAX_MS: '20',
        NOTIFICATIONS_MAX_ATTEMPTS: '3',
      },
    });
    await register('mgr-ana', ['SALES_MANAGER'], {
      name: 'Ana Souza',
      email: 'ana.souza@operadora.com.br',
      channels: ['email'],
    });
    await register('mgr-bruno', ['SALES_MANAGER'], {
      name: 'Bruno Lima',
      email: 'bruno.lima@operadora.com.br',
      phone: '+55 11 99876-5432',
      channels: ['email', 'whatsapp'],
    });
    await register('mgr-carla', ['SALES_MANAGER'], {
      name: 'Carla Nunes',
      email: 'carla.nunes@operadora.com.br',
      channels: ['email'],
      optedOut: true,
    });
    await register('mgr-davi', ['SALES_MANAGER'], { name: 'Davi Rocha', phone: '+5511912345678', channels: ['sms'] });
    await register('dir-eva', ['COMMERCIAL_DIRECTOR'], {
      name: 'Eva Prado',
      email: 'eva.prado@operadora.com.br',
      channels: ['email'],
    });
    await register('rep-1', ['SALES_REP'], {
      name: 'Rafael Dias',
      email: 'rafael.dias@operadora.com.br',
      channels: ['email'],
    });
    await register('ops-1', ['OPERATIONS'], {
      name: 'Olga Matos',
      email: 'olga.matos@operadora.com.br',
      channels: ['email'],
    });
  });

  after(async () => {
    await h?.stop();
    await smtp?.close();
    await sms?.close();
    await whatsapp?.close();
  });

  it('sends an approval request to each approver of the level, in Portuguese, naming deal and contract; none to the opted-out; a failing channel is retried, then dead-lettered', async () => {
    const dealId = randomUUID();
    const deal = dealCreated(tenant, dealId);
    const request = approvalRequested(tenant, { id: randomUUID(), dealId, approvalLevel: 'SALES_MANAGER' });
    const number = (request.data as { contract: { number: string } }).contract.number;
    await h.deliver(topics.deal, deal);
    await h.deliver(topics.contract, request);

    await waitFor(
      async () =>
        mailTo('ana.souza@operadora.com.br').length === 1 && mailTo('bruno.lima@operadora.com.br').length === 1,
      {
        description: 'the approval e-mails',
      },
    );
    for (const [address, name] of [
      ['ana.souza@operadora.com.br', 'Ana Souza'],
      ['bruno.lima@operadora.com.br', 'Bruno Lima'],
    ] as const) {
      const [mail] = mailTo(address);
      assert.equal(mail!.subject, `Aprovação pendente: contrato ${number} — Plano empresarial`);
      assert.match(mail!.text!, new RegExp(`^Olá, ${name}\\.`));
      assert.match(
        mail!.text!,
        new RegExp(
          `O contrato ${number} do negócio “Plano empresarial” aguarda a sua aprovação \\(alçada: gerente comercial\\)`,
        ),
      );
      assert.match(mail!.text!, /Prazo: \d{2}\/\d{2}\/\d{4} às \d{2}:\d{2} \(horário de Brasília\)\./);
    }
    assert.equal(mailTo('carla.nunes@operadora.com.br').length, 0, 'opted out');
    assert.equal(mailTo('eva.prado@operadora.com.br').length, 0, 'not an approver of this level');
    assert.equal(mailTo('rafael.dias@operadora.com.br').length, 0);

    await waitFor(
      async () =>
        (await deliveries('APPROVAL_REQUESTED')).find((row) => row.recipient_user_id === 'mgr-davi')?.status ===
        'DEAD_LETTER',
      { description: 'the SMS dead-lettered' },
    );
    const rows = await deliveries('APPROVAL_REQUESTED');
    assert.deepEqual(
      rows.map((row) => [row.recipient_user_id, row.channel, row.status]),
      [
        ['mgr-ana', 'email', 'SENT'],
        ['mgr-bruno', 'email', 'SENT'],
        ['mgr-bruno', 'whatsapp', 'SENT'],
        ['mgr-carla', 'none', 'SKIPPED_OPT_OUT'],
        ['mgr-davi', 'sms', 'DEAD_LETTER'],
      ],
    );
    const davi = rows.find((row) => row.recipient_user_id === 'mgr-davi');
    assert.equal(davi.attempts, 3);
    assert.match(davi.last_error, /SMS answered 500 \(3 attempts\)/);
    assert.equal(sms.requests.length, 6, 'three passes of two tries each');
    const [text] = sms.requests;
    assert.equal(text!.path, '/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json');
    assert.equal(
      text!.headers.authorization,
      `Basic ${Buffer.from('AC0123456789abcdef0123456789abcdef:sms-token').toString('base64')}`,
    );
    const form = new URLSearchParams(text!.body.toString('utf8'));
    assert.deepEqual([form.get('To'), form.get('From')], ['+5511912345678', '+5511900000000']);
    assert.match(form.get('Body')!, new RegExp(`contrato ${number}`));
    const [message] = whatsapp.requests;
    assert.equal(message!.path, '/106540352242922/messages');
    assert.equal(message!.headers.authorization, 'Bearer whatsapp-token');
    const body = JSON.parse(message!.body.toString('utf8'));
    assert.deepEqual([body.messaging_product, body.to, body.type], ['whatsapp', '5511998765432', 'text']);
    assert.match(body.text.body, /aguarda a sua aprovação/);
  });

  it("tells the deal's owner that the contract was signed", async () => {
    const dealId = randomUUID();
    await h.deliver(topics.deal, dealCreated(tenant, dealId, undefined, 'rep-1'));
    const signed = contractSigned(tenant, { id: randomUUID(), dealId }, new Date('2027-01-20T14:00:00Z'));
    const number = (signed.data as { contract: { number: string } }).contract.number;
    await h.deliver(topics.contract, signed);
    await waitFor(
      async () => mailTo('rafael.dias@operadora.com.br').some((mail) => mail.subject === `Contrato ${number} assinado`),
      {
        description: 'the signature e-mail',
      },
    );
    const [mail] = mailTo('rafael.dias@operadora.com.br').filter((m) => m.subject === `Contrato ${number} assinado`);
    assert.match(mail!.text!, /foi assinado por todos em 20\/01\/2027 às 11:00 \(horário de Brasília\)/);
  });

  it("tells the task's role and the sales managers of an SLA breach", async () => {
    const dealId = randomUUID();
    const contractId = randomUUID();
    await h.deliver(topics.deal, dealCreated(tenant, dealId));
    const request = approvalRequested(tenant, { id: contractId, dealId, approvalLevel: 'COMMERCIAL_DIRECTOR' });
    const number = (request.data as { contract: { number: string } }).contract.number;
    await h.deliver(topics.contract, request);
    const created = await waitFor(
      async () =>
        h.published.find(
          (e) => e.eventType === 'task.created' && (e.data as EventData<'task.created'>).task.subjectId === contractId,
        ),
      { description: 'the approval task' },
    );
    const { task } = created.data as EventData<'task.created'>;
    const breachedAt = new Date().toISOString();
    await h.deliver(
      topics.task,
      createEvent({
        eventType: 'sla.breached',
        tenantId: tenant,
        aggregateType: 'task',
        aggregateId: task.id,
        aggregateVersion: 2,
        source: 'workflows',
        actor: 'sla-sweeper',
        data: { task: { ...task, breachedAt }, breachedAt },
      }),
    );
    const subject = `Prazo vencido: aprovação de contrato — contrato ${number}`;
    await waitFor(
      async () =>
        mailTo('eva.prado@operadora.com.br').some((mail) => mail.subject === subject) &&
        mailTo('ana.souza@operadora.com.br').some((mail) => mail.subject === subject),
      { description: 'the SLA e-mails to the director and a sales manager' },
    );
    assert.equal(mailTo('rafael.dias@operadora.com.br').filter((mail) => mail.subject === subject).length, 0);
  });

  it('warns OPERATIONS once of an ANS registration due within 24 hours', async () => {
    const deadline = new Date(Date.now() + 20 * 3_600_000);
    await h.deliver(topics.beneficiary, beneficiaryEnrolled(tenant, randomUUID(), randomUUID(), deadline));
    await waitFor(async () => mailTo('olga.matos@operadora.com.br').length === 1, { description: 'the ANS warning' });
    const [mail] = mailTo('olga.matos@operadora.com.br');
    assert.equal(mail!.subject, 'Registro na ANS vence em menos de 24 horas');
    assert.equal((await deliveries('ANS_DEADLINE')).length, 1);
  });
});
