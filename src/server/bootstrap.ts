/**
 * The first admin token. With OMSIM_BOOTSTRAP_TOKEN set, that secret is
 * registered as an admin token (once; restarts change nothing). Otherwise, on
 * the first start with an empty store, an admin token is created and its secret
 * printed once, to stderr — not to the log, so it does not land in log storage.
 */
import type { Config } from './config.js';
import type { TokenStore } from '../store/token-store.js';

export function bootstrapAdmin(tokens: TokenStore, config: Config, print: (line: string) => void): void {
  if (config.bootstrapToken) {
    if (!tokens.hasSecret(config.bootstrapToken)) tokens.register({ name: 'bootstrap', role: 'admin' }, config.bootstrapToken);
    return;
  }
  if (tokens.count() > 0) return;
  const { record, secret } = tokens.create({ name: 'first-admin', role: 'admin' });
  print(
    [
      '',
      `OMSIM: created the first admin token (${record.id}). It is shown this once; store it in a secret store:`,
      '',
      `  export OMSIM_TOKEN=${secret}`,
      '',
      'Issue user tokens with POST /tokens or `npm run token -- create --name NAME --role user`.',
      '',
    ].join('\n'),
  );
}
