import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';
import { DEFAULT_HEAP_LIMIT_MB, heapLimit } from './heap-limit.js';

const MB = 1048576;
const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the heap limit', () => {
  it('is given to node by npm start and by the container image, HEAP_LIMIT_MB or the default', () => {
    const flag = `--max-old-space-size=\${HEAP_LIMIT_MB:-${DEFAULT_HEAP_LIMIT_MB}}`;
    const start = (JSON.parse(repoFile('package.json')) as { scripts: Record<string, string> }).scripts.start;
    expect(start).toBe(`node ${flag} dist/src/main.js`);
    const image = repoFile('docker/Dockerfile');
    expect(image).toContain(`HEAP_LIMIT_MB=${DEFAULT_HEAP_LIMIT_MB}`);
    expect(image).toContain('CMD ["sh", "-c", "exec node --max-old-space-size=\\"$HEAP_LIMIT_MB\\" dist/src/main.js"]');
  });

  it('says nothing when HEAP_LIMIT_MB is unset, and reports the limit the process runs with', () => {
    expect(heapLimit({}, 4144 * MB)).toEqual({ heapLimitMb: 4144 });
    expect(heapLimit({ HEAP_LIMIT_MB: '' }, 1584 * MB)).toEqual({ heapLimitMb: 1584 });
  });

  it('says nothing when the process runs with the limit HEAP_LIMIT_MB asks for (the young generation on top)', () => {
    expect(heapLimit({ HEAP_LIMIT_MB: '1536' }, 1584 * MB)).toEqual({ heapLimitMb: 1584 });
  });

  it('warns when the process was started without the limit HEAP_LIMIT_MB asks for', () => {
    const { heapLimitMb, warning } = heapLimit({ HEAP_LIMIT_MB: '1536' }, 4144 * MB);
    expect(heapLimitMb).toBe(4144);
    expect(warning).toMatch(/HEAP_LIMIT_MB is 1536, but this process runs with a heap limit of 4144 MB/);
    expect(heapLimit({ HEAP_LIMIT_MB: '4096' }, 1584 * MB).warning).toMatch(/--max-old-space-size=4096/);
  });

  it.each(['abc', '1.5', '-1', '255', '1536MB'])('stops the start on HEAP_LIMIT_MB=%s', (value) => {
    expect(() => heapLimit({ HEAP_LIMIT_MB: value }, 4144 * MB)).toThrow(ConfigError);
    expect(() => heapLimit({ HEAP_LIMIT_MB: value }, 4144 * MB)).toThrow(/HEAP_LIMIT_MB: a whole number of megabytes, at least 256/);
  });
});
