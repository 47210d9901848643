// A picked folder read as a template repository's files.
import { expect, test } from 'vitest';
import { repositoryFiles, repositoryPath } from './chart-files';

test("a picked file's path inside the repository; files the format does not name are left out", () => {
  expect(repositoryPath('registry/metadata.json')).toBe('metadata.json');
  expect(repositoryPath('registry/versions/2.8.2/swift-config.json')).toBe(
    'versions/2.8.2/swift-config.json',
  );
  expect(repositoryPath('my-chart/versions/1.0/all-in-one-readme.md')).toBe(
    'versions/1.0/all-in-one-readme.md',
  );
  expect(repositoryPath('registry/.git/config')).toBeUndefined();
  expect(repositoryPath('registry/versions/2.8.2/notes.txt')).toBeUndefined();
  expect(repositoryPath('registry/versions/2.8.2/deep/swift-config.json')).toBeUndefined();
});

test('the files body holds the text of each format file', async () => {
  const picked = [
    { path: 'registry/metadata.json', text: async () => '{"chart_name":"registry"}' },
    { path: 'registry/README.md', text: async () => 'not sent' },
    { path: 'registry/versions/1.0/main-readme.md', text: async () => '# main' },
  ];
  expect(await repositoryFiles(picked)).toEqual({
    files: { 'metadata.json': '{"chart_name":"registry"}', 'versions/1.0/main-readme.md': '# main' },
    skipped: 1,
  });
});
