import { AppError } from '@lucent/shared';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Hono } from 'hono';
import { type Env, type EnvInput, loadEnv } from '../config/env.js';
import { accessLog } from '../http/access-log.js';
import { requestTimeout } from '../http/request-timeout.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { auditTrail } from '../modules/audit/http-audit.js';
import { authRoutes, jwksRoutes } from '../modules/auth/auth.routes.js';
import { dicomwebRoutes } from '../modules/dicomweb/dicomweb.routes.js';
import { healthRoutes } from '../modules/health/health.routes.js';
import { imagesRoutes } from '../modules/images/images.routes.js';
import { ingestRoutes } from '../modules/ingest/ingest.routes.js';
import { jobRoutes } from '../modules/jobs/jobs.routes.js';
import { keysRoutes } from '../modules/keys/keys.routes.js';
import { instanceRoutes } from '../modules/studies/instance.routes.js';
import { usersRoutes } from '../modules/users/users.routes.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { requestId } from '../observability/request-id.js';
import { authenticate } from '../security/authenticate.js';
import { corsAllowList } from '../security/hardening/cors-allow-list.js';
import { requestRateLimits } from '../security/hardening/request-rate-limits.js';
import { securityHeaders } from '../security/hardening/security-headers.js';
import { requestOriginOf } from '../security/request-origin.js';
import { publicRoute, requirePermission } from '../security/route-access.js';
import { appRouter } from '../trpc/app-router.js';
import type { AppEnv } from './app-env.js';
import { appErrorOf, errorBody } from './app-error-of.js';
import { closeServices, createServices, type ServiceOverrides, type Services } from './services.js';

export interface CreateAppOptions extends ServiceOverrides {
  /** Configuration; default: process.env. */
  env?: Env | EnvInput;
  logger?: Logger;
}

export interface LucentApp {
  app: Hono<AppEnv>;
  services: Services;
  /** Begin graceful shutdown: readiness fails and new requests get 503 SERVICE_UNAVAILABLE. */
  beginShutdown(): void;
  close(): Promise<void>;
}

const isEnv = (value: Env | EnvInput): value is Env => typeof value.PORT === 'number';

/** Build the whole application (services and routes) without opening a socket. */
export async function createApp(options: CreateAppOptions = {}): Promise<LucentApp> {
  const env = options.env === undefined ? loadEnv() : isEnv(options.env) ? options.env : loadEnv(options.env);
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const services = await createServices(env, logger, options);
  let shuttingDown = false;

  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(securityHeaders({ corsOrigins: env.CORS_ORIGINS }));
  app.use(corsAllowList(env.CORS_ORIGINS));
  app.use(async function provideServices(c, next) {
    c.set('services', services);
    c.set('shuttingDown', () => shuttingDown);
    c.set('auth', null);
    if (shuttingDown && !c.req.path.startsWith('/health')) throw new AppError('SERVICE_UNAVAILABLE');
    await next();
  });
  // Outside authentication, so requests it refuses (401) are recorded too; reads c.get('auth') afterwards.
  app.use(auditTrail());
  app.use(authenticate(services.auth, services.keys));
  app.use(
    requestRateLimits({
      limiter: services.rateLimiter,
      perUser: env.RATE_LIMIT_USER_PER_HOUR,
      anonymous: env.RATE_LIMIT_ANONYMOUS_PER_HOUR,
      uploads: env.RATE_LIMIT_UPLOADS_PER_HOUR,
    }),
  );
  app.use(accessLog());
  app.use(
    requestTimeout((path, method) =>
      method === 'POST' && (path.startsWith('/api/v1/instances') || path.startsWith('/dicomweb/studies'))
        ? env.UPLOAD_TIMEOUT_MS
        : env.REQUEST_TIMEOUT_MS,
    ),
  );

  app.onError(function respondWithAppError(error, c) {
    const appError = appErrorOf(error);
    if (appError.status >= 500) {
      logger.error(
        { err: appError.code === 'INTERNAL' ? error : undefined, code: appError.code, requestId: c.get('requestId') },
        'request failed',
      );
    }
    if (appError.status === 503) c.header('Retry-After', '1');
    const retryAfter = appError.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
    const body = errorBody(appError, c.get('requestId'));
    return c.json(body, appError.status as 400);
  });
  app.notFound((c) => c.json(errorBody(new AppError('NOT_FOUND'), c.get('requestId')), 404));

  app.route('/health', healthRoutes());
  app.get('/metrics', requirePermission('system:monitor'), async (c) => {
    const { engine, metrics } = c.get('services');
    const stats = engine.stats();
    metrics.engineQueueDepth.set(stats.queueSize);
    metrics.engineUtilization.set(stats.utilization);
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
  app.route('/.well-known', jwksRoutes());
  app.route('/api/v1/auth', authRoutes());
  app.route('/api/v1/users', usersRoutes());
  app.route('/api/v1/images', imagesRoutes());
  app.route('/api/v1/instances', ingestRoutes());
  app.route('/api/v1/instances', instanceRoutes());
  app.route('/dicomweb', dicomwebRoutes());
  app.route('/api/v1/jobs', jobRoutes());
  app.route('/api/v1/audit', auditRoutes());
  app.route('/api/v1/admin/keys', keysRoutes());
  app.all('/trpc/*', publicRoute('tRPC transport: every procedure declares its own access'), (c) =>
    fetchRequestHandler({
      endpoint: '/trpc',
      req: c.req.raw,
      router: appRouter,
      createContext: ({ resHeaders }) => ({
        services,
        requestId: c.get('requestId'),
        signal: c.get('signal')(),
        auth: c.get('auth'),
        authError: c.get('authError'),
        origin: requestOriginOf(c),
        resHeaders,
      }),
      // The fetch adapter builds its own Response: carry the request id onto it.
      responseMeta: () => ({ headers: new Headers({ 'X-Request-Id': c.get('requestId') }) }),
      onError({ error }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ err: error.cause ?? error, requestId: c.get('requestId') }, 'trpc failed');
      },
    }),
  );

  return {
    app,
    services,
    beginShutdown() {
      shuttingDown = true;
    },
    async close() {
      shuttingDown = true;
      await closeServices(services, options);
    },
  };
}
