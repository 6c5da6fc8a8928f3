// A trust anchor's directory: who it is (anchor.json), its keys (keys/, each 0600), its own database and audit log
// (db/), what it publishes (trust-list.json, and trust-config.json for nodes to pin), the credentials it issued
// (credentials/) and join requests its node received online, waiting to be taken into its database (inbox/).
import { mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { IdSchema, ParticipantIdSchema } from '../model/common.ts';
import { validate } from '../model/validate.ts';
import { loadSigner } from './key-file.ts';
import type { NodeSigner } from './keys.ts';
import { problem, schemaProblems } from './problems.ts';
import type { TrustProblem } from './verified.ts';

export const AnchorFileSchema = Type.Object(
  {
    anchorId: ParticipantIdSchema,
    trustListId: IdSchema,
    /** Where the anchor's node serves trust-list.json, written into the list and trust-config.json for nodes to fetch. */
    listUrl: Type.Optional(Type.String({ format: 'uri' })),
    /** Key files under keys/, oldest first. */
    keyFiles: Type.Array(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*\\.json$' }), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type AnchorFile = Static<typeof AnchorFileSchema>;

export interface AnchorPaths {
  root: string;
  anchorFile: string;
  keysDir: string;
  keyFile(name: string): string;
  dataDir: string;
  trustListFile: string;
  trustConfigFile: string;
  credentialFile(participantId: string): string;
  inboxDir: string;
}

export function anchorPaths(root: string): AnchorPaths {
  const r = path.resolve(root);
  return {
    root: r,
    anchorFile: path.join(r, 'anchor.json'),
    keysDir: path.join(r, 'keys'),
    keyFile: (name) => path.join(r, 'keys', name),
    dataDir: path.join(r, 'db'),
    trustListFile: path.join(r, 'trust-list.json'),
    trustConfigFile: path.join(r, 'trust-config.json'),
    credentialFile: (id) => path.join(r, 'credentials', `${id}.json`),
    inboxDir: path.join(r, 'inbox'),
  };
}

export type AnchorFileResult<T> = { ok: true; value: T } | { ok: false; problem: TrustProblem };

export async function readAnchorFile(paths: AnchorPaths): Promise<AnchorFileResult<AnchorFile>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(paths.anchorFile, 'utf8')) as unknown;
  } catch {
    return { ok: false, problem: problem('ANCHOR_NOT_SET_UP', { dir: paths.root }) };
  }
  const v = validate(AnchorFileSchema, json);
  return v.ok ? { ok: true, value: v.value } : { ok: false, problem: schemaProblems(v.problems, 'TRUST_DOCUMENT_MALFORMED')[0]! };
}

/** Write a JSON file beside its target and rename it into place, so a reader never sees half of it. */
export async function writeJsonFile(file: string, value: unknown, mode = 0o644): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await rename(tmp, file);
}

/** Every key of the anchor, oldest first. */
export async function anchorSigners(paths: AnchorPaths, anchor: AnchorFile): Promise<AnchorFileResult<NodeSigner[]>> {
  const out: NodeSigner[] = [];
  for (const name of anchor.keyFiles) {
    const loaded = await loadSigner(paths.keyFile(name), anchor.anchorId);
    if (!loaded.ok) return loaded;
    out.push(loaded.value);
  }
  return { ok: true, value: out };
}

/** Keep a join request received online until the anchor's operator takes it in (named by its hash: a resend is one file). */
export async function dropIntoInbox(paths: AnchorPaths, sha256: string, document: unknown): Promise<void> {
  await mkdir(paths.inboxDir, { recursive: true, mode: 0o700 });
  await writeJsonFile(path.join(paths.inboxDir, `${sha256}.json`), document, 0o600);
}

/** The requests waiting in the inbox, each with a function to remove it once kept in the database. */
export async function inboxRequests(paths: AnchorPaths): Promise<{ file: string; document: unknown; remove: () => Promise<void> }[]> {
  const names = (await readdir(paths.inboxDir).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).sort();
  const out: { file: string; document: unknown; remove: () => Promise<void> }[] = [];
  for (const n of names) {
    const file = path.join(paths.inboxDir, n);
    try {
      out.push({ file, document: JSON.parse(await readFile(file, 'utf8')) as unknown, remove: () => unlink(file) });
    } catch {
      // A file still being written is taken next time.
    }
  }
  return out;
}
