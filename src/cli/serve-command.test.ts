import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

/** The modules `tsunagu serve` reads its settings through. */
const readers = [
  './serve-command.ts',
  './serve-trust.ts',
  './node-identity.ts',
  './node-key.ts',
  '../node/config.ts',
  '../node/live-trust.ts',
  '../node/operator/token-config.ts',
  '../store/config.ts',
  '../federation/dead-letters.ts',
  '../i18n/index.ts',
];

describe('tsunagu serve --help', () => {
  it('names every environment variable serve reads, with its meaning and default', async () => {
    const out: string[] = [];
    const code = await main(['node', 'tsunagu', 'serve', '--help'], { out: (l) => out.push(l), err: (l) => out.push(l), interactive: false }, {});
    expect(code).toBe(0);
    const help = out.join('\n');
    const read = new Set(readers.flatMap((f) => [...readFileSync(new URL(f, import.meta.url), 'utf8').matchAll(/\b(TSUNAGU_[A-Z_]*[A-Z]|LOG_LEVEL)\b/g)].map((m) => m[1]!)));
    expect(read.size).toBeGreaterThan(10);
    for (const variable of read) expect(help, variable).toMatch(new RegExp(`^  ${variable} +\\S.*\\[.+\\]$`, 'm'));
  });
});
