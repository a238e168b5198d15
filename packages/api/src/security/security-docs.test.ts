import { readFile } from 'node:fs/promises';
import { permissionNames } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.test-util.js';
import { appRouter } from '../trpc/app-router.js';
import { restEndpoints, trpcProcedures } from './access-inventory.js';
import { rolesTable, routesTable, withGeneratedBlocks } from './security-docs.js';
import { securityDocPath } from './write-security-docs.js';

describe('docs/security.md', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ backend: 'embedded' });
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('has the roles table of ROLE_PERMISSIONS and every route’s declared access (run pnpm docs:security when this fails)', async () => {
    const document = await readFile(securityDocPath, 'utf8');
    const fresh = withGeneratedBlocks(document, {
      roles: rolesTable(),
      routes: routesTable(restEndpoints(app.app), trpcProcedures(appRouter)),
    });
    expect(document).toBe(fresh);
  });

  it('marks exactly the permissions each role holds', () => {
    const table = rolesTable();
    expect(table).toContain('| `facilities:all` | ✓ |  |  |  |  |  |  |');
    expect(table.split('\n')).toHaveLength(2 + permissionNames.length);
  });
});
