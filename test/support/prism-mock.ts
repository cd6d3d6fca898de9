/** Starts the Prism mock (as `npm run mock` does) on a free loopback port, for one test file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/free-port.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface MockServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startMock(): Promise<MockServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join('node_modules/@stoplight/prism-cli/dist/index.js'), 'mock', 'openapi.yaml', '--host', '127.0.0.1', '--port', String(port), '--errors'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited: ${output}`);
    if (/Prism is listening/.test(output)) break;
    if (Date.now() > deadline) throw new Error(`prism did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
