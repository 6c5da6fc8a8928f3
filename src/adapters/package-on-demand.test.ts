import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackageLoadError, packageOnDemand } from './package-on-demand.ts';

let base: string;
let from: string;
const loads = () => (globalThis as { tsunaguTestLoads?: number }).tsunaguTestLoads ?? 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'tsunagu-on-demand-'));
  from = pathToFileURL(path.join(base, 'caller.ts')).href;
  // A package that counts how often it is evaluated, and one that fails as it loads.
  await mkdir(path.join(base, 'node_modules', 'counted'), { recursive: true });
  await writeFile(path.join(base, 'node_modules', 'counted', 'index.js'), 'globalThis.tsunaguTestLoads = (globalThis.tsunaguTestLoads ?? 0) + 1;\nexports.answer = 42;\n');
  await mkdir(path.join(base, 'node_modules', 'broken'), { recursive: true });
  await writeFile(path.join(base, 'node_modules', 'broken', 'index.js'), "throw new Error('broken on purpose');\n");
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('a package loaded on demand', () => {
  it('is not loaded until first used, then loaded once and its exports kept', () => {
    const counted = packageOnDemand<{ answer: number }>('counted', from);
    expect(loads()).toBe(0);
    expect(counted().answer).toBe(42);
    expect(counted().answer).toBe(42);
    expect(loads()).toBe(1);
  });

  it('that is missing fails the call that needs it with an error naming the package, not the caller that imports it', () => {
    const missing = packageOnDemand('not-installed-here', from);
    expect(() => missing()).toThrow(PackageLoadError);
    expect(() => missing()).toThrow(/the package not-installed-here could not be loaded/);
  });

  it('that throws as it loads is reported with its own reason', () => {
    const broken = packageOnDemand('broken', from);
    expect(() => broken()).toThrow(/the package broken could not be loaded: broken on purpose/);
  });
});
