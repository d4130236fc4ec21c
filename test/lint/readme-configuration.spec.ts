import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ENVIRONMENT_VARIABLES } from '../../src/config/config.js';

describe('the README\'s configuration table', () => {
  it('names every environment variable the service reads', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
    expect(ENVIRONMENT_VARIABLES.length).toBeGreaterThan(40);
    expect(ENVIRONMENT_VARIABLES.filter((name) => !table.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
