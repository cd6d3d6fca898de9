/**
 * Structured logs with pino. The Authorization header and anything named like a
 * secret are redacted at the source, so no log line can carry a token.
 */
import { pino, type Logger } from 'pino';

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'omsim' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.token', 'token', 'secret', '*.secret'],
        censor: '[redacted]',
      },
    },
    destination as never,
  );
}

/** Replaces anything shaped like a token secret (a client may put one in a URL by mistake). */
export function redactSecrets(text: string): string {
  return text.replace(/omsim_[A-Za-z0-9_-]*/g, 'omsim_[redacted]');
}
