// docs/agent.md cannot drift from the code: it names every environment variable the agent reads
// and every agent.yaml option, as the code itself lists them (the variables' table, the source's
// reads of the environment, the config file's schema).
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { agentConfigSchema } from './config-file.js';
import { environmentVariables } from './environment.js';

const root = new URL('../../', import.meta.url).pathname;
const doc = readFileSync(join(root, 'docs/agent.md'), 'utf8');

/** The files whose environment reads are the agent's: its own, its command, and what they call. */
async function agentSources(): Promise<string[]> {
  const own = (await readdir(join(root, 'src/agent'), { recursive: true }))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => join('src/agent', file));
  return [...own, 'src/cli/agent.ts', 'src/crypto/keys/passphrase-from-environment.ts', 'src/log/logger.ts'];
}

/** Every `env.NAME` / `env['NAME']` in the files. */
function environmentReads(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) {
      names.add((match[1] ?? match[2])!);
    }
  }
  return names;
}

/** A word of the doc written as code (`NAME`) or a shell variable ($NAME). */
const mentions = (name: string) => new RegExp(`[\`$]${name}(?![A-Za-z0-9_])`).test(doc);

interface UnionMember {
  /** `action` or `health`. */
  union: string;
  type: string;
  keys: string[];
}

/** The agent.yaml options: plain keys by path, and the members of the `type` unions. */
function options(): { keys: Map<string, string>; members: UnionMember[] } {
  const keys = new Map<string, string>();
  const members: UnionMember[] = [];
  const walk = (schema: z.core.$ZodType, path: string): void => {
    const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'optional':
      case 'nullable':
        walk(def.innerType as z.core.$ZodType, path);
        return;
      case 'pipe':
        walk(def.in as z.core.$ZodType, path);
        return;
      case 'array':
        walk(def.element as z.core.$ZodType, `${path}[]`);
        return;
      case 'union': {
        for (const option of def.options as z.core.$ZodType[]) {
          const optionDef = option._zod.def as unknown as {
            type: string;
            shape?: Record<string, z.core.$ZodType>;
          };
          const literal = optionDef.shape?.type?._zod.def as { values?: unknown[] } | undefined;
          if (def.discriminator === 'type' && optionDef.shape !== undefined && literal?.values) {
            members.push({
              union: path.split('.').at(-1)!,
              type: String(literal.values[0]),
              keys: Object.keys(optionDef.shape).filter((key) => key !== 'type'),
            });
          } else walk(option, path);
        }
        return;
      }
      case 'object':
        for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
          const at = path === '' ? key : `${path}.${key}`;
          keys.set(at, key);
          walk(value, at);
        }
        return;
      default:
        return;
    }
  };
  walk(agentConfigSchema, '');
  return { keys, members };
}

describe('docs/agent.md', () => {
  it('lists every environment variable the agent reads', async () => {
    const read = environmentReads(await agentSources());
    for (const variable of environmentVariables) read.add(variable.name);
    // The reads are found: the scan itself works.
    expect(read).toContain('WATCH_ETCD_DIR');
    expect(read).toContain('SETPOINT_KEY_PASSPHRASE_FILE');
    const missing = [...read].filter((name) => !mentions(name));
    expect(missing, 'variables the agent reads that docs/agent.md does not name').toEqual([]);
  });

  it("has a row in the variables' table for each variable of the table in the code", () => {
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
    const missing = environmentVariables
      .map((v) => v.name)
      .filter((name) => !rows.some((row) => row.split('|')[1]!.includes(`\`${name}\``)));
    expect(missing).toEqual([]);
  });

  it('shows every agent.yaml option in its example', () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf('## Several units')))?.[1] ?? '';
    const { keys } = options();
    expect([...keys.keys()]).toContain('units[].debounce.max');
    const missing = [...keys]
      .filter(([, key]) => !new RegExp(`(^|[\\s{,])${key}:`, 'm').test(example))
      .map(([path]) => path);
    expect(missing, 'options of agent.yaml missing from its example').toEqual([]);
  });

  it('describes every action and health check type with each of its options', () => {
    const { members } = options();
    expect(members.map((m) => `${m.union}:${m.type}`)).toContain('action:supervise');
    const lines = doc.split('\n');
    const problems: string[] = [];
    for (const member of members) {
      // The sentence above the table names options every member has.
      const intro = lines.find((line) => line.includes(`(\`${member.union}.type\`)`)) ?? '';
      const row = lines.find((line) => line.startsWith(`| \`${member.type}\``));
      if (intro === '') problems.push(`no table of ${member.union}.type`);
      if (row === undefined) {
        problems.push(`${member.union} type ${member.type}: no row`);
        continue;
      }
      for (const key of member.keys) {
        if (!row.includes(`\`${key}\``) && !intro.includes(`\`${key}\``)) {
          problems.push(`${member.union} type ${member.type}: option ${key} not described`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
