import { AuditSearchResult, AuditVerifyResult } from '@lucent/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeOf, jsonOf } from '../../testing/http.test-util.js';
import { createTestApp, type TestApp, type TestLogin } from '../../testing/test-app.test-util.js';
import { appRouter } from '../../trpc/app-router.js';
import { createCallerFactory } from '../../trpc/trpc.js';
import { codeOf } from '../auth/auth-test-helpers.test-util.js';

const createCaller = createCallerFactory(appRouter);

/** Parse CSV (RFC 4180: quoted fields with doubled quotes and embedded newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += char;
  }
  return rows;
}

describe('audit API: search, CSV export and verify (audit:read)', () => {
  let app: TestApp;
  let northAdmin: TestLogin;
  let southAdmin: TestLogin;
  let northNurse: TestLogin;

  beforeAll(async () => {
    app = await createTestApp();
    northAdmin = await app.login({ roles: ['facility_admin'], facilityCode: 'north' });
    southAdmin = await app.login({ roles: ['facility_admin'], facilityCode: 'south' });
    northNurse = await app.login({ roles: ['nurse'], facilityCode: 'north' });
    const north = {
      userId: northNurse.user.id,
      username: northNurse.user.email,
      facilityId: northNurse.user.facilityId,
    };
    app.services.audit.record({ action: 'test.api', actor: north, resourceType: 'study', resourceId: '1.2.3' });
    app.services.audit.record({
      action: 'test.api',
      actor: { userId: southAdmin.user.id, username: southAdmin.user.email, facilityId: southAdmin.user.facilityId },
      resourceType: 'study',
      resourceId: '4.5.6',
      origin: { ip: '10.0.0.9', userAgent: 'Agent, with "quotes"\nand a newline', requestId: 'csv-1' },
      details: { note: '=cmd|calc' },
    });
    await app.services.securityEvents.idle();
    await app.services.audit.flush();
  });
  afterAll(async () => {
    await app?.dispose();
  });

  it('refuses callers without audit:read (401 anonymous, 403 nurse) on tRPC and REST', async () => {
    const nurse = createCaller(await app.trpcContext(northNurse));
    expect(await codeOf(nurse.audit.search({}))).toBe('FORBIDDEN');
    expect(await codeOf(nurse.audit.verify())).toBe('FORBIDDEN');
    const anonymous = createCaller({ services: app.services, requestId: 'anon', auth: null });
    expect(await codeOf(anonymous.audit.search({}))).toBe('UNAUTHENTICATED');
    for (const [method, path] of [
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/audit/export.csv'],
      ['POST', '/api/v1/audit/verify'],
    ] as const) {
      const denied = await app.app.request(path, { method, headers: northNurse.headers });
      expect(denied.status, path).toBe(403);
      expect(await errorCodeOf(denied)).toBe('FORBIDDEN');
      const unauthenticated = await app.app.request(path, { method, anonymous: true });
      expect(unauthenticated.status, path).toBe(401);
    }
  });

  it('shows a facility admin only its facility and the system admin everything', async () => {
    const north = createCaller(await app.trpcContext(northAdmin));
    const northRows = await north.audit.search({ action: 'test.api' });
    expect(northRows.items.map((item) => item.resourceId)).toEqual(['1.2.3']);
    const system = createCaller(await app.trpcContext());
    const all = await system.audit.search({ action: 'test.api', order: 'asc' });
    expect(all.items.map((item) => item.resourceId)).toEqual(['1.2.3', '4.5.6']);
    const rest = await app.app.request(`/api/v1/audit?action=test.api&limit=1&offset=1&order=asc`, {
      headers: southAdmin.headers,
    });
    expect(await jsonOf(rest, AuditSearchResult)).toMatchObject({ total: 1, limit: 1, offset: 1, items: [] });
    const byUser = await app.app.request(`/api/v1/audit?userId=${northNurse.user.id}&action=test.api`);
    expect((await jsonOf(byUser, AuditSearchResult)).items.map((item) => item.resourceId)).toEqual(['1.2.3']);
  });

  it('answers bad filters with 400 VALIDATION_FAILED', async () => {
    for (const query of ['limit=0', 'limit=abc', 'from=yesterday', 'userId=nope', 'unknown=1', 'outcome=maybe']) {
      const response = await app.app.request(`/api/v1/audit?${query}`);
      expect(response.status, query).toBe(400);
      expect(await errorCodeOf(response)).toBe('VALIDATION_FAILED');
    }
  });

  it('exports the matching entries as CSV with proper escaping, and records the export', async () => {
    const response = await app.app.request('/api/v1/audit/export.csv?action=test.api');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = parseCsv(await response.text());
    const header = rows[0] ?? [];
    expect(header).toContain('userAgent');
    expect(rows).toHaveLength(3);
    const south = rows[2] ?? [];
    const column = (name: string) => south[header.indexOf(name)];
    expect(column('userAgent')).toBe('Agent, with "quotes"\nand a newline');
    expect(column('details')).toBe('{"note":"=cmd|calc"}');
    expect(column('resourceId')).toBe('4.5.6');
    await app.services.audit.flush();
    const exports = await app.services.audit.search(
      { action: 'audit.export', limit: 10, offset: 0, order: 'asc' },
      { kind: 'all' },
    );
    // The nurse's and the anonymous refused attempts first, then this one.
    expect(exports.items.map((item) => item.outcome)).toEqual(['denied', 'denied', 'success']);
    expect(exports.items.at(-1)?.details).toMatchObject({ parameters: ['action'], status: 200 });
  });

  it('exports more entries than one page in id order', async () => {
    for (let i = 0; i < 2100; i++) app.services.audit.record({ action: 'test.bulk', details: { i } });
    await app.services.audit.flush();
    const response = await app.app.request('/api/v1/audit/export.csv?action=test.bulk');
    const rows = parseCsv(await response.text()).slice(1);
    expect(rows).toHaveLength(2100);
    const ids = rows.map((row) => Number(row[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('verifies the chain over tRPC and REST', async () => {
    await app.services.audit.flush();
    const system = createCaller(await app.trpcContext());
    const viaTrpc = await system.audit.verify();
    expect(viaTrpc.valid).toBe(true);
    expect(viaTrpc.checked).toBeGreaterThan(2100);
    const viaRest = await jsonOf(
      await app.app.request('/api/v1/audit/verify', { method: 'POST', headers: northAdmin.headers }),
      AuditVerifyResult,
    );
    expect(viaRest.valid).toBe(true);
    expect(viaRest.checked).toBeGreaterThanOrEqual(viaTrpc.checked);
  });
});
