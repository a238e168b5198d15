import { z } from 'zod';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Unset and empty variables are the same thing. */
const optionalText = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());
const bytes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The API's whole configuration, from the environment. Parsed once at start-up; nothing else reads
 * process.env. Documented in the README ("Configuration").
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL; unset → embedded PGlite stored under DATA_DIR/pglite. */
  DATABASE_URL: optionalText.pipe(z.string().url().optional()),
  /** Redis; unset → in-process cache. */
  REDIS_URL: optionalText.pipe(z.string().url().optional()),
  REDIS_KEY_PREFIX: z.string().default('lucent:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest single DICOM file accepted. */
  MAX_FILE_BYTES: bytes(GiB),
  /** Largest request body (a multipart upload of many files). */
  MAX_REQUEST_BYTES: bytes(4 * GiB),
  /** Uploads larger than this run as a background job even without ?async=true. */
  ASYNC_INGEST_BYTES: bytes(256 * MiB),
  /** Per-route request timeout for reads and renders; uploads get UPLOAD_TIMEOUT_MS. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  UPLOAD_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 60_000),
  /** Audit rows gather this long before they are appended in one transaction (ms; 0 = at once). */
  AUDIT_WRITE_GATHER_MS: z.coerce.number().int().min(0).max(1000).default(20),
  /** One user's image reads of one study within this window become one audit row (ms). */
  AUDIT_IMAGE_READ_WINDOW_MS: z.coerce.number().int().positive().max(60_000).default(5000),
  /** Engine worker threads; default = available parallelism. */
  ENGINE_THREADS: z.coerce.number().int().positive().optional(),
  /** Rendered-image cache (Redis or in process): byte cap, and the largest image kept. */
  RENDER_CACHE_MAX_BYTES: bytes(512 * MiB),
  RENDER_CACHE_MAX_ITEM_BYTES: bytes(8 * MiB),
  /** Decoded-frame LRU (always in process). */
  FRAME_CACHE_MAX_BYTES: bytes(512 * MiB),
  /** Keep a decoded copy of each JPEG 2000 frame beside the file (written after ingest) for fast full renders. */
  DERIVED_J2K_FRAMES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Keep each large frame's thumbnail render source (box-reduced stored values, a few KB) beside the file (written after ingest) for fast cold thumbnails. */
  DERIVED_REDUCED_FRAMES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Key file (token signing, PHI master key ring, index and URL keys); default DATA_DIR/keys/keys.json. Generated on first start unless NODE_ENV=production. */
  KEYS_FILE: optionalText,
  /** The key file's JSON, given directly (e.g. from a secret store); wins over KEYS_FILE. */
  LUCENT_KEYS: optionalText,
  /** Write stored DICOM files and derived copies encrypted (envelope encryption, storage/file-envelope.ts); plaintext files stay readable. */
  ENCRYPT_FILES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** First start (no user yet): the system administrator's email and password; without a password one is generated and printed once. */
  LUCENT_ADMIN_EMAIL: optionalText.pipe(z.string().email().optional()),
  LUCENT_ADMIN_PASSWORD: optionalText,
  /** Access tokens' `iss` and `aud` claims. */
  JWT_ISSUER: z.string().min(1).default('lucent'),
  JWT_AUDIENCE: z.string().min(1).default('lucent-api'),
  /** scrypt cost (log2 N) for new password hashes; 17 is OWASP's minimum (128 MiB). Lower only in tests. */
  PASSWORD_SCRYPT_LN: z.coerce.number().int().min(10).max(20).default(17),
  /** Sign-in attempts allowed per minute, per client address and per account (429 RATE_LIMITED beyond). */
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().positive().default(5),
  /** Pre-render each instance's thumbnail at ingest. */
  PRERENDER_THUMBNAILS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Browser origins allowed to call the API with credentials (comma-separated `https://host[:port]`); none by default. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port], no path'))),
  /** Requests per hour per signed-in user (0 = no limit). Viewers of very large studies may need more. */
  RATE_LIMIT_USER_PER_HOUR: z.coerce.number().int().min(0).default(1000),
  /** Requests per hour per client address without a credential (0 = no limit). */
  RATE_LIMIT_ANONYMOUS_PER_HOUR: z.coerce.number().int().min(0).default(100),
  /** Upload requests (POST /api/v1/instances, STOW-RS) per hour per user or address (0 = no limit). */
  RATE_LIMIT_UPLOADS_PER_HOUR: z.coerce.number().int().min(0).default(20),
});
export type Env = z.infer<typeof EnvSchema>;
export type EnvInput = Partial<Record<keyof Env, string>>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parse the environment, listing every problem at once. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}
