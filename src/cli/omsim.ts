/**
 * `omsim`: the integrator's command line, built on the typed client.
 *   omsim match "Patient Age" Sex Weight
 *   omsim match --csv data.csv [--json]
 *   omsim tokens create|list|revoke|rotate      (admin tokens)
 * The token comes from OMSIM_TOKEN only (a flag would land in shell history) and
 * is never printed.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createOmsimClient, type OmsimClient, type Problem } from '../client/index.js';
import { loadContract } from '../contract/contract.js';
import type { components } from '../generated/openapi.js';
import { parseExpiry } from '../ops/expiry.js';
import { parseQuota } from '../server/config.js';
import { readHeaderRow } from './csv-header.js';
import { exitCodeForStatus, exitCodes } from './exit-codes.js';
import { renderTable, useColour } from './table.js';

type ColumnMatch = components['schemas']['ColumnMatch'];

/** Thrown to end the program with a message on stderr and an exit code. */
class Exit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

// The contract's limits on one request, read from the contract itself.
const matchRequest = loadContract().components.schemas.MatchRequest.properties;
const maxColumns: number = matchRequest.columns.maxItems;
const maxColumnLength: number = matchRequest.columns.items.maxLength;

function client(command: Command): OmsimClient {
  const { baseUrl } = command.optsWithGlobals() as { baseUrl: string };
  if (!process.env.OMSIM_TOKEN) throw new Exit(exitCodes.auth, 'Set OMSIM_TOKEN to your OMSIM token (it is never read from a flag).');
  return createOmsimClient({ baseUrl });
}

/** Calls the API; turns a problem document or a network failure into an `Exit`. */
async function send<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call();
  } catch (e) {
    throw new Exit(exitCodes.server, `Could not reach the server: ${(e as Error).cause ?? (e as Error).message}`);
  }
  if (result.error !== undefined || !result.response.ok) {
    const problem = result.error as Partial<Problem> | undefined;
    const status = result.response.status;
    const text = problem?.title ? `${problem.title}: ${problem.detail ?? ''}` : `HTTP ${status}`;
    const details = (problem?.errors ?? []).map((e) => `\n  - ${e.location} ${e.path}: ${e.message}`).join('');
    throw new Exit(exitCodeForStatus(status), `${text}${details}`);
  }
  return result.data as T;
}

async function match(columns: string[], opts: { json?: boolean; limit?: number; threshold?: number }, command: Command) {
  const names = columns.map((c) => c.trim());
  const empty = names.filter((c) => c.length === 0).length;
  if (empty > 0) process.stderr.write(`omsim: ${empty} empty column name(s) skipped\n`);
  const wanted = names.filter((c) => c.length > 0);
  if (wanted.length === 0) throw new Exit(exitCodes.usage, 'No column names to match.');
  const tooLong = wanted.find((c) => c.length > maxColumnLength);
  if (tooLong) throw new Exit(exitCodes.usage, `A column name is longer than ${maxColumnLength} characters: ${tooLong.slice(0, 40)}…`);

  const api = client(command);
  const matches: ColumnMatch[] = [];
  const progress = wanted.length > maxColumns && process.stderr.isTTY;
  for (let i = 0; i < wanted.length; i += maxColumns) {
    const batch = wanted.slice(i, i + maxColumns);
    const body = { columns: batch, ...(opts.limit ? { limit: opts.limit } : {}), ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}) };
    const data = await send(() => api.POST('/match', { body }));
    matches.push(...data.matches);
    if (progress) process.stderr.write(`\rmatched ${matches.length}/${wanted.length} columns`);
  }
  if (progress) process.stderr.write('\n');

  if (opts.json) {
    process.stdout.write(JSON.stringify({ matches }, null, 2) + '\n');
    return;
  }
  const rows = matches.map((m) => ({
    cells: [m.column, m.best?.label ?? '(no match)', m.best?.system ?? '', m.best?.code ?? '', m.best ? m.best.score.toFixed(2) : ''],
    style: m.best ? undefined : ('dim' as const),
  }));
  process.stdout.write(renderTable(['COLUMN', 'BEST MATCH', 'SYSTEM', 'CODE', 'SCORE'], rows, useColour(process.stdout)));
}

const intArg = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
  return n;
};
const scoreArg = (v: string) => {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
};

const program = new Command('omsim')
  .description('Map the column headers of a health data set to LOINC / SNOMED CT data elements, with the OMSIM API.')
  .addOption(
    new Option('--base-url <url>', 'the OMSIM server; the mock (npm run mock) is http://127.0.0.1:4010')
      .env('OMSIM_BASE_URL')
      .default('http://localhost:8080'),
  )
  .addHelpText(
    'after',
    `
The token is read from OMSIM_TOKEN, never from a flag, and never printed.

Exit codes: 0 ok · 1 the server refused the request (400, 404, 413, 415) · 2 usage ·
            3 authentication (401, 403, no OMSIM_TOKEN) · 4 quota (429) · 5 server error or unreachable`,
  )
  .showHelpAfterError()
  .exitOverride();

program
  .command('match')
  .description(`match column names given as arguments or read from a CSV header row (sent ${maxColumns} per request)`)
  .argument('[columns...]', 'column names')
  .option('--csv <file>', 'read the column names from the header row of a CSV file (, ; or tab)')
  .option('--json', 'print the API response as JSON')
  .option('--limit <n>', 'candidates per column (1-10)', intArg(1, 10))
  .option('--threshold <score>', 'score a match must reach (0-1)', scoreArg)
  .action(async (columns: string[], opts: { csv?: string; json?: boolean; limit?: number; threshold?: number }, command: Command) => {
    let names = columns;
    if (opts.csv) {
      let text: string;
      try {
        text = readFileSync(opts.csv, 'utf8');
      } catch (e) {
        throw new Exit(exitCodes.usage, `Cannot read ${opts.csv}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      names = [...columns, ...readHeaderRow(text)];
    }
    await match(names, opts, command);
  });

const tokens = program.command('tokens').description('administer tokens (needs an admin token)');

tokens
  .command('create')
  .description('issue a token and print its secret once, on stdout')
  .requiredOption('--name <name>', 'who or what the token is for')
  .addOption(new Option('--role <role>', 'user or admin').choices(['user', 'admin']).makeOptionMandatory())
  .option('--expires <when>', 'a duration (90d, 12h) or an ISO 8601 time', (v) => {
    try {
      return parseExpiry(v);
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  })
  .option('--quota <quota>', 'requests per window, e.g. 100/60s', (v) => {
    const q = parseQuota(v);
    if (!q) throw new InvalidArgumentError('use LIMIT/WINDOW such as 100/60s');
    return q;
  })
  .action(async (opts: { name: string; role: 'user' | 'admin'; expires?: string; quota?: { limit: number; windowSeconds: number } }, command: Command) => {
    const body = { name: opts.name, role: opts.role, ...(opts.expires ? { expiresAt: opts.expires } : {}), ...(opts.quota ? { quota: opts.quota } : {}) };
    const issued = await send(() => client(command).POST('/tokens', { body }));
    process.stderr.write(`Issued ${issued.id} (${issued.role}). The secret is shown this once:\n`);
    process.stdout.write(issued.token + '\n');
  });

tokens
  .command('list')
  .description('list tokens (never their secrets)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }, command: Command) => {
    const api = client(command);
    const all: components['schemas']['Token'][] = [];
    let cursor: string | undefined;
    do {
      const page = await send(() => api.GET('/tokens', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (opts.json) return void process.stdout.write(JSON.stringify(all, null, 2) + '\n');
    const rows = all.map((t) => ({
      cells: [t.id, t.name, t.role, t.expiresAt ?? '-', t.revokedAt ?? '-', t.lastUsedAt ?? '-', `${t.quota.limit}/${t.quota.windowSeconds}s`],
      style: t.revokedAt ? ('dim' as const) : undefined,
    }));
    process.stdout.write(renderTable(['ID', 'NAME', 'ROLE', 'EXPIRES', 'REVOKED', 'LAST USED', 'QUOTA'], rows, useColour(process.stdout)));
  });

tokens
  .command('revoke <id>')
  .description('revoke a token: its next request is refused')
  .action(async (id: string, _opts: unknown, command: Command) => {
    await send(() => client(command).DELETE('/tokens/{tokenId}', { params: { path: { tokenId: id } } }));
    process.stderr.write(`Revoked ${id}.\n`);
  });

tokens
  .command('rotate <id>')
  .description('give a token a new secret (printed once, on stdout); the old one stops working')
  .action(async (id: string, _opts: unknown, command: Command) => {
    const rotated = await send(() => client(command).POST('/tokens/{tokenId}/rotate', { params: { path: { tokenId: id } } }));
    process.stderr.write(`Rotated ${id}. The new secret is shown this once:\n`);
    process.stdout.write(rotated.token + '\n');
  });

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof Exit) {
    process.stderr.write(`omsim: ${e.message}\n`);
    process.exitCode = e.code;
  } else if ((e as { code?: string }).code?.startsWith('commander.')) {
    const code = (e as { exitCode?: number }).exitCode ?? 2;
    process.exitCode = code === 0 ? 0 : exitCodes.usage;
  } else {
    throw e;
  }
}
