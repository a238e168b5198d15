import { serve } from '@hono/node-server';
import { createApp } from './app/create-app.js';
import { EnvError, loadEnv } from './config/env.js';
import { createLogger } from './observability/logger.js';
import { runKeysCommand } from './security/keys/keys-command.js';

/** `pnpm start`: load the configuration, build the app, listen, and shut down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const lucent = await createApp({ env, logger });
  const server = serve({ fetch: lucent.app.fetch, hostname: env.HOST, port: env.PORT }, (info) => {
    logger.info(
      {
        address: info.address,
        port: info.port,
        database: lucent.services.db.embedded ? 'embedded PGlite' : 'PostgreSQL',
        cache: lucent.services.cache.kind,
      },
      `Lucent listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${info.port}`,
    );
  });
  // Uploads can be long; each route has its own timeout (requestTimeout middleware).
  if ('requestTimeout' in server) server.requestTimeout = 0;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    lucent.beginShutdown();
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    server.close(async () => {
      await lucent.close();
      logger.info('stopped');
      process.exit(0);
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'keys') process.exit(await runKeysCommand(rest, (text) => process.stdout.write(text)));
else await main();
