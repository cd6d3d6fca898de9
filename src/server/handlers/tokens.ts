/** Token administration: createToken, listTokens, getToken, revokeToken, rotateToken; and getMe. */
import type { components } from '../../generated/openapi.js';
import { HttpProblem } from '../problem.js';
import { effectiveQuota } from '../quota.js';
import type { QuotaState } from '../rate-limit.js';
import type { Config } from '../config.js';
import type { TokenRecord } from '../../store/token-store.js';
import type { HandlerDeps, Handlers } from './types.js';

type TokenCreate = components['schemas']['TokenCreate'];
type Token = components['schemas']['Token'];

export function tokenToApi(record: TokenRecord, config: Config): Token {
  const { quota: _own, ...rest } = record;
  return { ...rest, quota: effectiveQuota(record, config) };
}

const notFound = (id: string) => new HttpProblem(404, 'not_found', `No token with the id ${id}.`);

export function tokenHandlers({ tokens, config }: HandlerDeps): Handlers {
  return {
    getMe(_req, res) {
      const token = res.locals.token as TokenRecord;
      const state = res.locals.quotaState as QuotaState;
      const quota = effectiveQuota(token, config);
      res.json({
        id: token.id,
        name: token.name,
        role: token.role,
        createdAt: token.createdAt,
        expiresAt: token.expiresAt,
        quota: { ...quota, remaining: state.remaining, resetSeconds: state.resetSeconds },
      });
    },

    createToken(req, res) {
      const body = req.body as TokenCreate;
      let expiresAt: string | null = null;
      if (body.expiresAt !== undefined) {
        const at = new Date(body.expiresAt);
        if (at.getTime() <= Date.now()) {
          throw new HttpProblem(400, 'invalid_request', 'expiresAt must be in the future.', {
            errors: [{ location: 'body', path: '/expiresAt', message: 'must be in the future' }],
          });
        }
        expiresAt = at.toISOString();
      }
      const { record, secret } = tokens.create({ name: body.name, role: body.role, expiresAt, quota: body.quota ?? null });
      res.status(201).location(`/tokens/${record.id}`).json({ ...tokenToApi(record, config), token: secret });
    },

    listTokens(req, res) {
      const { limit, cursor } = req.query as unknown as { limit: number; cursor?: string };
      const page = tokens.list(limit, cursor);
      if (!page) {
        throw new HttpProblem(400, 'invalid_request', 'The cursor is not one this server issued.', {
          errors: [{ location: 'query', path: 'cursor', message: 'is not a valid cursor' }],
        });
      }
      res.json({ items: page.items.map((t) => tokenToApi(t, config)), nextCursor: page.nextCursor });
    },

    getToken(req, res) {
      const id = req.params.tokenId as string;
      const record = tokens.get(id);
      if (!record) throw notFound(id);
      res.json(tokenToApi(record, config));
    },

    revokeToken(req, res) {
      const id = req.params.tokenId as string;
      if (!tokens.revoke(id)) throw notFound(id);
      res.status(204).end();
    },

    rotateToken(req, res) {
      const id = req.params.tokenId as string;
      const rotated = tokens.rotate(id);
      if (!rotated) {
        throw tokens.get(id)
          ? new HttpProblem(404, 'not_found', `The token ${id} is revoked; issue a new one instead.`)
          : notFound(id);
      }
      res.status(201).json({ ...tokenToApi(rotated.record, config), token: rotated.secret });
    },
  };
}
