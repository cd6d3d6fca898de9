/**
 * The process entry: `npm start`. Reads the configuration, builds the app,
 * listens (HTTPS when OMSIM_TLS_CERT and OMSIM_TLS_KEY are set), and shuts down
 * gracefully on SIGTERM/SIGINT: stop accepting, finish in-flight requests, flush
 * the audit trail, close the database.
 */
import { createApp } from './app.js';
import { createHttpServer } from './http-server.js';
import { bootstrapAdmin } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { VocabularyError } from '../matcher/index.js';

function fail(message: string): never {
  process.stderr.write(`omsim: ${message}\n`);
  process.exit(2);
}

let omsim: ReturnType<typeof createApp>;
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
  omsim = createApp(config);
} catch (e) {
  if (e instanceof ConfigError || e instanceof VocabularyError) fail(e.message);
  throw e;
}

bootstrapAdmin(omsim.tokens, config, (line) => process.stderr.write(line + '\n'));

const server = createHttpServer(config, omsim.app);

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  omsim.logger.info({ port, host: config.host, tls: Boolean(config.tls) }, 'omsim listening');
  process.stderr.write(`OMSIM listening on ${config.tls ? 'https' : 'http'}://${config.host}:${port}\n`);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  omsim.logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(async () => {
    await omsim.close();
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
