// The audit log of the HTTP API: every change and every refused request, with who, what, where,
// from which address and how it ended. A change made through `commitChange` carries its entry in
// its own transaction (`author`); everything else is recorded as its answer leaves.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditEntryRefusedError, recordAudit } from '../auth/index.js';
import type { Author } from '../config/keys.js';
import { principalOf } from './access.js';
import type { ApiContext } from './context.js';

/** Error codes that mean access control (or the login rate limit) refused the request. */
const DENIALS = new Set(['NOT_SIGNED_IN', 'ACCESS_DENIED', 'CSRF_TOKEN_INVALID', 'LOGIN_RATE_LIMITED']);

/** Where a request acts, for its audit entry: what the handler said, else the keys it was checked on. */
function whereOf(request: FastifyRequest): string {
  if (request.auditWhere !== undefined) return request.auditWhere.slice(0, 2048);
  const access = request.routeOptions.config?.access;
  if (access?.kind !== 'action') return '';
  try {
    return access.keys(request).join(', ').slice(0, 2048);
  } catch {
    return '';
  }
}

/**
 * The author of a change made by this request: the signed-in user, their address, the message,
 * and the route's audit entry, committed with the change.
 *
 * @example
 * await putKey(client, input, author(request, request.body.message));
 */
export function author(request: FastifyRequest, message?: string): Author {
  const action = request.routeOptions.config?.audit;
  return {
    user: principalOf(request).user.name,
    from: request.ip,
    ...(message !== undefined ? { message } : {}),
    ...(action !== undefined
      ? {
          audit: {
            action,
            where: whereOf(request),
            audited: () => {
              request.audited = true;
            },
          },
        }
      : {}),
  };
}

/**
 * Records a change, or any refused request (a denied read too: probing shows in the log), in the
 * audit log before its answer leaves — unless the change committed its entry itself. An entry the
 * log refuses (a name that looks like a secret) is written with that field withheld rather than lost.
 *
 * @example
 * app.addHook('onSend', async (request, reply, payload) => { await auditRequest(context, request, reply); return payload; });
 */
export async function auditRequest(
  context: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const status = reply.statusCode;
  if (request.audited && status < 400) return;
  const denied = request.errorCode !== undefined && DENIALS.has(request.errorCode);
  const action =
    request.routeOptions.config?.audit ??
    (denied ? `read ${request.routeOptions.url ?? 'unmatched'}` : undefined);
  if (action === undefined) return;
  const outcome = status < 400 ? 'success' : denied ? 'denied' : 'failure';
  const entry = {
    who: request.principal?.user.name ?? request.auditWho ?? 'anonymous',
    action,
    where: whereOf(request),
    from: request.ip,
    outcome,
    detail: {
      status,
      ...(request.errorCode !== undefined ? { code: request.errorCode } : {}),
      ...request.auditDetail,
    },
  } as const;
  try {
    await recordAudit(context.client, entry);
  } catch (err) {
    if (!(err instanceof AuditEntryRefusedError)) {
      context.logger.error({ err, action, outcome }, 'could not write the audit entry');
      return;
    }
    await recordAudit(context.client, {
      ...entry,
      where: '[withheld: it looked like a secret]',
      detail: { status },
    }).catch((again: unknown) =>
      context.logger.error({ err: again, action, outcome }, 'could not write the audit entry'),
    );
  }
}
