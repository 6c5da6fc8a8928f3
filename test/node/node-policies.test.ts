// The policies a node loads at start: the built-in open-data policy for shelters, the operator's files, and a
// refusal that names the file, the place in it and the reason when one is wrong.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInPolicies, formatNodePolicyProblem, loadNodePolicies, openSheltersPolicy } from '../../src/node/node-policies.ts';
import { policyDirFromEnv } from '../../src/node/config.ts';
import { nanaoPersonsPolicyDocument, nanaoSheltersPolicyDocument } from '../../src/policy/examples.ts';
import { sheltersDataset } from '../../src/policy/index.ts';

const OWNER = 'jp-172022-nanao-city';
const dirs: string[] = [];

function policyDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-policies-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the built-in policies', () => {
  it('let anyone read every shelter field, for every purpose and phase, owned by the node', () => {
    const policy = openSheltersPolicy(OWNER);
    expect(policy).toMatchObject({ owner: OWNER, dataset: 'shelters', permits: [{ audience: 'public', actions: ['read'], onwardSharing: true }] });
    expect([...policy.permits[0]!.fields].sort()).toEqual([...sheltersDataset.fields.children.keys()].sort());
    expect(policy.permits[0]!.purposes).toHaveLength(8);
    expect(policy.permits[0]!.phases).toEqual(['normal', 'alert', 'emergency', 'recovery']);
  });
});

describe('loadNodePolicies', () => {
  it('uses the built-in policies when no directory is configured', async () => {
    expect(policyDirFromEnv({})).toBeUndefined();
    expect(policyDirFromEnv({ TSUNAGU_POLICY_DIR: '  ' })).toBeUndefined();
    const r = await loadNodePolicies({ owner: OWNER });
    expect(r).toEqual({ ok: true, value: builtInPolicies(OWNER) });
  });

  it('loads every JSON file, one policy or an array per file, and lets a file replace the built-in policy of its dataset', async () => {
    const dir = policyDir({ 'shelters.json': nanaoSheltersPolicyDocument, 'persons.json': [nanaoPersonsPolicyDocument], 'README.txt': 'not a policy' });
    const r = await loadNodePolicies({ owner: OWNER, dir });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.map((p) => [p.policy.id, p.source])).toEqual([
      ['nanao-persons', 'persons.json'],
      ['nanao-shelters', 'shelters.json'],
      ['open-alerts', 'built-in'],
    ]);
  });

  it('keeps the built-in shelters and alerts policies beside files for other datasets', async () => {
    const r = await loadNodePolicies({ owner: OWNER, dir: policyDir({ 'persons.json': nanaoPersonsPolicyDocument }) });
    expect(r.ok && r.value.map((p) => [p.policy.id, p.source])).toEqual([['nanao-persons', 'persons.json'], ['open-shelters', 'built-in'], ['open-alerts', 'built-in']]);
  });

  it('refuses to load when a file grants sensitive data to the public, naming the file, the place and the field', async () => {
    const bad = {
      ...structuredClone(nanaoPersonsPolicyDocument),
      permits: [{ ...structuredClone(nanaoPersonsPolicyDocument.permits[5]), roles: undefined, requesterJurisdiction: undefined, audience: 'public' }],
    };
    const dir = policyDir({ 'good.json': nanaoSheltersPolicyDocument, 'open-persons.json': JSON.parse(JSON.stringify(bad)) });
    const r = await loadNodePolicies({ owner: OWNER, dir });
    if (r.ok) throw new Error('expected the policies to be refused');
    expect(r.problems[0]).toMatchObject({ file: 'open-persons.json', code: 'POLICY_SCHEMA_PUBLIC_FIELD', params: { path: '/permits/0/fields/0', field: 'areaCode' } });
    const lines = r.problems.map((p) => formatNodePolicyProblem(p, 'en'));
    expect(lines).toContain('Policy file open-persons.json: /permits/0/fields/1: a public permit (audience: public) may only grant public fields; field "care.needs" of dataset persons is classed sensitive');
    expect(formatNodePolicyProblem(r.problems[0]!, 'ja')).toMatch(/^ポリシーファイル open-persons.json: \/permits\/0\/fields\/0: /);
  });

  it('names the policy inside an array file, a file that is not JSON, and a policy given twice', async () => {
    const broken = { ...structuredClone(nanaoSheltersPolicyDocument), id: 'other', permits: [{ ...nanaoSheltersPolicyDocument.permits[0], purposes: ['sightseeing'] }] };
    const dir = policyDir({ 'a.json': [nanaoSheltersPolicyDocument, broken], 'b.json': '{ "id": ', 'c.json': nanaoSheltersPolicyDocument });
    const r = await loadNodePolicies({ owner: OWNER, dir });
    if (r.ok) throw new Error('expected the policies to be refused');
    expect(r.problems.map((p) => [p.file, p.code, p.params.path])).toEqual([
      ['a.json', 'POLICY_SCHEMA_UNKNOWN_PURPOSE', '/1/permits/0/purposes/0'],
      ['b.json', 'POLICY_SCHEMA_NOT_JSON', undefined],
      [undefined, 'NODE_POLICY_DUPLICATE', undefined],
    ]);
    expect(formatNodePolicyProblem(r.problems[2]!, 'en')).toBe('Policy nanao-shelters version 1 is in both a.json and c.json');
  });

  it('says so when the directory cannot be read', async () => {
    const missing = path.join(tmpdir(), 'tsunagu-no-such-policy-dir');
    const r = await loadNodePolicies({ owner: OWNER, dir: missing });
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'NODE_POLICY_DIR_UNREADABLE', params: { dir: missing } }] });
  });

  it('ignores directories and files that are not JSON', async () => {
    const dir = policyDir({});
    mkdirSync(path.join(dir, 'drafts.json'));
    expect(await loadNodePolicies({ owner: OWNER, dir })).toEqual({ ok: true, value: builtInPolicies(OWNER) });
  });
});
