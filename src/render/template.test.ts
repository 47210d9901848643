// Handlebars templates: strict lookups that name the missing path and its line, no HTML escaping, the
// helpers, and errors that never quote a value.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { RenderTemplateError } from './errors.js';
import { compileTemplate } from './template.js';

const secret = 'hunter2-Pl41ntext';

const registry = {
  http: { addr: ':5000', port: 5000, headers: ['nosniff', 'deny'], tls: false },
  storage: {
    swift: { authurl: 'http://127.0.0.1:8080/auth/v1.0', username: 'test:tester', password: secret },
  },
  log: { level: 'debug' },
  empty: '',
  nothing: null,
};

function failure(template: string, document: object = registry): RenderTemplateError {
  try {
    compileTemplate(template, 'app.conf.hbs')(document as never);
  } catch (err) {
    expect(err).toBeInstanceOf(RenderTemplateError);
    expect((err as Error).message).not.toContain(secret);
    expect((err as Error).message).not.toContain('hunter2');
    return err as RenderTemplateError;
  }
  throw new Error('expected a RenderTemplateError');
}

describe('compileTemplate', () => {
  test('renders an nginx configuration, without HTML escaping', () => {
    const template = [
      'server {',
      '  listen {{http.port}};',
      '  {{#each http.headers}}',
      '  add_header X-Header-{{@index}} "{{this}}";',
      '  {{/each}}',
      '  location /v2/ { proxy_pass http://127.0.0.1{{http.addr}}; }',
      '  # auth <{{storage.swift.username}}> & {{#if http.tls}}tls{{else}}plain{{/if}}',
      '}',
      '',
    ].join('\n');
    expect(compileTemplate(template, 'nginx.conf.hbs')(registry)).toBe(
      [
        'server {',
        '  listen 5000;',
        '  add_header X-Header-0 "nosniff";',
        '  add_header X-Header-1 "deny";',
        '  location /v2/ { proxy_pass http://127.0.0.1:5000; }',
        '  # auth <test:tester> & plain',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('the nginx example of docs/render.md renders', async () => {
    const docs = await readFile(new URL('../../docs/render.md', import.meta.url), 'utf8');
    const example = /```handlebars\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    const rendered = compileTemplate(
      example!,
      'nginx.conf.hbs',
    )({
      http: { addr: ':5000', hosts: ['registry.test', 'hub.test'], headers: { 'X-Frame-Options': ['deny'] } },
      log: { level: 'debug' },
    });
    expect(rendered).toContain('listen 443 ssl;');
    expect(rendered).toContain('server_name registry.test hub.test;');
    expect(rendered).toContain('add_header X-Frame-Options "deny";');
    expect(rendered).toContain('proxy_pass http://127.0.0.1:5000;');
    expect(rendered).toContain('access_log /var/log/nginx/registry.log;');
  });

  test.each([
    ['{{storage.swift.region}}', 1, 3, 'storage.swift.region'],
    ['line one\n  {{storage.cinder.authurl}}', 2, 5, 'storage.cinder.authurl'],
    ['{{#with storage.swift}}{{container}}{{/with}}', 1, 26, 'container'],
    ['{{#each http.headers}}{{name}}{{/each}}', 1, 25, 'name'],
    ['{{storage.swift.password.length}}', 1, 3, 'storage.swift.password.length'],
    ['{{http.port.value}}', 1, 3, 'http.port.value'],
    ['{{toString}}', 1, 3, 'toString'],
  ])('%j: a missing value is an error naming its path and line', (template, line, column, path) => {
    const error = failure(template);
    expect(error.code).toBe('RENDER_TEMPLATE_FAILED');
    expect([error.template, error.line, error.column]).toEqual(['app.conf.hbs', line, column]);
    expect(error.message).toContain(`'${path}' is not in the document`);
  });

  test('a syntax error is reported when compiling, with its line', () => {
    let caught: unknown;
    try {
      compileTemplate('ok\n{{#if x}}\n', 'broken.hbs');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RenderTemplateError);
    expect((caught as RenderTemplateError).message).toMatch(/^template broken\.hbs line \d+: syntax error/);
    expect(() => compileTemplate('{{#if a}}{{/each}}', 'mismatch.hbs')).toThrow(/if doesn't match each/);
  });

  describe('helpers', () => {
    const render = (template: string, document: object = registry) =>
      compileTemplate(template, 'helpers.hbs')(document as never);

    test('json: compact or indented', () => {
      expect(render('{{json http.headers}}')).toBe('["nosniff","deny"]');
      expect(render('{{json log 2}}')).toBe('{\n  "level": "debug"\n}');
      expect(render('{{json empty}}')).toBe('""');
    });

    test('yaml and toml: a subtree, without the final newline; indent lines it up', () => {
      expect(render('{{yaml log}}')).toBe('level: debug');
      expect(render('log:\n  {{indent 2 (yaml storage)}}\n')).toBe(
        'log:\n  swift:\n    authurl: http://127.0.0.1:8080/auth/v1.0\n    username: test:tester\n' +
          `    password: ${secret}\n`,
      );
      expect(render('{{toml storage.swift}}')).toContain('username = "test:tester"');
    });

    test('default: the fallback for a missing path, null or ""', () => {
      expect(render('{{default storage.swift.region "RegionOne"}}')).toBe('RegionOne');
      expect(render('{{default storage.cinder.region "RegionOne"}}')).toBe('RegionOne');
      expect(render('{{default nothing "x"}}|{{default empty "y"}}|{{default log.level "z"}}')).toBe(
        'x|y|debug',
      );
      expect(render('{{default http.tls true}}')).toBe('false');
    });

    test('join and eq', () => {
      expect(render('{{join http.headers ", "}}|{{join http.headers}}')).toBe('nosniff, deny|nosniff,deny');
      expect(render('{{#if (eq log.level "debug")}}verbose{{/if}}')).toBe('verbose');
    });

    test.each([
      ['{{join http}}', /join takes a list/],
      ['{{yaml missing.path}}', /yaml was given a path that is not in the document/],
      ['{{toml http.port}}', /toml takes a map/],
      ['{{toml this}}', /cannot write nothing as TOML: TOML has no null/],
      ['{{indent "x" log.level}}', /indent takes a number of spaces/],
      ['{{json log "x"}}', /json takes an indent/],
    ])('%j used wrongly is an error saying how to use it', (template, reason) => {
      expect(failure(template).message).toMatch(reason);
    });

    test('there is no env helper, and log writes nothing', () => {
      expect(failure('{{env "HOME"}}')).toMatchObject({ line: 1, column: 1 });
      expect(failure('{{env "HOME"}}').message).toMatch(
        /there is no env helper: a template never reads the environment/,
      );
      expect(failure('{{log "x"}}').message).toMatch(/there is no log helper/);
    });
  });
});
