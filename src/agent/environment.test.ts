import { describe, expect, it } from 'vitest';
import { settingsFromEnvironment } from './environment.js';
import { AgentConfigError } from './errors.js';

describe('settings from the environment', () => {
  it('starts like the original watcher', () => {
    const settings = settingsFromEnvironment({
      ETCD_HOST: '10.0.0.5:2379',
      WATCH_ETCD_DIR: 'hack',
      CONFIG: '/config.yml',
      PRIVATE_KEY: '/id_rsa',
      SERVE_CONTAINER: 'registry',
      DOCKER_HOST: 'unix:///run/podman.sock',
    });
    expect(settings.etcd.endpoints).toBe('10.0.0.5:2379');
    expect(settings.privateKeyPath).toBe('/id_rsa');
    expect(settings.dockerHost).toBe('unix:///run/podman.sock');
    expect(settings.units).toEqual([
      {
        name: 'hack',
        directory: 'hack',
        output: { path: '/config.yml', format: 'yaml' },
        action: { type: 'restart-container', container: 'registry', timeoutMs: 10_000 },
        health: { type: 'docker', container: 'registry', settleMs: 2000, timeoutMs: 30_000, intervalMs: 250 },
        debounce: { minMs: 100, maxMs: 1000 },
        write: 'auto',
      },
    ]);
  });

  it('takes the optional variables', () => {
    const [unit] = settingsFromEnvironment({
      WATCH_ETCD_DIR: 'web',
      CONFIG: '/etc/app.conf',
      CONFIG_FORMAT: 'properties',
      SERVE_CONTAINER: 'web',
      RELOAD_SIGNAL: 'SIGHUP',
      HEALTH_TCP: '127.0.0.1:8080',
      HEALTH_TIMEOUT: '5s',
      DEBOUNCE_MIN: '0',
      DEBOUNCE_MAX: '0',
      CHECK_COMMAND: 'test -s {file}',
    }).units;
    expect(unit).toMatchObject({
      output: { path: '/etc/app.conf', format: 'properties' },
      action: { type: 'signal-container', container: 'web', signal: 'SIGHUP' },
      health: { type: 'tcp', host: '127.0.0.1', port: 8080, timeoutMs: 5000 },
      debounce: { minMs: 0, maxMs: 0 },
      check: { command: 'test -s {file}' },
    });
  });

  it('names the variables that are missing or wrong', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        settingsFromEnvironment(env);
      } catch (error) {
        if (error instanceof AgentConfigError) return error.problems;
      }
      return [];
    };
    expect(problems({ CONFIG: '/c.yml' })).toEqual([
      'WATCH_ETCD_DIR is not set (or give --config agent.yaml)',
    ]);
    expect(
      problems({
        WATCH_ETCD_DIR: 'hack',
        CONFIG: '/c.yml',
        HEALTH_TIMEOUT: 'later',
        HEALTH_URL: 'http://x/',
      }),
    ).toEqual(["HEALTH_TIMEOUT: 'later' is not a duration: write e.g. 250ms, 2s or 1m"]);
    expect(problems({ WATCH_ETCD_DIR: 'hack', CONFIG: '/c.yml', RELOAD_SIGNAL: 'SIGHUP' })).toEqual([
      'RELOAD_SIGNAL needs SERVE_CONTAINER',
    ]);
    // A file name that does not say its format is refused rather than given YAML it may not read.
    expect(problems({ WATCH_ETCD_DIR: 'hack', CONFIG: '/etc/nginx/nginx.conf' })).toEqual([
      "CONFIG_FORMAT: cannot tell the format from '/etc/nginx/nginx.conf'; give format (yaml, json, toml, env, properties) or template",
    ]);
  });
});
