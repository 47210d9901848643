import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentSettingsFromConfig, readAgentConfigFile } from './config-file.js';
import { AgentConfigError } from './errors.js';

const context = { source: 'agent.yaml', baseDir: '/etc/setpoint', env: {} };

function problemsOf(raw: unknown): readonly string[] {
  try {
    agentSettingsFromConfig(raw, context);
  } catch (error) {
    if (error instanceof AgentConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('agent.yaml', () => {
  it('fills in every default of a minimal unit', () => {
    const settings = agentSettingsFromConfig(
      { units: [{ directory: 'hack', output: 'registry.yml' }] },
      context,
    );
    expect(settings.units).toEqual([
      {
        name: 'hack',
        directory: 'hack',
        output: { path: '/etc/setpoint/registry.yml', format: 'yaml' },
        action: { type: 'none' },
        health: { type: 'none', timeoutMs: 30_000, intervalMs: 250 },
        debounce: { minMs: 100, maxMs: 1000 },
        write: 'auto',
      },
    ]);
    expect(settings.statusTtlSeconds).toBe(10);
    expect(settings.dockerHost).toBe('unix:///var/run/docker.sock');
  });

  it('reads every option of a unit', () => {
    const settings = agentSettingsFromConfig(
      {
        name: 'edge-1',
        etcd: { endpoints: 'https://a:2379,https://b:2379', cacert: 'ca.pem', user: 'agent:pw' },
        privateKey: 'id_rsa',
        docker: 'unix:///run/podman.sock',
        stateDir: 'state',
        listen: '127.0.0.1:9464',
        statusTtl: '30s',
        units: [
          {
            name: 'nginx',
            directory: 'edge',
            output: '/etc/nginx/nginx.conf',
            template: 'nginx.conf.hbs',
            mode: '0640',
            owner: '0:0',
            write: 'rename',
            check: { command: ['nginx', '-t', '-c', '{file}'], timeout: '5s' },
            action: { type: 'signal-container', container: 'nginx', signal: 'SIGHUP' },
            health: { type: 'http', url: 'http://127.0.0.1:8080/healthz', timeout: '20s', interval: '1s' },
            debounce: { min: '500ms', max: '5s' },
          },
        ],
      },
      context,
    );
    expect(settings).toMatchObject({
      name: 'edge-1',
      etcd: {
        endpoints: 'https://a:2379,https://b:2379',
        tls: { caFile: '/etc/setpoint/ca.pem' },
        auth: { user: 'agent', password: 'pw' },
      },
      privateKeyPath: '/etc/setpoint/id_rsa',
      dockerHost: 'unix:///run/podman.sock',
      stateDir: '/etc/setpoint/state',
      listen: { host: '127.0.0.1', port: 9464 },
      statusTtlSeconds: 30,
    });
    expect(settings.units[0]).toEqual({
      name: 'nginx',
      directory: 'edge',
      output: { path: '/etc/nginx/nginx.conf', template: '/etc/setpoint/nginx.conf.hbs' },
      mode: 0o640,
      owner: { uid: 0, gid: 0 },
      write: 'rename',
      check: { command: ['nginx', '-t', '-c', '{file}'], timeoutMs: 5000 },
      action: { type: 'signal-container', container: 'nginx', signal: 'SIGHUP' },
      health: { type: 'http', url: 'http://127.0.0.1:8080/healthz', timeoutMs: 20_000, intervalMs: 1000 },
      debounce: { minMs: 500, maxMs: 5000 },
    });
  });

  it('checks a restarted container by default', () => {
    const [unit] = agentSettingsFromConfig(
      {
        units: [
          {
            directory: 'hack',
            output: '/config.yml',
            action: { type: 'restart-container', container: 'registry' },
          },
        ],
      },
      context,
    ).units;
    expect(unit?.health).toEqual({
      type: 'docker',
      container: 'registry',
      settleMs: 2000,
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });

  it('reports every problem at once, each with its place', () => {
    expect(
      problemsOf({
        units: [
          { directory: '../etc', output: 'x.conf' },
          {
            directory: 'b',
            output: '/b.yml',
            action: { type: 'reboot' },
            health: { type: 'http', url: 'ftp://x' },
          },
          { directory: 'c', output: '/c.yml', debounce: { min: 'soon' }, format: 'yaml', template: 't.hbs' },
        ],
      }),
    ).toEqual([
      "units[1].action.type: Invalid discriminator value. Expected 'none' | 'restart-container' | 'signal-container' | 'signal' | 'exec' | 'supervise'",
      'units[1].health.url: Invalid URL',
      "units[2].debounce.min: 'soon' is not a duration: write e.g. 250ms, 2s or 1m",
    ]);
    const second = problemsOf({
      units: [
        { directory: '../etc', output: 'x.conf' },
        { directory: 'a', output: '/a.json', name: 'a' },
        { directory: 'a', output: '/b.json' },
        { directory: 'c', output: '/c.yml', format: 'yaml', template: 't.hbs' },
      ],
    });
    expect(second[0]).toMatch(/^units\[0\]\.directory: /);
    expect(second[1]).toBe(
      "units[0].format: cannot tell the format from 'x.conf'; give format (yaml, json, toml, env, properties) or template",
    );
    expect(second[2]).toBe('units[3]: give either format or template, not both');
    expect(second[3]).toBe("units[2].name: 'a' is also the name of units[1]; names must differ");
  });

  it('raises a status TTL under 2 s to 2 s (a shorter lease would expire between keep-alives)', () => {
    const ttl = (statusTtl: string) =>
      agentSettingsFromConfig({ statusTtl, units: [{ directory: 'a', output: '/a.yml' }] }, context)
        .statusTtlSeconds;
    expect(ttl('500ms')).toBe(2);
    expect(ttl('2s')).toBe(2);
    expect(ttl('30s')).toBe(30);
  });

  it('refuses unknown options rather than ignoring a typo', () => {
    expect(problemsOf({ units: [{ directory: 'a', output: '/a.yml', helth: { type: 'none' } }] })).toEqual([
      'units[0]: Unrecognized key: "helth"',
    ]);
  });

  it('names the file when it is not YAML', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'agent-config-'));
    const path = join(folder, 'agent.yaml');
    await writeFile(path, 'units: [\n');
    await expect(readAgentConfigFile(path, {})).rejects.toThrow(`${path} is not a valid agent configuration`);
  });
});
