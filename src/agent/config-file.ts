// agent.yaml: several units in one file, read and checked all at once (every problem reported).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseEndpoints, parseUser } from '../etcd/index.js';
import { validateDirectoryName } from '../keyspace/index.js';
import { type DocumentFormat, documentFormats, formatFromFileName } from '../render/index.js';
import { parseDuration } from './duration.js';
import { AgentConfigError } from './errors.js';
import { parseOwner } from './owner.js';
import {
  type AgentSettings,
  defaultAgentName,
  defaultDockerHost,
  defaultStateDir,
  defaultStatusTtlSeconds,
} from './settings.js';
import {
  type Action,
  type Command,
  defaultCommandTimeoutMs,
  defaultDebounce,
  defaultHealthIntervalMs,
  defaultHealthTimeoutMs,
  defaultSettleMs,
  type HealthCheck,
  type Unit,
} from './unit.js';

const duration = z.union([z.number(), z.string()]).transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: `'${text}' is not a duration: write e.g. 250ms, 2s or 1m` });
    return z.NEVER;
  }
  return ms;
});
const command = z.union([z.string().min(1), z.array(z.string()).min(1)]);
const signal = z
  .string()
  .regex(/^SIG[A-Z0-9]+$/, 'a signal name such as SIGHUP')
  .transform((s) => s as NodeJS.Signals);
const hostPort = z.string().transform((text, context) => {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    context.addIssue({ code: 'custom', message: `'${text}' is not HOST:PORT` });
    return z.NEVER;
  }
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
});

const checkSchema = z.union([
  command.transform((c) => ({ command: c as Command, timeout: undefined })),
  z.strictObject({ command, timeout: duration.optional() }),
]);
const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('restart-container'),
    container: z.string().min(1),
    timeout: duration.optional(),
  }),
  z.strictObject({ type: z.literal('signal-container'), container: z.string().min(1), signal }),
  z.strictObject({ type: z.literal('signal'), pidFile: z.string().min(1), signal }),
  z.strictObject({ type: z.literal('exec'), command, timeout: duration.optional() }),
  z.strictObject({
    type: z.literal('supervise'),
    command,
    reload: z.union([z.literal('restart'), signal]).optional(),
    stopTimeout: duration.optional(),
  }),
]);
const timing = { timeout: duration.optional(), interval: duration.optional() };
const healthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('docker'),
    container: z.string().min(1).optional(),
    settle: duration.optional(),
    ...timing,
  }),
  z.strictObject({ type: z.literal('http'), url: z.url({ protocol: /^https?$/ }), ...timing }),
  z.strictObject({ type: z.literal('tcp'), address: hostPort, ...timing }),
  z.strictObject({ type: z.literal('command'), command, ...timing }),
]);
const unitSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/, "1 to 128 letters, digits, '.', '_' or '-'")
    .optional(),
  directory: z.string().min(1),
  output: z.string().min(1),
  format: z.enum(documentFormats as [DocumentFormat, ...DocumentFormat[]]).optional(),
  template: z.string().min(1).optional(),
  mode: z
    .union([z.number().int(), z.string().regex(/^0?[0-7]{3,4}$/, "an octal mode such as '0640'")])
    .optional(),
  owner: z.string().optional(),
  write: z.enum(['auto', 'rename', 'in-place']).optional(),
  check: checkSchema.optional(),
  action: actionSchema.optional(),
  health: healthSchema.optional(),
  debounce: z.strictObject({ min: duration.optional(), max: duration.optional() }).optional(),
});
const fileSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/, "1 to 128 letters, digits, '.', '_' or '-'")
    .optional(),
  etcd: z
    .strictObject({
      endpoints: z.union([z.string(), z.array(z.string())]).optional(),
      cacert: z.string().optional(),
      cert: z.string().optional(),
      key: z.string().optional(),
      user: z.string().optional(),
      password: z.string().optional(),
    })
    .optional(),
  privateKey: z.string().optional(),
  docker: z.string().optional(),
  stateDir: z.string().optional(),
  listen: hostPort.optional(),
  statusTtl: duration.optional(),
  units: z.array(unitSchema).min(1, 'list at least one unit'),
});

type UnitEntry = z.infer<typeof unitSchema>;

/**
 * The schema of agent.yaml, for tools that list its options (the documentation test does).
 *
 * @example
 * Object.keys(agentConfigSchema.shape); // ['name', 'etcd', 'privateKey', ...]
 */
export const agentConfigSchema = fileSchema;

/**
 * Reads and checks an agent.yaml; relative paths in it are relative to the file's folder.
 * Throws `AgentConfigError` listing every problem (with its place, e.g. `units[1].health.url`).
 *
 * @example
 * const settings = await readAgentConfigFile('/etc/setpoint/agent.yaml', process.env);
 */
export async function readAgentConfigFile(path: string, env: NodeJS.ProcessEnv): Promise<AgentSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AgentConfigError(path, [`cannot read it: ${(error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new AgentConfigError(path, [`not YAML: ${(error as Error).message}`]);
  }
  return agentSettingsFromConfig(raw, { source: path, baseDir: dirname(resolve(path)), env });
}

/**
 * Checks a parsed agent configuration and fills in its defaults.
 *
 * @example
 * agentSettingsFromConfig({ units: [{ directory: 'hack', output: '/config.yml' }] }, { source: 'inline', baseDir: '/', env: {} });
 */
export function agentSettingsFromConfig(
  raw: unknown,
  context: { source: string; baseDir: string; env: NodeJS.ProcessEnv },
): AgentSettings {
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new AgentConfigError(
      context.source,
      parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  const config = parsed.data;
  const problems: string[] = [];
  const units = config.units.map((entry, index) =>
    toUnit(entry, `units[${index}]`, context.baseDir, problems),
  );
  const names = new Map<string, number>();
  units.forEach((unit, index) => {
    const first = names.get(unit.name);
    if (first !== undefined) {
      problems.push(
        `units[${index}].name: '${unit.name}' is also the name of units[${first}]; names must differ`,
      );
    }
    names.set(unit.name, index);
  });
  const etcd = config.etcd ?? {};
  if (etcd.endpoints !== undefined) {
    try {
      parseEndpoints(etcd.endpoints);
    } catch (error) {
      problems.push(`etcd.endpoints: ${(error as Error).message}`);
    }
  }
  let auth: { user: string; password: string } | undefined;
  if (etcd.user !== undefined) {
    try {
      auth = parseUser(etcd.user, etcd.password);
    } catch (error) {
      problems.push(`etcd.user: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new AgentConfigError(context.source, problems);
  const at = (path: string) => resolve(context.baseDir, path);
  return {
    name: config.name ?? context.env.AGENT_NAME ?? defaultAgentName(),
    etcd: {
      ...(etcd.endpoints !== undefined ? { endpoints: etcd.endpoints } : {}),
      ...(etcd.cacert !== undefined || etcd.cert !== undefined || etcd.key !== undefined
        ? {
            tls: {
              ...(etcd.cacert !== undefined ? { caFile: at(etcd.cacert) } : {}),
              ...(etcd.cert !== undefined ? { certFile: at(etcd.cert) } : {}),
              ...(etcd.key !== undefined ? { keyFile: at(etcd.key) } : {}),
            },
          }
        : {}),
      ...(auth !== undefined ? { auth } : {}),
      env: context.env,
    },
    ...(config.privateKey !== undefined ? { privateKeyPath: at(config.privateKey) } : {}),
    dockerHost: config.docker ?? defaultDockerHost(context.env),
    stateDir: at(config.stateDir ?? defaultStateDir(context.env)),
    ...(config.listen !== undefined ? { listen: config.listen } : {}),
    statusTtlSeconds: Math.max(2, Math.round((config.statusTtl ?? defaultStatusTtlSeconds * 1000) / 1000)),
    units,
  };
}

function toUnit(entry: UnitEntry, place: string, baseDir: string, problems: string[]): Unit {
  try {
    validateDirectoryName(entry.directory);
  } catch (error) {
    problems.push(`${place}.directory: ${(error as Error).message}`);
  }
  const path = resolve(baseDir, entry.output);
  if (entry.format !== undefined && entry.template !== undefined) {
    problems.push(`${place}: give either format or template, not both`);
  }
  let format = entry.format;
  if (entry.template === undefined && format === undefined) {
    format = formatFromFileName(path);
    if (format === undefined) {
      problems.push(
        `${place}.format: cannot tell the format from '${entry.output}'; give format (${documentFormats.join(', ')}) or template`,
      );
    }
  }
  let owner: Unit['owner'];
  if (entry.owner !== undefined) {
    try {
      owner = parseOwner(entry.owner);
    } catch (error) {
      problems.push(`${place}.owner: ${(error as Error).message}`);
    }
  }
  const action = toAction(entry.action);
  const container = 'container' in action ? action.container : undefined;
  const health = toHealth(entry.health, container, `${place}.health`, problems);
  const debounce = {
    minMs: entry.debounce?.min ?? defaultDebounce.minMs,
    maxMs: entry.debounce?.max ?? Math.max(defaultDebounce.maxMs, entry.debounce?.min ?? 0),
  };
  if (debounce.maxMs < debounce.minMs) {
    problems.push(`${place}.debounce: max (${debounce.maxMs} ms) is shorter than min (${debounce.minMs} ms)`);
  }
  return {
    name: entry.name ?? entry.directory.replaceAll('/', '-'),
    directory: entry.directory,
    output:
      entry.template !== undefined
        ? { path, template: resolve(baseDir, entry.template) }
        : { path, format: format ?? 'yaml' },
    ...(entry.mode !== undefined
      ? { mode: typeof entry.mode === 'number' ? entry.mode : Number.parseInt(entry.mode, 8) }
      : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(entry.check !== undefined
      ? { check: { command: entry.check.command, timeoutMs: entry.check.timeout ?? defaultCommandTimeoutMs } }
      : {}),
    action,
    health,
    debounce,
    write: entry.write ?? 'auto',
  };
}

function toAction(entry: UnitEntry['action']): Action {
  if (entry === undefined) return { type: 'none' };
  switch (entry.type) {
    case 'none':
      return entry;
    case 'restart-container':
      return { type: entry.type, container: entry.container, timeoutMs: entry.timeout ?? 10_000 };
    case 'signal-container':
    case 'signal':
      return entry;
    case 'exec':
      return { type: 'exec', command: entry.command, timeoutMs: entry.timeout ?? defaultCommandTimeoutMs };
    case 'supervise':
      return {
        type: 'supervise',
        command: entry.command,
        reload: entry.reload ?? 'restart',
        stopTimeoutMs: entry.stopTimeout ?? 10_000,
      };
  }
}

function toHealth(
  entry: UnitEntry['health'],
  container: string | undefined,
  place: string,
  problems: string[],
): HealthCheck {
  const timing = {
    timeoutMs:
      entry !== undefined && 'timeout' in entry
        ? (entry.timeout ?? defaultHealthTimeoutMs)
        : defaultHealthTimeoutMs,
    intervalMs:
      entry !== undefined && 'interval' in entry
        ? (entry.interval ?? defaultHealthIntervalMs)
        : defaultHealthIntervalMs,
  };
  if (entry === undefined) {
    // A unit that restarts a container checks that container by default.
    return container !== undefined
      ? { type: 'docker', container, settleMs: defaultSettleMs, ...timing }
      : { type: 'none', ...timing };
  }
  switch (entry.type) {
    case 'none':
      return { type: 'none', ...timing };
    case 'docker': {
      const name = entry.container ?? container;
      if (name === undefined) {
        problems.push(`${place}.container: name the container (the action names none)`);
        return { type: 'none', ...timing };
      }
      return { type: 'docker', container: name, settleMs: entry.settle ?? defaultSettleMs, ...timing };
    }
    case 'http':
      return { type: 'http', url: entry.url, ...timing };
    case 'tcp':
      return { type: 'tcp', host: entry.address.host, port: entry.address.port, ...timing };
    case 'command':
      return { type: 'command', command: entry.command, ...timing };
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path)
    text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  return text === '' ? '(top level)' : text;
}
