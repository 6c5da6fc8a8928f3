// The layering rules (.dependency-cruiser.cjs) catch what they say they catch: a small tree shaped like the
// repository, with one import that breaks each rule and one that keeps it, cruised with the repository's own rules.
// (`npm run lint:layers` applies the same rules to the real tree on every `npm test`.)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as IConfiguration;

/** File → the files it imports (paths from the tree's root). */
const tree: Record<string, string[]> = {
  'src/model/index.ts': [],
  'src/model/bad.ts': ['src/policy/index.ts'],
  'src/i18n/index.ts': [],
  'src/trust/index.ts': ['src/model/index.ts', 'src/i18n/index.ts'],
  'src/policy/index.ts': ['src/model/index.ts', 'src/trust/index.ts'],
  'src/policy/bad.ts': ['src/audit/index.ts'],
  'src/audit/index.ts': ['src/model/index.ts', 'src/trust/index.ts'],
  'src/store/index.ts': ['src/audit/index.ts'],
  'src/store/bad.ts': ['src/node/server.ts'],
  'src/federation/client.ts': ['src/store/index.ts', 'src/trust/index.ts'],
  'src/federation/bad.ts': ['src/node/server.ts'],
  'src/node/server.ts': ['src/federation/client.ts', 'src/store/index.ts', 'src/node/application/index.ts'],
  'src/node/bad.ts': ['src/apps/lifeline/service.ts'],
  'src/node/application/index.ts': ['src/store/index.ts'],
  'src/apps/lifeline/service.ts': ['src/node/application/index.ts', 'src/model/index.ts', 'src/policy/index.ts', 'src/apps/lifeline/types.ts'],
  'src/apps/lifeline/types.ts': ['src/model/index.ts'],
  'src/apps/lifeline/bad-store.ts': ['src/store/index.ts'],
  'src/apps/lifeline/bad-node.ts': ['src/node/server.ts'],
  'src/apps/lifeline/bad-other-app.ts': ['src/apps/logistics/plan.ts'],
  'src/apps/lifeline/service.test.ts': ['src/federation/client.ts'],
  'src/apps/logistics/plan.ts': ['src/node/application/index.ts'],
  'src/apps/lifeline/console/Page.tsx': ['web/src/api.ts', 'src/apps/lifeline/types.ts', 'src/model/index.ts'],
  'src/apps/lifeline/console/BadPage.tsx': ['src/apps/lifeline/service.ts'],
  'src/apps/index.ts': ['src/apps/lifeline/service.ts'],
  'src/cli/main.ts': ['src/apps/index.ts', 'src/demo/start.ts', 'src/node/server.ts'],
  'src/demo/start.ts': ['src/apps/index.ts', 'src/node/server.ts'],
  'src/node/bad-demo.ts': ['src/demo/start.ts'],
  'src/adapters/csv.ts': ['src/model/index.ts', 'src/store/index.ts'],
  'src/adapters/bad.ts': ['src/federation/client.ts'],
  'web/src/api.ts': ['src/model/index.ts'],
  'web/src/main.tsx': ['src/apps/lifeline/console/Page.tsx', 'web/src/api.ts'],
  'web/src/bad.tsx': ['src/store/index.ts'],
};

let root: string;
let result: ICruiseResult;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tsunagu-layers-'));
  for (const [file, imports] of Object.entries(tree)) {
    const at = path.join(root, file);
    await mkdir(path.dirname(at), { recursive: true });
    const lines = imports.map((target, i) => {
      let rel = path.relative(path.dirname(file), target);
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `import * as m${i} from '${rel}';\nexport const u${i} = m${i};`;
    });
    await writeFile(at, `${lines.join('\n')}\nexport const here = 1;\n`);
  }
  const { tsConfig: _ts, ...options } = config.options ?? {};
  const cruised = await cruise(['src', 'web/src'], { ...options, baseDir: root, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } });
  result = cruised.output as ICruiseResult;
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function violations(): string[] {
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('the layering rules', () => {
  it.each([
    ['model-is-the-core', 'src/model/bad.ts', 'src/policy/index.ts'],
    ['policy-is-pure', 'src/policy/bad.ts', 'src/audit/index.ts'],
    ['store-below-node', 'src/store/bad.ts', 'src/node/server.ts'],
    ['federation-is-the-consumer-side', 'src/federation/bad.ts', 'src/node/server.ts'],
    ['nothing-below-applications-knows-one', 'src/node/bad.ts', 'src/apps/lifeline/service.ts'],
    ['applications-use-the-interface-only', 'src/apps/lifeline/bad-store.ts', 'src/store/index.ts'],
    ['applications-use-the-interface-only', 'src/apps/lifeline/bad-node.ts', 'src/node/server.ts'],
    ['applications-use-the-interface-only', 'src/apps/lifeline/bad-other-app.ts', 'src/apps/logistics/plan.ts'],
    ['application-console-pages-use-the-console-kit', 'src/apps/lifeline/console/BadPage.tsx', 'src/apps/lifeline/service.ts'],
    ['cli-and-demo-on-top', 'src/node/bad-demo.ts', 'src/demo/start.ts'],
    ['adapters-below-the-node', 'src/adapters/bad.ts', 'src/federation/client.ts'],
    ['the-console-speaks-to-its-node-over-http', 'web/src/bad.tsx', 'src/store/index.ts'],
  ])('%s refuses %s importing %s', (rule, from, to) => {
    expect(violations()).toContain(`${rule}: ${from} → ${to}`);
  });

  it('lets every import that keeps to the layers pass', () => {
    const bad = violations().filter((v) => !/\/bad[^/]*\.tsx?|BadPage/.test(v.split(' → ')[0]!));
    expect(bad).toEqual([]);
  });
});
