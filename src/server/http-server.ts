/**
 * The HTTP(S) server around the app, with the limits that protect it from slow
 * or greedy clients (Node's defaults are generous: 60 s for headers, checked
 * every 30 s): headers must arrive within `headersTimeoutMs`, a whole request
 * within `requestTimeoutMs`; idle keep-alive connections close after 5 s;
 * header blocks over 16 KiB get 431 from Node's parser.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Express } from 'express';
import type { Config } from './config.js';

export function createHttpServer(config: Config, app: Express): http.Server {
  const options: http.ServerOptions = {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    maxHeaderSize: 16 * 1024,
    // How often Node checks the two timeouts above; its default is 30 s.
    connectionsCheckingInterval: Math.min(1_000, config.headersTimeoutMs),
  };
  const server = config.tls
    ? https.createServer({ ...options, cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app)
    : http.createServer(options, app);
  server.maxHeadersCount = 100;
  return server;
}
