/** `npm run test:contract` (Dredd against the real server) is part of `npm test`. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { root } from '../support/process.js';

it('Dredd exercises every documented response of every operation, none failing', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/contract-test.ts'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  const out = r.stdout + r.stderr;
  const summary = /complete: (\d+) passing, (\d+) failing, (\d+) errors, (\d+) skipped, (\d+) total/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
  assert.ok(summary, out);
  const [, passing, failing, errors, skipped] = summary.map(Number);
  assert.equal(r.status, 0, out);
  assert.equal(failing, 0, out);
  assert.equal(errors, 0, out);
  // 8 operations × their documented statuses, less the 500s (no fault to cause)
  // and the 403s of the two operations every role may call.
  assert.ok(passing! >= 45, `only ${passing} transactions passed`);
  assert.ok(skipped! <= 10, `${skipped} transactions skipped`);
});
