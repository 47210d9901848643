// The original agent's way to start: one unit from environment variables (ETCD_HOST,
// WATCH_ETCD_DIR, CONFIG, PRIVATE_KEY, SERVE_CONTAINER), plus optional ones for everything else.
import { agentSettingsFromConfig } from './config-file.js';
import { AgentConfigError } from './errors.js';
import type { AgentSettings } from './settings.js';

/**
 * Each setting the environment can give, its variable, and where it goes in agent.yaml terms.
 * Kept in one table so the documentation and the error messages agree.
 */
export const environmentVariables = [
  { name: 'ETCD_HOST', place: 'etcd.endpoints', about: 'etcd endpoints: host:port, a comma list, or URLs' },
  { name: 'ETCD_CACERT', place: 'etcd.cacert', about: 'CA bundle that verifies etcd (turns TLS on)' },
  { name: 'ETCD_CERT', place: 'etcd.cert', about: 'client certificate for etcd' },
  { name: 'ETCD_KEY', place: 'etcd.key', about: 'private key of the client certificate' },
  { name: 'ETCD_USER', place: 'etcd.user', about: 'etcd user (NAME, with ETCD_PASSWORD)' },
  { name: 'ETCD_PASSWORD', place: 'etcd.password', about: 'password of the etcd user' },
  { name: 'WATCH_ETCD_DIR', place: 'units[0].directory', about: 'the directory to follow (required)' },
  { name: 'CONFIG', place: 'units[0].output', about: 'the file to write (required)' },
  {
    name: 'CONFIG_FORMAT',
    place: 'units[0].format',
    about: 'yaml, json, toml, env or properties; default from the file name',
  },
  { name: 'CONFIG_TEMPLATE', place: 'units[0].template', about: 'a Handlebars template instead of a format' },
  { name: 'CONFIG_MODE', place: 'units[0].mode', about: "file mode, e.g. '0640'" },
  { name: 'CONFIG_OWNER', place: 'units[0].owner', about: 'file owner, UID:GID or USER:GROUP' },
  { name: 'CONFIG_WRITE', place: 'units[0].write', about: 'auto, rename or in-place' },
  { name: 'CHECK_COMMAND', place: 'units[0].check', about: 'shell command run on the staged file ({file})' },
  { name: 'PRIVATE_KEY', place: 'privateKey', about: 'private key file that opens sealed values' },
  {
    name: 'SERVE_CONTAINER',
    place: 'units[0].action',
    about: 'container (id or name) restarted after a change',
  },
  {
    name: 'RELOAD_SIGNAL',
    place: 'units[0].action',
    about: 'signal SERVE_CONTAINER instead of restarting it',
  },
  { name: 'DOCKER_HOST', place: 'docker', about: 'Docker Engine API; default unix:///var/run/docker.sock' },
  { name: 'HEALTH_URL', place: 'units[0].health', about: 'healthy when this http(s) URL answers 2xx' },
  { name: 'HEALTH_TCP', place: 'units[0].health', about: 'healthy when HOST:PORT accepts a connection' },
  { name: 'HEALTH_COMMAND', place: 'units[0].health', about: 'healthy when this shell command exits 0' },
  {
    name: 'HEALTH_TIMEOUT',
    place: 'units[0].health.timeout',
    about: 'how long health may take; default 30s',
  },
  {
    name: 'DEBOUNCE_MIN',
    place: 'units[0].debounce.min',
    about: 'quiet time before applying; default 100ms',
  },
  {
    name: 'DEBOUNCE_MAX',
    place: 'units[0].debounce.max',
    about: 'longest wait after a first change; default 1s',
  },
  { name: 'AGENT_NAME', place: 'name', about: 'name in the status keys; default the host name' },
  { name: 'AGENT_STATE_DIR', place: 'stateDir', about: 'folder of the local state file' },
  { name: 'AGENT_LISTEN', place: 'listen', about: 'HOST:PORT of /healthz and /metrics' },
  { name: 'AGENT_STATUS_TTL', place: 'statusTtl', about: 'lease of the status keys; default 10s' },
] as const;

/**
 * The settings of a one-unit agent described by environment variables, as the original watcher
 * was started. Throws `AgentConfigError` naming the variables that are wrong or missing.
 *
 * @example
 * const settings = settingsFromEnvironment({ ETCD_HOST: '10.0.0.5:2379', WATCH_ETCD_DIR: 'hack', CONFIG: '/config.yml', SERVE_CONTAINER: 'registry' });
 */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv): AgentSettings {
  const missing = ['WATCH_ETCD_DIR', 'CONFIG'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new AgentConfigError(
      'the environment',
      missing.map((name) => `${name} is not set (or give --config agent.yaml)`),
    );
  }
  const exclusive = ['HEALTH_URL', 'HEALTH_TCP', 'HEALTH_COMMAND'].filter((name) => env[name]);
  if (exclusive.length > 1) {
    throw new AgentConfigError('the environment', [`set only one of ${exclusive.join(', ')}`]);
  }
  if (env.RELOAD_SIGNAL && !env.SERVE_CONTAINER) {
    throw new AgentConfigError('the environment', ['RELOAD_SIGNAL needs SERVE_CONTAINER']);
  }
  const set = <T>(value: T | undefined | '', key: string) =>
    value === undefined || value === '' ? {} : { [key]: value };
  const timing = set(env.HEALTH_TIMEOUT, 'timeout');
  const container = env.SERVE_CONTAINER;
  const health = env.HEALTH_URL
    ? { type: 'http', url: env.HEALTH_URL, ...timing }
    : env.HEALTH_TCP
      ? { type: 'tcp', address: env.HEALTH_TCP, ...timing }
      : env.HEALTH_COMMAND
        ? { type: 'command', command: env.HEALTH_COMMAND, ...timing }
        : container
          ? { type: 'docker', ...timing }
          : undefined;
  const action = !container
    ? undefined
    : env.RELOAD_SIGNAL
      ? { type: 'signal-container', container, signal: env.RELOAD_SIGNAL }
      : { type: 'restart-container', container };
  const debounce =
    env.DEBOUNCE_MIN || env.DEBOUNCE_MAX
      ? { ...set(env.DEBOUNCE_MIN, 'min'), ...set(env.DEBOUNCE_MAX, 'max') }
      : undefined;
  const raw = {
    ...set(env.AGENT_NAME, 'name'),
    etcd: {
      ...set(env.ETCD_HOST, 'endpoints'),
      ...set(env.ETCD_CACERT, 'cacert'),
      ...set(env.ETCD_CERT, 'cert'),
      ...set(env.ETCD_KEY, 'key'),
      ...set(env.ETCD_USER, 'user'),
      ...set(env.ETCD_PASSWORD, 'password'),
    },
    ...set(env.PRIVATE_KEY, 'privateKey'),
    ...set(env.DOCKER_HOST, 'docker'),
    ...set(env.AGENT_STATE_DIR, 'stateDir'),
    ...set(env.AGENT_LISTEN, 'listen'),
    ...set(env.AGENT_STATUS_TTL, 'statusTtl'),
    units: [
      {
        directory: env.WATCH_ETCD_DIR,
        output: env.CONFIG,
        ...set(env.CONFIG_FORMAT, 'format'),
        ...set(env.CONFIG_TEMPLATE, 'template'),
        ...set(env.CONFIG_MODE, 'mode'),
        ...set(env.CONFIG_OWNER, 'owner'),
        ...set(env.CONFIG_WRITE, 'write'),
        ...set(env.CHECK_COMMAND, 'check'),
        ...(action !== undefined ? { action } : {}),
        ...(health !== undefined ? { health } : {}),
        ...(debounce !== undefined ? { debounce } : {}),
      },
    ],
  };
  try {
    return agentSettingsFromConfig(raw, { source: 'the environment', baseDir: process.cwd(), env });
  } catch (error) {
    if (!(error instanceof AgentConfigError)) throw error;
    throw new AgentConfigError('the environment', error.problems.map(toVariableNames));
  }
}

/** Rewrites `units[0].health.url: ...` as `HEALTH_URL (units[0].health.url): ...`. */
function toVariableNames(problem: string): string {
  const colon = problem.indexOf(':');
  const place = problem.slice(0, colon);
  const matches = environmentVariables.filter((v) => place === v.place || place.startsWith(`${v.place}.`));
  const best = matches.sort((a, b) => b.place.length - a.place.length)[0];
  return best === undefined ? problem : `${best.name}${problem.slice(colon)}`;
}
