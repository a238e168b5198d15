import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Request logs carry method, route, status, duration and request id only:
 * never query strings of patient searches, bodies or DICOM attributes (no PHI in logs).
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'lucent-api' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], censor: '[redacted]' },
  });
}
