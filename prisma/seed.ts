// Seeds an empty database with a demo institution (a person per role, the default policy
// profile), the 2025–2027 working-day calendar and two maker spaces. It assumes an empty
// database and fails loudly otherwise; with --if-empty (used by `npm start`) it does nothing
// when the database already holds an institution.
import { loadConfig } from '../activities/infra/config';
import { createDb } from '../activities/infra/db';
import { seedCalendar, seedInstitution, seedMakerSpaces } from './factories';

const db = createDb(loadConfig().DATABASE_URL, 2);
try {
  const existing = await db.institution.count();
  if (existing > 0) {
    if (process.argv.includes('--if-empty')) {
      console.log('seed: database already has data; nothing to do');
    } else {
      throw new Error(`seed: the database is not empty (${existing} institutions); seed only an empty database`);
    }
  } else {
    const calendarDays = await seedCalendar(db);
    await seedMakerSpaces(db);
    const demo = await seedInstitution(db, { code: 'DEMO', name: '示范大学', nameEn: 'Demo University', emailDomain: 'demo.edu.cn' });
    console.log(`seed: ${calendarDays} calendar days, institution ${demo.institution.name} with ${Object.keys(demo.people).length} people:`);
    for (const person of Object.values(demo.people)) console.log(`  ${person.email.padEnd(28)} ${person.roles.join(', ')}`);
  }
} finally {
  await db.$disconnect();
}
