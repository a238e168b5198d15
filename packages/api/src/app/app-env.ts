import type { Services } from './services.js';

/** Hono's typed context variables for every route. */
export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    /** Aborted when the route's timeout passes or the client goes away: pass it to engine calls. */
    signal: AbortSignal;
    /** True once graceful shutdown has begun (readiness fails, new work is refused). */
    shuttingDown: () => boolean;
  };
}
