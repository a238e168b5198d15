import { Hono } from 'hono';
import type { AppEnv } from '../../app/app-env.js';
import { publicRoute } from '../../security/route-access.js';

/** Liveness (the process answers) and readiness (database, cache and engine pool all answer). */
export function healthRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.get('/live', publicRoute('liveness probe for the orchestrator'), (c) => c.json({ status: 'ok' }));
  routes.get('/ready', publicRoute('readiness probe for the orchestrator and load balancer'), async (c) => {
    const { db, cache, engine } = c.get('services');
    const check = async (probe: () => Promise<unknown>): Promise<{ ok: boolean; ms: number }> => {
      const started = performance.now();
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000).unref()),
        ]);
        return { ok: true, ms: Math.round(performance.now() - started) };
      } catch {
        return { ok: false, ms: Math.round(performance.now() - started) };
      }
    };
    const [database, cacheCheck, engineCheck] = await Promise.all([
      check(() => db.ping()),
      check(() => cache.ping()),
      check(() => engine.ping({ timeoutMs: 5000 })),
    ]);
    const checks = {
      database: { ...database, kind: db.embedded ? 'pglite' : 'postgresql' },
      cache: { ...cacheCheck, kind: cache.kind },
      engine: { ...engineCheck, ...engine.stats() },
    };
    const ready = database.ok && cacheCheck.ok && engineCheck.ok && !c.get('shuttingDown')();
    return c.json({ status: ready ? 'ready' : 'unavailable', checks }, ready ? 200 : 503);
  });
  return routes;
}
