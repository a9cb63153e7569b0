// The retention clock's read-model activity against a real PostgreSQL: the row and its audit
// entry are written together, a retry writes nothing twice, and an older state never
// overwrites a newer one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../activities/infra/mailer';
import { createRetentionClockActivities } from '../../activities/retention-clock/create-retention-clock-activities';
import { createSpinoutCaseActivities } from '../../activities/spinout-case/create-spinout-case-activities';
import { defaultPolicyProfile } from '../../domain/policy';
import type { RecordClockStateInput } from '../../activities/retention-clock/record-clock-state';
import type { SeededInstitution } from '../../prisma/factories';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testConfig, testStorage } from '../support/stack';
import { createTestCase, seedTestInstitution } from './support/case-fixture';

const NOW = new Date('2026-03-02T02:00:00.000Z');
let database: TestDatabase;
let seeded: SeededInstitution;
let record: ReturnType<typeof createRetentionClockActivities>['recordClockState'];
let caseId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const config = testConfig(database.url);
  seeded = await seedTestInstitution(database.db);
  const deps = { db: database.db, storage: await testStorage(config), mailer: createMailer(config), config, clock: () => NOW };
  caseId = (await createTestCase(createSpinoutCaseActivities(deps), seeded)).caseId;
  record = createRetentionClockActivities(deps).recordClockState;
});
afterAll(async () => {
  await database?.drop();
});

function input(version: number, overrides: Partial<RecordClockStateInput['state']> = {}): RecordClockStateInput {
  return {
    institutionId: seeded.institution.id,
    researcherId: seeded.people.researcher.id,
    state: {
      caseId,
      status: 'ACTIVE',
      version,
      signingDate: '2026-03-02',
      months: 36,
      expiryDate: '2029-03-02',
      extensionsUsed: 0,
      profileVersion: defaultPolicyProfile.version,
      pending: null,
      annualReports: [{ dueOn: '2027-03-02', submittedAt: null, documentId: null, summary: null }],
      choice: null,
      escalated: false,
      outcome: null,
      next: { kind: 'reminder:before-180d', at: Date.parse('2028-09-04T01:00:00Z') },
      ...overrides,
    },
    event: { key: `${caseId}:clock:v${version}`, actorId: null, action: `clock.test_v${version}` },
  };
}

describe('recordClockState', () => {
  it('creates the row with its audit entry, once', async () => {
    await record(input(1));
    await record(input(1)); // a retry
    const row = await database.db.retentionClock.findUniqueOrThrow({ where: { caseId } });
    expect(row).toMatchObject({ status: 'ACTIVE', expiryDate: '2029-03-02', version: 1, nextEventKind: 'reminder:before-180d' });
    expect(row.nextEventAt?.toISOString()).toBe('2028-09-04T01:00:00.000Z');
    expect(await database.db.auditEntry.count({ where: { entityType: 'RetentionClock', entityId: caseId } })).toBe(1);
  });

  it('moves forward and never back to an older version', async () => {
    await record(input(3, { months: 48, expiryDate: '2030-03-02', extensionsUsed: 1 }));
    await record(input(2, { status: 'RETURNED' })); // delivered late
    const row = await database.db.retentionClock.findUniqueOrThrow({ where: { caseId } });
    expect(row).toMatchObject({ version: 3, months: 48, expiryDate: '2030-03-02', status: 'ACTIVE' });
    // Both events are history, whatever the order they arrived in.
    expect(await database.db.auditEntry.count({ where: { entityType: 'RetentionClock', entityId: caseId } })).toBe(3);
  });
});
