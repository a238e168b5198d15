import { AppError, AuditFilters, AuditSearchInput } from '@lucent/shared';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { facilityScopeOf } from '../../security/auth-context.js';
import { requirePermission } from '../../security/route-access.js';
import { csvHeader, csvLine } from './audit-csv.js';
import { queryParameterNames } from './request-identifiers.js';
import { audited } from './route-audit.js';

/** Query parameters as search input: limit and offset are numbers, unknown parameters are refused. */
function searchQuery(query: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...query };
  for (const name of ['limit', 'offset']) {
    const value = query[name];
    if (value !== undefined) input[name] = /^\d{1,9}$/.test(value) ? Number(value) : value;
  }
  return input;
}

/** The caller's facility scope (requirePermission has already refused anonymous calls). */
function scopeOf(c: Context<AppEnv>) {
  const auth = c.get('auth');
  if (auth === null) throw new AppError('UNAUTHENTICATED');
  return facilityScopeOf(auth);
}

const trail = () => ({ type: 'audit_log', id: null });

/** Reading the trail is itself recorded: the names of the filters, not their values. */
const search = audited({
  action: 'audit.search',
  resource: trail,
  details: (c) => ({ parameters: queryParameterNames(c) }),
});
const exported = audited({
  action: 'audit.export',
  resource: trail,
  details: (c) => ({ parameters: queryParameterNames(c) }),
});
const verified = audited({ action: 'audit.verify', resource: trail });

/**
 * GET /api/v1/audit (search), GET /api/v1/audit/export.csv (every matching entry, streamed, oldest
 * first) and POST /api/v1/audit/verify: `audit:read`, scoped to the caller's facility unless
 * system-wide.
 */
export function auditRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get('/', requirePermission('audit:read'), search, async (c) => {
    const input = AuditSearchInput.strict().parse(searchQuery(c.req.query()));
    return c.json(await c.get('services').audit.search(input, scopeOf(c)));
  });

  routes.get('/export.csv', requirePermission('audit:read'), exported, async (c) => {
    const filters = AuditFilters.strict().parse(c.req.query());
    const pages = c.get('services').audit.entries(filters, scopeOf(c))[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    let headerSent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvHeader()));
          return;
        }
        const page = await pages.next();
        if (page.done === true) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(page.value.map(csvLine).join('')));
      },
      async cancel() {
        await pages.return?.();
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${day}.csv"`,
      'Cache-Control': 'no-store',
    });
  });

  routes.post('/verify', requirePermission('audit:read'), verified, async (c) =>
    c.json(await c.get('services').audit.verify()),
  );

  return routes;
}
