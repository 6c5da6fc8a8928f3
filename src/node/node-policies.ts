// The usage policies a node decides by: a built-in open-data policy for shelters, and the operator's policy files
// (TSUNAGU_POLICY_DIR, *.json: one policy or an array of policies per file). A file that governs a dataset replaces
// the built-in policy for it. One broken file refuses the whole set, with the file, the place and the reason.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { message, type Lang, type MessageCode, type MessageParams } from '../i18n/index.ts';
import { codesOf, purposes, type Label } from '../model/index.ts';
import { alertsDataset, parsePolicy, policyPhases, sheltersDataset, type DatasetDefinition, type Policy } from '../policy/index.ts';

export interface NodePolicy {
  policy: Policy;
  /** Where it came from: 'built-in', or the file's name (not its directory). */
  source: string;
}

export interface NodePolicyProblem {
  /** The policy file concerned, when the problem is inside one. */
  file?: string;
  code: MessageCode;
  /** For a problem inside a file, `path` is the JSON Pointer within that file. */
  params: MessageParams;
}

export type NodePoliciesOutcome = { ok: true; value: NodePolicy[] } | { ok: false; problems: NodePolicyProblem[] };

/** A built-in policy letting anyone read every field of a dataset, for any purpose, in any phase (each read still decided and recorded). */
function openReadPolicy(args: { owner: string; id: string; dataset: DatasetDefinition; description: Label; permitDescription: Label; retention: string }): Policy {
  const parsed = parsePolicy({
    id: args.id,
    version: 1,
    owner: args.owner,
    dataset: args.dataset.name,
    description: args.description,
    fieldClasses: {},
    permits: [
      {
        id: 'public-read',
        description: args.permitDescription,
        audience: 'public',
        purposes: codesOf(purposes),
        actions: ['read'],
        phases: codesOf(policyPhases),
        fields: [...args.dataset.fields.children.keys()],
        retention: args.retention,
        onwardSharing: true,
        consentRequiredOutsideEmergency: false,
      },
    ],
  });
  if (!parsed.ok) throw new Error(`the built-in ${args.dataset.name} policy does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

/**
 * Shelter data is open data (GSI's nationwide shelters, Nanao City's open-shelter feed, CC BY): anyone may read every
 * field, for any purpose, in any phase — and every read is still decided and recorded.
 */
export function openSheltersPolicy(owner: string): Policy {
  return openReadPolicy({
    owner,
    id: 'open-shelters',
    dataset: sheltersDataset,
    description: {
      ja: '避難所のオープンデータ（CC BY）: 誰でも閲覧できます。閲覧はすべて判定し、監査ログに記録します',
      en: 'Shelter open data (CC BY): anyone may read it; every read is decided and recorded in the audit log',
    },
    permitDescription: { ja: '誰でも閲覧できる公開データ', en: 'Open data anyone may read' },
    // Opening status and evacuee counts go stale within days; a month keeps copies from outliving their use.
    retention: 'P30D',
  });
}

/**
 * Alerts are public warnings as the agencies publish them (docs/alerts.md): anyone may read every field, and every
 * read is still decided and recorded. Writing (a pushed alert) is not granted here; an operator's policy grants it.
 */
export function openAlertsPolicy(owner: string): Policy {
  return openReadPolicy({
    owner,
    id: 'open-alerts',
    dataset: alertsDataset,
    description: {
      ja: '警報・注意報・地震津波情報は公開情報です: 誰でも閲覧できます。閲覧はすべて判定し、監査ログに記録します',
      en: 'Alerts are public warnings: anyone may read them; every read is decided and recorded in the audit log',
    },
    permitDescription: { ja: '誰でも閲覧できる公開情報', en: 'Public warnings anyone may read' },
    // A warning is superseded within hours or days; a month keeps the record of what was said without hoarding it.
    retention: 'P30D',
  });
}

export function builtInPolicies(owner: string): NodePolicy[] {
  return [
    { policy: openSheltersPolicy(owner), source: 'built-in' },
    { policy: openAlertsPolicy(owner), source: 'built-in' },
  ];
}

/** The policies in one file, or its problems (every one, each with its JSON Pointer inside the file). */
function policiesOfFile(file: string, text: string): { policies: Policy[]; problems: NodePolicyProblem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { policies: [], problems: [{ file, code: 'POLICY_SCHEMA_NOT_JSON', params: { detail: (e as Error).message } }] };
  }
  const docs = Array.isArray(doc) ? doc : [doc];
  const policies: Policy[] = [];
  const problems: NodePolicyProblem[] = [];
  docs.forEach((d, i) => {
    const r = parsePolicy(d);
    if (r.ok) policies.push(r.value);
    else {
      for (const p of r.problems) {
        const at = Array.isArray(doc) ? `/${i}${p.path}` : p.path;
        problems.push({ file, code: p.code, params: { ...p.params, path: at || '/' } });
      }
    }
  });
  return { policies, problems };
}

/** The node's policies: the operator's files in `dir` (when given), and the built-in ones for datasets they leave out. */
export async function loadNodePolicies(options: { owner: string; dir?: string }): Promise<NodePoliciesOutcome> {
  const fromFiles: NodePolicy[] = [];
  if (options.dir !== undefined) {
    let names: string[];
    try {
      names = (await readdir(options.dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name).sort();
    } catch (e) {
      return { ok: false, problems: [{ code: 'NODE_POLICY_DIR_UNREADABLE', params: { dir: options.dir, detail: (e as Error).message } }] };
    }
    const problems: NodePolicyProblem[] = [];
    const seen = new Map<string, string>();
    for (const name of names) {
      const { policies, problems: own } = policiesOfFile(name, await readFile(path.join(options.dir, name), 'utf8'));
      problems.push(...own);
      for (const policy of policies) {
        const key = `${policy.id}@${policy.version}`;
        const first = seen.get(key);
        if (first !== undefined) problems.push({ code: 'NODE_POLICY_DUPLICATE', params: { id: policy.id, version: policy.version, first, file: name } });
        else seen.set(key, name);
        fromFiles.push({ policy, source: name });
      }
    }
    if (problems.length > 0) return { ok: false, problems };
  }
  const governed = new Set(fromFiles.map((p) => p.policy.dataset));
  const defaults = builtInPolicies(options.owner).filter((p) => !governed.has(p.policy.dataset));
  return { ok: true, value: [...fromFiles, ...defaults] };
}

/** A problem as one line for the operator, in their language. */
export function formatNodePolicyProblem(problem: NodePolicyProblem, lang: Lang): string {
  const text = message(problem.code, problem.params, lang);
  return problem.file === undefined ? text : message('NODE_POLICY_FILE_INVALID', { file: problem.file, problem: text }, lang);
}
