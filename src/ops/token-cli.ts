/**
 * The operator's token CLI, on the server's own database (OMSIM_DB):
 *   npm run token -- create --name N --role user|admin [--expires 90d] [--quota 100/60s]
 *   npm run token -- list | revoke ID | rotate ID
 * A secret is printed once, on stdout, by create and rotate; nothing else prints one.
 */
import { Command, InvalidArgumentError } from 'commander';
import { parseQuota } from '../server/config.js';
import { parseExpiry } from './expiry.js';
import { openDatabase } from '../store/database.js';
import { TokenStore, type Role } from '../store/token-store.js';

function expiryArg(text: string): string {
  try {
    return parseExpiry(text);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

function parseRole(text: string): Role {
  if (text !== 'user' && text !== 'admin') throw new InvalidArgumentError('must be user or admin');
  return text;
}

function parseQuotaArg(text: string) {
  const q = parseQuota(text);
  if (!q) throw new InvalidArgumentError('use LIMIT/WINDOW such as 100/60s, 600/1m or 5000/1h');
  return q;
}

const store = () => new TokenStore(openDatabase(process.env.OMSIM_DB || './data/omsim.db'));

const program = new Command('token')
  .description('Manage OMSIM tokens in the server database (OMSIM_DB, default ./data/omsim.db).')
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('create')
  .description('issue a token and print its secret once')
  .requiredOption('--name <name>', 'who or what the token is for')
  .requiredOption('--role <role>', 'user or admin', parseRole)
  .option('--expires <when>', 'a duration (90d, 12h) or an ISO 8601 time', expiryArg)
  .option('--quota <quota>', 'requests per window, e.g. 100/60s (default: the role default)', parseQuotaArg)
  .action((opts: { name: string; role: Role; expires?: string; quota?: { limit: number; windowSeconds: number } }) => {
    const { record, secret } = store().create({ name: opts.name, role: opts.role, expiresAt: opts.expires ?? null, quota: opts.quota ?? null });
    process.stderr.write(`Issued ${record.id} (${record.role}). The secret is shown this once:\n`);
    process.stdout.write(secret + '\n');
  });

program
  .command('list')
  .description('list tokens (never their secrets)')
  .action(() => {
    const s = store();
    let cursor: string | undefined;
    const rows: string[][] = [['ID', 'NAME', 'ROLE', 'CREATED', 'EXPIRES', 'REVOKED', 'LAST USED']];
    for (;;) {
      const page = s.list(100, cursor)!;
      for (const t of page.items) rows.push([t.id, t.name, t.role, t.createdAt, t.expiresAt ?? '-', t.revokedAt ?? '-', t.lastUsedAt ?? '-']);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
  });

program
  .command('revoke <id>')
  .description('revoke a token: its next request is refused')
  .action((id: string) => {
    if (!store().revoke(id)) {
      process.stderr.write(`No token ${id}.\n`);
      process.exit(1);
    }
    process.stderr.write(`Revoked ${id}.\n`);
  });

program
  .command('rotate <id>')
  .description('give a token a new secret (printed once); the old one stops working')
  .action((id: string) => {
    const rotated = store().rotate(id);
    if (!rotated) {
      process.stderr.write(`No live token ${id}.\n`);
      process.exit(1);
    }
    process.stderr.write(`Rotated ${id}. The new secret is shown this once:\n`);
    process.stdout.write(rotated.secret + '\n');
  });

program.parse();
