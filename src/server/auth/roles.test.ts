// The role rule: table cases, then properties over generated grants and keys.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { GrantError } from './errors.js';
import {
  ACTIONS,
  type Action,
  allowedActions,
  can,
  type Grant,
  ROLES,
  type Role,
  validateGrant,
} from './roles.js';

const actions = ACTIONS.map((a) => a.action);

describe('can', () => {
  test.each<[string, Grant[], Action, string, boolean]>([
    ['viewer reads inside its prefix', [{ role: 'viewer', prefix: 'hack/' }], 'read', 'hack/http/addr', true],
    ['viewer cannot write', [{ role: 'viewer', prefix: 'hack/' }], 'write', 'hack/http/addr', false],
    ['editor writes', [{ role: 'editor', prefix: 'hack/' }], 'write', 'hack/http/addr', true],
    ['editor cannot publish', [{ role: 'editor', prefix: 'hack/' }], 'publish', 'hack/x', false],
    ['publisher publishes', [{ role: 'publisher', prefix: 'hack/' }], 'publish', 'hack/x', true],
    ['a prefix covers its directory itself', [{ role: 'viewer', prefix: 'hack/' }], 'read', 'hack', true],
    ['a prefix is not a string prefix', [{ role: 'admin', prefix: 'hack/' }], 'read', 'hackers/x', false],
    ['no grant, no access', [], 'read', 'hack/x', false],
    [
      'the highest covering role decides',
      [
        { role: 'viewer', prefix: '' },
        { role: 'publisher', prefix: 'hack/' },
      ],
      'publish',
      'hack/x',
      true,
    ],
    [
      'a grant elsewhere does not lift',
      [
        { role: 'viewer', prefix: '' },
        { role: 'publisher', prefix: 'hack/' },
      ],
      'write',
      'prod/x',
      false,
    ],
    ['admin on everything administers', [{ role: 'admin', prefix: '' }], 'admin', '', true],
    ['a directory admin is no global admin', [{ role: 'admin', prefix: 'hack/' }], 'admin', '', false],
    [
      '_setpoint/ is admin-only: publisher on everything cannot read it',
      [{ role: 'publisher', prefix: '' }],
      'read',
      '_setpoint/users/alice',
      false,
    ],
    [
      '_setpoint/ is readable by admin on everything',
      [{ role: 'admin', prefix: '' }],
      'read',
      '_setpoint/users/alice',
      true,
    ],
  ])('%s', (_name, grants, action, key, expected) => {
    expect(can(grants, action, key)).toBe(expected);
  });

  test('allowedActions lists actions in table order', () => {
    expect(allowedActions([{ role: 'editor', prefix: '' }], 'hack/x')).toEqual(['read', 'write']);
    expect(allowedActions([{ role: 'admin', prefix: '' }], 'hack/x')).toEqual(actions);
  });

  test('the action table gives every action one minimum role, in role order', () => {
    expect(actions).toEqual(['read', 'write', 'publish', 'admin']);
    expect(ACTIONS.map((a) => a.minimumRole)).toEqual([...ROLES]);
  });
});

const segment = fc.stringMatching(/^[a-z0-9-]{1,6}$/);
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const prefix = fc.oneof(
  fc.constant(''),
  path.map((p) => `${p}/`),
);
const key = fc.oneof(
  path,
  path.map((p) => `_setpoint/${p}`),
);
const role = fc.constantFrom<Role>(...ROLES);
const action = fc.constantFrom<Action>(...actions);
const grants = fc.array(fc.record({ role, prefix }), { maxLength: 4 });

describe('properties', () => {
  test('a grant on a prefix never allows a key outside it', () => {
    fc.assert(
      fc.property(role, prefix, key, action, (r, p, k, a) => {
        const inside = k.startsWith(p) || `${k}/` === p;
        if (!inside) expect(can([{ role: r, prefix: p }], a, k)).toBe(false);
      }),
    );
  });

  test('a higher role allows everything a lower one does', () => {
    fc.assert(
      fc.property(role, role, prefix, key, action, (low, high, p, k, a) => {
        if (ROLES.indexOf(high) < ROLES.indexOf(low)) [low, high] = [high, low];
        if (can([{ role: low, prefix: p }], a, k)) expect(can([{ role: high, prefix: p }], a, k)).toBe(true);
      }),
    );
  });

  test('adding a grant never takes an action away', () => {
    fc.assert(
      fc.property(grants, fc.record({ role, prefix }), key, action, (gs, extra, k, a) => {
        if (can(gs, a, k)) expect(can([...gs, extra], a, k)).toBe(true);
      }),
    );
  });

  test('only admin on everything reaches _setpoint/', () => {
    fc.assert(
      fc.property(grants, path, action, (gs, p, a) => {
        const allowed = can(gs, a, `_setpoint/${p}`);
        expect(allowed).toBe(gs.some((g) => g.role === 'admin' && g.prefix === ''));
      }),
    );
  });
});

describe('validateGrant', () => {
  test.each<[unknown, unknown]>([
    ['owner', ''],
    ['editor', 'hack'],
    ['editor', '/hack/'],
    ['editor', 'hack//'],
    ['editor', 'hack/../'],
    ['editor', '_setpoint/'],
    ['editor', 'a\u0007b/'],
  ])('refuses role %j on prefix %j', (r, p) => {
    expect(() => validateGrant({ role: r, prefix: p } as Grant)).toThrow(GrantError);
  });

  test('accepts every role on everything or a directory path', () => {
    for (const r of ROLES) {
      validateGrant({ role: r, prefix: '' });
      validateGrant({ role: r, prefix: 'hack/storage/' });
    }
  });
});
