// The authorisation matrix: every route of the API x every role (granted on one prefix) x a key
// inside and outside that prefix, expected allow or deny from the one action table (roles.ts).
// A route without a row fails here, so no endpoint ships without its rule.
/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROLES, type Role, roleAllows } from '../../../src/server/auth/index.js';
import { type ApiUnderTest, type Caller, startApi } from '../../support/api.js';
import { INSIDE, type MatrixRequest, type MatrixRow, OUTSIDE } from './matrix/row.js';

const modules = import.meta.glob<{ rows: MatrixRow[] }>('./matrix/*.ts', { eager: true });
const rows: MatrixRow[] = Object.values(modules).flatMap((m) => m.rows ?? []);

type Caller_ = { label: string; caller: () => Caller; role: Role | 'root' | 'anonymous' };

describe('authorisation matrix', () => {
  let api: ApiUnderTest;
  const callers: Caller_[] = [];

  beforeAll(async () => {
    api = await startApi('setpoint');
    const team: Record<string, Caller> = {};
    for (const role of ROLES) team[role] = await api.user(`matrix-${role}`, [{ role, prefix: INSIDE }]);
    callers.push({ label: 'anonymous', caller: () => api.anonymous, role: 'anonymous' });
    for (const role of ROLES)
      callers.push({ label: `${role} on ${INSIDE}`, caller: () => team[role]!, role });
    callers.push({ label: "admin on ''", caller: () => api.admin, role: 'root' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('every route of the API has exactly one row', () => {
    const routes = new Set(api.server.routes.filter((r) => !r.startsWith('GET /api/reference')));
    const described = rows.map((r) => r.route);
    const missing = [...routes].filter((r) => !described.includes(r));
    const unknown = described.filter((r) => !routes.has(r));
    const twice = described.filter((r, i) => described.indexOf(r) !== i);
    expect({ missing, unknown, twice }).toEqual({ missing: [], unknown: [], twice: [] });
  });

  function expected(row: MatrixRow, role: Caller_['role'], prefix: string): boolean {
    if (row.needs === 'public') return true;
    if (role === 'anonymous') return false;
    if (role === 'root' || row.needs === 'signed-in') return true;
    // An admin action is about no key (users, tokens, the audit log, backups): only a grant on '' covers it.
    if (row.needs === 'admin') return false;
    return prefix === INSIDE && roleAllows(role, row.needs);
  }

  async function call(caller: Caller, request: MatrixRequest) {
    const { method, path, ...options } = request;
    return caller.request(method, path, options);
  }

  test.each(rows.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const outcomes: string[] = [];
    const wanted: string[] = [];
    const prefixes =
      row.needs === 'admin' || row.needs === 'public' || row.needs === 'signed-in'
        ? [INSIDE]
        : [INSIDE, OUTSIDE];
    for (const prefix of prefixes) {
      for (const { label, caller, role } of callers) {
        const answer = await call(caller(), await row.request(api, prefix));
        expect(answer.status, `${label} on ${prefix}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
        const allowed = answer.status !== 401 && answer.status !== 403;
        const denial = role === 'anonymous' ? 401 : 403;
        outcomes.push(`${label} @ ${prefix}: ${allowed ? 'allowed' : `denied ${answer.status}`}`);
        wanted.push(`${label} @ ${prefix}: ${expected(row, role, prefix) ? 'allowed' : `denied ${denial}`}`);
      }
    }
    expect(outcomes).toEqual(wanted);
  });
});
