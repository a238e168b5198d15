import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app/create-app.js';
import { appRouter } from '../trpc/app-router.js';
import { restEndpoints, trpcProcedures } from './access-inventory.js';
import { rolesTable, routesTable, withGeneratedBlocks } from './security-docs.js';

/** `pnpm docs:security`: regenerate the tables of docs/security.md from ROLE_PERMISSIONS and the declarations. */
export const securityDocPath = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../docs/security.md');

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lucent-docs-'));
  const lucent = await createApp({
    env: {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ENGINE_THREADS: '1',
      // A throw-away administrator for the throw-away database (nothing is printed).
      LUCENT_ADMIN_EMAIL: 'docs@lucent.invalid',
      LUCENT_ADMIN_PASSWORD: `Docs-${randomBytes(12).toString('base64url')}-9a!`,
    },
  });
  try {
    const document = await readFile(securityDocPath, 'utf8');
    const next = withGeneratedBlocks(document, {
      roles: rolesTable(),
      routes: routesTable(restEndpoints(lucent.app), trpcProcedures(appRouter)),
    });
    await writeFile(securityDocPath, next);
    process.stdout.write(`wrote ${securityDocPath}\n`);
  } finally {
    await lucent.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
