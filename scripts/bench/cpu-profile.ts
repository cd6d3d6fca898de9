/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where a server's time went,
 * by component: self time of each sample, grouped by the source file or package
 * of its function. Start-up (module loading and everything it runs: reading the
 * contract, compiling validators, indexing the vocabulary) and idle time are left
 * out, so that what remains divided by the requests served is the cost of one.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Components, first match wins: [name, test on the function's URL and name]. */
const components: [string, (url: string, fn: string) => boolean][] = [
  ['garbage collection', (_u, fn) => fn === '(garbage collector)'],
  ['matcher', (u) => u.includes('/src/matcher/')],
  ['token lookup (SHA-256, SQLite data_version)', (u, fn) => /token-(store|secret)/.test(u) || (u.includes('crypto/hash') && fn === 'hash')],
  ['audit trail (queue, batched SQLite writes)', (u) => /audit-(trail|store)/.test(u)],
  ['access log (pino)', (u) => /pino|sonic-boom|access-log|redact/.test(u)],
  ['authentication + quota (rate-limiter-flexible)', (u) => /rate-limiter-flexible|quota\.ts|rate-limit\.ts|authenticate\.ts|authorize\.ts/.test(u)],
  ['request validation (ajv)', (u) => /request-validator|\/ajv\/|type-is/.test(u)],
  ['request id, security headers, HTTPS check, pipeline', (u) => /request-id|security-headers|require-https|trusted-proxies|proxy-addr|ipaddr|operation-router|pipeline|dispatch/.test(u)],
  ['JSON body parsing (body-parser)', (u) => /body-parser|raw-body|iconv-lite|content-type|bytes|media-typer|mime/.test(u)],
  ['Express (routing, res.json)', (u) => /node_modules\/(express|router|parseurl|finalhandler|on-finished|path-to-regexp|encodeurl|statuses|depd|vary|send|fresh|etag|qs)\//.test(u)],
  ['Node HTTP, sockets, streams', (u, fn) => /^node:/.test(u) || ['writev', 'writeBuffer', 'writeString', 'writeUtf8String', 'writeLatin1String', 'set natives'].includes(fn)],
];
const other = 'other (native code, handlers, …)';

/** The main thread's profile in a directory: the largest one (tsx's loader thread writes a small one). */
export function mainProfile(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  if (files.length === 0) throw new Error(`no CPU profile in ${dir}`);
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

/** Microseconds of CPU per component, start-up and idle excluded. */
export function costByComponent(file: string): Map<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const startup = new Map<number, boolean>();
  const isStartup = (id: number): boolean => {
    let known = startup.get(id);
    if (known === undefined) {
      const { url } = byId.get(id)!.callFrame;
      const up = parent.get(id);
      known = url.startsWith('node:internal/modules/') || url.startsWith('node:internal/main/') || (up !== undefined && isStartup(up));
      startup.set(id, known);
    }
    return known;
  };
  const cost = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName === '(idle)' || functionName === '(root)' || isStartup(id)) return;
    const name = components.find(([, test]) => test(url, functionName))?.[0] ?? other;
    cost.set(name, (cost.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return cost;
}
