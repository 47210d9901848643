// Choosing a format by name or file extension, and what every format shares: a map at the top, a
// byte order mark ignored, misuse refused.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { RenderError, renderErrorCodes } from './errors.js';
import {
  documentFormats,
  formatDocument,
  formatFromFileName,
  isDocumentFormat,
  parseDocument,
} from './formats.js';

describe('formats', () => {
  test.each([
    ['/etc/docker/registry/config.yml', 'yaml'],
    ['config.YAML', 'yaml'],
    ['app.json', 'json'],
    ['pyproject.toml', 'toml'],
    ['app.env', 'env'],
    ['/srv/app/.env', 'env'],
    ['application.properties', 'properties'],
    ['notes.txt', undefined],
    ['Makefile', undefined],
    ['.env.local', undefined],
  ])('%s is %s', (path, format) => {
    expect(formatFromFileName(path)).toBe(format);
  });

  test('the formats, by name', () => {
    expect(documentFormats).toEqual(['yaml', 'json', 'toml', 'env', 'properties']);
    expect(isDocumentFormat('toml')).toBe(true);
    expect(isDocumentFormat('xml')).toBe(false);
  });

  test('a byte order mark is ignored', () => {
    for (const format of documentFormats) {
      const text = formatDocument({ a: 'b' }, format);
      expect(parseDocument(`\ufeff${text}`, format)).toEqual(format === 'env' ? { A: 'b' } : { a: 'b' });
    }
  });

  test('misuse is a TypeError', () => {
    expect(() => formatDocument({ a: 1 }, 'xml' as never)).toThrow(TypeError);
    expect(() => parseDocument('a: 1', 'xml' as never)).toThrow(TypeError);
    expect(() => formatDocument([] as never, 'json')).toThrow(TypeError);
    expect(() => formatDocument({ a: () => 1 } as never, 'json')).toThrow(/a is function/);
  });

  test('every error code is a RenderError code and docs/render.md lists each one', async () => {
    const docs = await readFile(new URL('../../docs/render.md', import.meta.url), 'utf8');
    for (const code of renderErrorCodes) expect(docs).toContain(`\`${code}\``);
    expect(RenderError.prototype).toBeInstanceOf(Error);
  });
});
