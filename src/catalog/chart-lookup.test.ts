// Finding a chart's version and flavor by name.
import { describe, expect, test } from 'vitest';
import { latestVersion, selectFlavor, selectVersion } from './chart-lookup.js';
import { ChartVersionNotFoundError, FlavorNotFoundError } from './errors.js';
import type { Chart } from './model.js';

const flavor = (name: string) => ({ name, specs: [], values: {}, readme: '' });
const chart: Chart = {
  metadata: { repositoryName: 'r', repository: '', chartName: 'registry', logoImage: '', description: '' },
  versions: [
    { version: '2.10.0', flavors: [flavor('filesystem')] },
    { version: '2.8.2', flavors: [flavor('filesystem'), flavor('swift')] },
  ],
};

describe('chart lookup', () => {
  test('a version and a flavor by name', () => {
    expect(selectVersion(chart, '2.8.2').flavors).toHaveLength(2);
    expect(selectFlavor(chart, '2.8.2', 'swift').name).toBe('swift');
  });

  test('what is missing is told with what there is', () => {
    expect(() => selectVersion(chart, '3.0')).toThrow(ChartVersionNotFoundError);
    expect(() => selectFlavor(chart, '3.0', 'swift')).toThrow(
      "has no version '3.0'; choose one of 2.10.0, 2.8.2",
    );
    expect(() => selectFlavor(chart, '2.10.0', 'swift')).toThrow(FlavorNotFoundError);
    expect(() => selectFlavor(chart, '2.10.0', 'swift')).toThrow('choose one of filesystem');
  });

  test('the latest version by number, not by text', () => {
    expect(latestVersion(chart).version).toBe('2.10.0');
    expect(() => latestVersion({ ...chart, versions: [] })).toThrow(TypeError);
  });
});
