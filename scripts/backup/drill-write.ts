// Issue 23, the backup drill (scripts/backup-drill.sh): one audited platform write — an organisation
// named by the argument, created through the organisations service so its audit record joins the
// SEC-1 chain — on the database DATABASE_URL names. The drill writes one before and one after its
// recovery target and checks the restore holds exactly the first.
// Usage: DATABASE_URL=postgres://… npx tsx scripts/backup/drill-write.ts <name>
import { loadConfig } from '../../src/config.js';
import { createOrganisation } from '../../src/modules/organisations/index.js';
import { makeContext, openDatabase, prepareDatabase } from '../../src/platform.js';

const name = process.argv[2];
if (!name) throw new Error('usage: drill-write.ts <organisation name>');
const config = loadConfig();
const database = await openDatabase(config);
try {
  await prepareDatabase(database);
  const org = await createOrganisation(makeContext(database, config), null, {
    kind: 'regulator',
    name,
    regionCode: '510100',
  });
  console.log(`written: organisation ${org.name} (${org.id})`);
} finally {
  await database.close();
}
