// The notify activity against real servers: PostgreSQL, an SMTP server (smtp-server) and an
// HTTP webhook receiver, all on loopback. What arrives is parsed and asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../activities/infra/config';
import { createMailer, type Mailer } from '../../activities/infra/mailer';
import { messageIdFor } from '../../activities/notifications/notification-email';
import { notify } from '../../activities/notifications/notify';
import { createSpinoutCaseActivities } from '../../activities/spinout-case/create-spinout-case-activities';
import type { SeededInstitution } from '../../prisma/factories';
import type { NotifyInput } from '../../workflows/contracts/spinout-case';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage, uniqueId } from '../support/stack';
import { createTestCase, seedTestInstitution } from './support/case-fixture';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

let database: TestDatabase;
let smtp: SmtpSink;
let config: AppConfig;
let mailer: Mailer;
let seeded: SeededInstitution;
let caseId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpSink({ refuse: (address) => address.startsWith('gone@') });
  config = testConfig(database.url, { SMTP_URL: smtp.url, MAIL_FROM: 'Spinway 测试 <noreply@spinway.test>', PUBLIC_URL: 'https://spinway.example.edu.cn' });
  mailer = createMailer(config);
  seeded = await seedTestInstitution(database.db);
  const activities = createSpinoutCaseActivities({ db: database.db, storage: await testStorage(config), mailer, config, clock: () => NOW });
  ({ caseId } = await createTestCase(activities, seeded));
});
afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await database?.drop();
});

const deps = () => ({ db: database.db, mailer, config, clock: () => NOW });
const message = (overrides: Partial<NotifyInput> = {}): NotifyInput => ({
  key: uniqueId('note'),
  institutionId: seeded.institution.id,
  caseId,
  kind: 'TASK_OPENED',
  title: '院系审核 / Department review',
  body: 'SW-2026-000123: 请审核张明远的离岗创业申请。',
  ...overrides,
});
/** The e-mails that arrived for one person and one notification key. */
const mailsFor = (person: { id: string }, key: string) =>
  smtp.messages.filter((mail) => mail.headers.get('x-spinway-delivery') === `${key}:${person.id}:email`);

describe('notify by e-mail', () => {
  it('sends each recipient one e-mail and one in-app notification, however often it runs', async () => {
    const input = message({ personIds: [seeded.people.researcher.id, seeded.people.tto.id] });
    await notify(deps(), input);
    await notify(deps(), input);

    for (const person of [seeded.people.researcher, seeded.people.tto]) {
      const mails = mailsFor(person, input.key);
      expect(mails, person.email).toHaveLength(1);
      const [mail] = mails;
      expect(mail!.to).toMatchObject({ value: [{ address: person.email, name: person.name }] });
      expect(mail!.from?.value[0]?.address).toBe('noreply@spinway.test');
      expect(mail!.subject).toBe('[Spinway] 院系审核 / Department review');
      expect(mail!.text).toContain(`${person.name}，您好`);
      expect(mail!.text).toContain('请审核张明远的离岗创业申请。');
      expect(mail!.text).toContain(`https://spinway.example.edu.cn/app/cases/${caseId}`);
      // The delivery key is the Message-ID, so a resend after a crash is recognisable.
      expect(mail!.messageId).toBe(messageIdFor(`${input.key}:${person.id}:email`, 'spinway.test'));
    }

    const notifications = await database.db.notification.findMany({ where: { key: { startsWith: `${input.key}:` } }, orderBy: { key: 'asc' } });
    expect(notifications).toHaveLength(2);
    for (const notification of notifications) {
      expect(notification).toMatchObject({ kind: 'TASK_OPENED', caseId, title: input.title, emailedAt: NOW, link: `https://spinway.example.edu.cn/app/cases/${caseId}` });
    }
    const deliveries = await database.db.delivery.findMany({ where: { key: { startsWith: `${input.key}:` } } });
    expect(deliveries).toHaveLength(2);
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ channel: 'email', status: 'SENT', attempts: 1, sentAt: NOW, lastError: null });
      expect(delivery.externalId).toMatch(/^<.+@spinway\.test>$/);
    }
  });

  it('reaches every active member of a role, and for DEPT_HEAD only the heads of the department', async () => {
    const input = message({ role: 'DEPT_HEAD', departmentId: seeded.departments.main.id });
    await notify(deps(), input);
    const recipients = (await database.db.notification.findMany({ where: { key: { startsWith: `${input.key}:` } } })).map((row) => row.personId);
    expect(recipients).toEqual([seeded.people.deptHead.id]);
    expect(mailsFor(seeded.people.deptHead, input.key)).toHaveLength(1);

    await database.db.person.update({ where: { id: seeded.people.ttoDeputy.id }, data: { active: false } });
    const toRole = message({ role: 'TTO_OFFICER' });
    await notify(deps(), toRole);
    const reached = await database.db.notification.findMany({ where: { key: { startsWith: `${toRole.key}:` } }, select: { personId: true } });
    expect(reached.map((row) => row.personId)).toEqual([seeded.people.tto.id]);
    await database.db.person.update({ where: { id: seeded.people.ttoDeputy.id }, data: { active: true } });
  });

  it('resends a message whose attempt crashed mid-send, with the same Message-ID', async () => {
    const input = message({ personIds: [seeded.people.hr.id] });
    const deliveryKey = `${input.key}:${seeded.people.hr.id}:email`;
    // What a worker leaves behind when it dies after claiming the delivery, before marking it sent.
    await database.db.delivery.create({ data: { key: deliveryKey, channel: 'email', target: seeded.people.hr.email, status: 'SENDING', attempts: 1 } });
    await notify(deps(), input);
    const [mail] = mailsFor(seeded.people.hr, input.key);
    expect(mail?.messageId).toBe(messageIdFor(deliveryKey, 'spinway.test'));
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: deliveryKey } })).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('records a refused address as REJECTED without failing the activity', async () => {
    const gone = await database.db.person.create({
      data: { institutionId: seeded.institution.id, name: '离职者', email: `gone@${uniqueId('x')}.edu.cn`, roles: ['RESEARCHER'] },
    });
    const input = message({ personIds: [gone.id] });
    await notify(deps(), input);
    await notify(deps(), input);
    const delivery = await database.db.delivery.findUniqueOrThrow({ where: { key: `${input.key}:${gone.id}:email` } });
    expect(delivery).toMatchObject({ status: 'REJECTED', attempts: 1 });
    expect(delivery.lastError).toContain('mailbox unavailable');
    expect(await database.db.notification.count({ where: { key: `${input.key}:${gone.id}` } })).toBe(1);
  });

  it('records SKIPPED deliveries and keeps the in-app notification when SMTP_URL is unset', async () => {
    const withoutSmtp = testConfig(database.url);
    const disabled = createMailer(withoutSmtp);
    const input = message({ personIds: [seeded.people.finance.id] });
    const before = smtp.messages.length;
    await notify({ db: database.db, mailer: disabled, config: withoutSmtp, clock: () => NOW }, input);
    expect(smtp.messages.length).toBe(before);
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: `${input.key}:${seeded.people.finance.id}:email` } })).toMatchObject({ status: 'SKIPPED' });
    expect(await database.db.notification.findUniqueOrThrow({ where: { key: `${input.key}:${seeded.people.finance.id}` } })).toMatchObject({ emailedAt: null });
  });
});

describe('notify by webhook', () => {
  let receiver: WebhookReceiver;
  let other: SeededInstitution;
  let otherCaseId: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(WEBHOOK_SECRET);
    other = await seedTestInstitution(database.db, '另一所大学');
    await database.db.institution.update({ where: { id: other.institution.id }, data: { webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET } });
    const activities = createSpinoutCaseActivities({ db: database.db, storage: await testStorage(config), mailer, config, clock: () => NOW });
    ({ caseId: otherCaseId } = await createTestCase(activities, other));
  });
  afterAll(async () => {
    await receiver?.close();
  });

  const otherMessage = (overrides: Partial<NotifyInput> = {}) =>
    message({ institutionId: other.institution.id, caseId: otherCaseId, personIds: [other.people.researcher.id], ...overrides });

  it('posts the notification once, signed with HMAC-SHA256 of the raw body', async () => {
    receiver.answerWith(204);
    const input = otherMessage();
    await notify(deps(), input);
    await notify(deps(), input);

    const received = receiver.requests.filter((request) => request.headers['x-spinway-delivery'] === `${input.key}:webhook`);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.signatureValid).toBe(true);
    expect(request!.headers['content-type']).toContain('application/json');
    expect(JSON.parse(request!.rawBody)).toMatchObject({
      type: 'notification',
      key: input.key,
      kind: 'TASK_OPENED',
      caseId: otherCaseId,
      institutionId: other.institution.id,
      title: input.title,
      recipientIds: [other.people.researcher.id],
    });
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: `${input.key}:webhook` } })).toMatchObject({
      channel: 'webhook',
      target: receiver.url,
      status: 'SENT',
      externalId: '204',
      attempts: 1,
    });
  });

  it('throws on a non-2xx answer (so Temporal retries) after delivering the e-mails, and the retry sends only the webhook', async () => {
    const input = otherMessage();
    receiver.answerWith(503);
    await expect(notify(deps(), input)).rejects.toThrow('answered 503');
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: `${input.key}:webhook` } })).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(mailsFor(other.people.researcher, input.key)).toHaveLength(1);

    receiver.answerWith(200);
    await notify(deps(), input);
    const attempts = receiver.requests.filter((request) => request.headers['x-spinway-delivery'] === `${input.key}:webhook`);
    expect(attempts.map((request) => request.status)).toEqual([503, 200]);
    // The same body, and so the same signature, on every attempt.
    expect(attempts[1]!.rawBody).toBe(attempts[0]!.rawBody);
    expect(attempts.every((request) => request.signatureValid)).toBe(true);
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: `${input.key}:webhook` } })).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(mailsFor(other.people.researcher, input.key)).toHaveLength(1);
  });

  it('sends no unsigned webhook when the institution has no secret', async () => {
    await database.db.institution.update({ where: { id: other.institution.id }, data: { webhookSecret: null } });
    const input = otherMessage();
    const before = receiver.requests.length;
    await notify(deps(), input);
    expect(receiver.requests.length).toBe(before);
    expect(await database.db.delivery.findUniqueOrThrow({ where: { key: `${input.key}:webhook` } })).toMatchObject({ status: 'SKIPPED' });
    await database.db.institution.update({ where: { id: other.institution.id }, data: { webhookSecret: WEBHOOK_SECRET } });
  });
});
