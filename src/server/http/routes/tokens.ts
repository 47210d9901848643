// API tokens: every user lists, creates and revokes their own (a new token is shown once); an
// admin on everything sees and revokes anyone's.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createToken, findToken, listTokens, revokeToken, TokenNotFoundError } from '../../auth/index.js';
import { authorize, principalOf } from '../access.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors } from '../schemas.js';

const tokenId = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a token id is 64 hexadecimal digits, as GET /api/v1/tokens lists it')
  .describe("the token's id: the SHA-256 (hex) of the token, as listed");

const listQuery = z.object({
  owner: z.string().min(1).max(64).optional().describe("another user's tokens (admin on everything)"),
  all: z.enum(['true', 'false']).optional().describe("'true': every user's tokens (admin on everything)"),
});

const storedToken = z.object({
  id: tokenId,
  owner: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().optional().describe('recorded at most once a minute'),
  expiresAt: z.string().optional(),
  current: z.boolean().describe('the token this request was made with'),
});

const createBody = z.object({
  name: z.string().min(1).max(64).describe('where the token is used, e.g. "ci deploy"'),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe('no expiry when absent'),
});

const createdToken = z.object({
  token: z.string().describe('the token (spt_...), shown this once: store it now'),
  id: tokenId,
  owner: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().optional(),
});

/** Listing someone else's tokens, or everyone's, needs admin on everything; one's own, nothing more. */
function listedKeys(request: FastifyRequest): string[] {
  const { owner, all } = request.query as z.infer<typeof listQuery>;
  const self = request.principal?.user.name;
  return all === 'true' || (owner !== undefined && owner !== self) ? [''] : [];
}

export const tokensRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: "Your API tokens; an admin on everything may ask for a user's (?owner=) or all (?all=true)",
        querystring: listQuery,
        response: { 200: z.object({ tokens: z.array(storedToken) }), ...guardedErrors },
      },
      config: { access: { kind: 'action', action: 'admin', keys: listedKeys } },
    },
    async (request) => {
      const principal = principalOf(request);
      const { owner, all } = request.query;
      const tokens = await listTokens(client, all === 'true' ? {} : { owner: owner ?? principal.user.name });
      const current = principal.via === 'token' ? principal.token.id : undefined;
      return {
        tokens: tokens
          .sort((a, b) => a.owner.localeCompare(b.owner) || a.createdAt.localeCompare(b.createdAt))
          .map((t) => ({ ...t, current: t.id === current })),
      };
    },
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for yourself; the answer shows it once',
        body: createBody,
        response: { 201: createdToken, ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' }, audit: 'token.create' },
    },
    async (request, reply) => {
      const owner = principalOf(request).user.name;
      const { name, expiresInDays } = request.body;
      request.auditWhere = owner;
      const expiresAt =
        expiresInDays === undefined ? undefined : new Date(Date.now() + expiresInDays * 86_400_000);
      const created = await createToken(client, { owner, name, ...(expiresAt ? { expiresAt } : {}) });
      request.auditDetail = { id: created.id };
      return reply.code(201).send({ token: created.token, id: created.id, ...created.record });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token: your own, or anyone’s as an admin on everything',
        params: z.object({ id: tokenId }),
        response: { 204: z.null(), ...guardedErrors, 404: errorSchema },
      },
      config: { access: { kind: 'signed-in' }, audit: 'token.revoke' },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { id } = request.params;
      request.auditDetail = { id };
      const found = await findToken(client, id);
      if (found === undefined) throw new TokenNotFoundError(id);
      request.auditWhere = found.owner;
      // Someone else's token: only an admin on everything may revoke it.
      if (found.owner !== principal.user.name) authorize(principal, 'admin', '');
      await revokeToken(client, id);
      return reply.code(204).send(null);
    },
  );
};
