/**
 * Dredd hooks: make every documented response of every operation happen against
 * the real server, so that Dredd checks each one. The admin secret and the base
 * URL come from scripts/contract-test.ts through the environment; the other tokens
 * are minted here through the API. A transaction is skipped only where its case
 * cannot occur, with the reason beside it.
 */
const hooks = require('hooks');

const base = process.env.OMSIM_CONTRACT_BASE_URL;
const admin = process.env.OMSIM_CONTRACT_ADMIN_TOKEN;
const exampleId = 'tok_3f9a1c2b7d4e8f60';
const tokens = {};

async function issue(body) {
  const res = await fetch(`${base}/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`could not issue a token: ${res.status}`);
  return res.json();
}

hooks.beforeAll(async (_transactions, done) => {
  try {
    tokens.user = await issue({ name: 'dredd-user', role: 'user' });
    // A token whose one request per hour is spent: every later call is 429.
    tokens.spent = await issue({ name: 'dredd-spent', role: 'admin', quota: { limit: 1, windowSeconds: 3600 } });
    await fetch(`${base}/me`, { headers: { Authorization: `Bearer ${tokens.spent.token}` } });
    done();
  } catch (e) {
    done(e);
  }
});

function setPath(transaction, path) {
  transaction.request.uri = path;
  transaction.fullPath = path;
}

const skipReasons = {
  500: 'a 500 needs a fault in the server; there is no backdoor to cause one (response validation would turn a contract violation into one, and none occurs)',
  '403-user-ops': 'both roles (user, admin) may call this operation and there is no third role; 403 https_required needs NODE_ENV=production, covered by test/server/hardening.test.ts',
};

hooks.beforeEach(async (transaction, done) => {
  try {
    const status = Number(transaction.expected.statusCode);
    const req = transaction.request;
    const [path, query] = req.uri.split('?');
    const addressed = path.includes(exampleId);
    req.headers.Authorization = `Bearer ${admin}`;

    // Operations on /tokens/{tokenId}: a fresh real token, so revoke and rotate have something to act on.
    if (addressed && status < 400) {
      const target = await issue({ name: 'dredd-target', role: 'user' });
      setPath(transaction, req.uri.replace(exampleId, target.id));
    }

    switch (status) {
      case 400:
        if (req.method === 'POST' && req.body) req.body = JSON.stringify({ columns: [], name: '' });
        else if (addressed) setPath(transaction, req.uri.replace(exampleId, 'not-a-token-id'));
        else setPath(transaction, `${path}?${query ? query + '&' : ''}unexpected=1`);
        if (req.method === 'POST' && !req.body) setPath(transaction, req.uri.replace(exampleId, 'not-a-token-id'));
        break;
      case 401:
        delete req.headers.Authorization;
        break;
      case 403: {
        const roles = (transaction.name.startsWith('/match') || transaction.name.startsWith('/me')) ? ['user', 'admin'] : ['admin'];
        if (roles.includes('user')) {
          transaction.skip = true;
          transaction.skipReason = skipReasons['403-user-ops'];
        } else req.headers.Authorization = `Bearer ${tokens.user.token}`;
        break;
      }
      case 404:
        setPath(transaction, req.uri.replace(exampleId, 'tok_ffffffffffffffff'));
        break;
      case 413:
        req.body = JSON.stringify({ columns: ['x'.repeat(300 * 1024)] });
        break;
      case 415:
        req.headers['Content-Type'] = 'text/plain';
        req.body = 'Patient Age,Sex,Weight';
        break;
      case 429:
        req.headers.Authorization = `Bearer ${tokens.spent.token}`;
        break;
      case 500:
        transaction.skip = true;
        transaction.skipReason = skipReasons[500];
        break;
    }
    if (transaction.skip) hooks.log(`skip ${transaction.name}: ${transaction.skipReason}`);
    done();
  } catch (e) {
    done(e);
  }
});

// Express appends "; charset=utf-8" to JSON content types; the contract names the bare media type.
hooks.beforeEachValidation((transaction, done) => {
  const headers = transaction.real.headers;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'content-type') headers[name] = headers[name].replace(/;\s*charset=utf-8$/i, '');
  }
  done();
});
