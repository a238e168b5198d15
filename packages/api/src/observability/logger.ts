import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Request logs carry method, route, status, duration and request id only:
 * never query strings of patient searches, bodies or DICOM attributes (no PHI in logs). Written to
 * stdout unless a `destination` is given (the tests write every app's logs to a file and scan them).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'lucent-api' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
