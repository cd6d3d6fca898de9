/**
 * Structured logs with pino. The Authorization header and anything named like a
 * secret are redacted at the source, so no log line can carry a token.
 *
 * Standard output is written asynchronously (sonic-boom), so a request never
 * waits on a write(2): lines that arrive while one write is in flight go out
 * together in the next. What is still buffered is written synchronously when the
 * process exits, as pino's documentation on asynchronous logging advises.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

function stdout(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: false });
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // Nothing more can be done for a log line at exit.
    }
  });
  return destination;
}

export function createLogger(level: string, destination: DestinationStream = stdout()): Logger {
  return pino(
    {
      level,
      base: { service: 'omsim' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.token', 'token', 'secret', '*.secret'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Replaces anything shaped like a token secret (a client may put one in a URL by mistake). */
export function redactSecrets(text: string): string {
  return text.replace(/omsim_[A-Za-z0-9_-]*/g, 'omsim_[redacted]');
}
