// What the demo's parent process tells each node process of either scenario (one message over the IPC channel, checked
// against its scenario's schema before use), and what a node process answers: ready with its URL and token, or a
// notice. No private key crosses: each node reads its own key file.
import { Type, type Static } from '@sinclair/typebox';
import { validate } from '../model/index.ts';
import { SignedCredentialSchema } from '../trust/credential.ts';
import { SignedTrustListSchema } from '../trust/trust-list.ts';
import { TrustConfigSchema } from '../trust/trust-registry.ts';

const LogLevel = Type.Union([
  Type.Literal('fatal'),
  Type.Literal('error'),
  Type.Literal('warn'),
  Type.Literal('info'),
  Type.Literal('debug'),
  Type.Literal('trace'),
  Type.Literal('silent'),
]);

/** What every node process is told, whichever scenario it belongs to. */
const launchFields = {
  type: Type.Literal('launch'),
  /** The demo's root (keys, anchors, credentials, one database per node). */
  root: Type.String({ minLength: 1 }),
  /** Which participant of the scenario this process runs (its key, e.g. nanao). */
  participant: Type.String({ minLength: 1, maxLength: 100 }),
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  url: Type.String({ pattern: '^https?://' }),
  lang: Type.Union([Type.Literal('ja'), Type.Literal('en')]),
  logLevel: LogLevel,
  dataDir: Type.String({ minLength: 1 }),
  deadLetterRetentionDays: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  trustRefreshSeconds: Type.Optional(Type.Number({ minimum: 0 })),
  /** Only import the node's bundled data, close its database and end with 0 (the first start, before the node's process). */
  importOnly: Type.Optional(Type.Boolean()),
};

/** A node of the Noto demo (one anchor, one list). */
export const NotoNodeLaunchSchema = Type.Object(
  {
    ...launchFields,
    scenario: Type.Literal('noto'),
    seed: Type.Integer(),
    sizes: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
    trust: Type.Object({
      anchorId: Type.String({ minLength: 1 }),
      config: TrustConfigSchema,
      trustList: SignedTrustListSchema,
      credentials: Type.Array(SignedCredentialSchema),
    }),
  },
  { additionalProperties: false },
);

/** A node of the ASEAN demo (two anchors, every node trusting both lists). */
export const AseanNodeLaunchSchema = Type.Object(
  {
    ...launchFields,
    scenario: Type.Literal('asean'),
    trust: Type.Object({
      config: TrustConfigSchema,
      trustLists: Type.Array(SignedTrustListSchema, { minItems: 1 }),
      credentials: Type.Array(SignedCredentialSchema),
    }),
  },
  { additionalProperties: false },
);

export const DemoNodeLaunchSchema = Type.Union([NotoNodeLaunchSchema, AseanNodeLaunchSchema]);
export type NotoNodeLaunch = Static<typeof NotoNodeLaunchSchema>;
export type AseanNodeLaunch = Static<typeof AseanNodeLaunchSchema>;
export type DemoNodeLaunch = NotoNodeLaunch | AseanNodeLaunch;

/**
 * Told instead of a launch: create the store's database in `dataDir` (initdb and every migration), close it and end
 * with 0. `npm start` has the trust anchor's database created so on a first start: creating one grows PGlite's memory
 * for good, and the parent process keeps running.
 */
export const CreateDatabaseSchema = Type.Object({ type: Type.Literal('create-database'), dataDir: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export type CreateDatabase = Static<typeof CreateDatabaseSchema>;

/** A node process ready: where it answers, its operator token, and what it holds (counts by kind of record). */
export interface DemoNodeReady {
  type: 'ready';
  participant: string;
  url: string;
  port: number;
  operatorToken: string;
  consoleUrl: string;
  summary: Readonly<Record<string, number>>;
}

/** A node process's answers to its parent. */
export type DemoNodeReport = DemoNodeReady | { type: 'notice'; code: string; params: Record<string, string | number> };

export function parseDemoNodeLaunch(value: unknown): { ok: true; value: DemoNodeLaunch } | { ok: false; detail: string } {
  // Checked against its scenario's schema, so a problem names the field rather than "matches no member of the union".
  const scenario = typeof value === 'object' && value !== null ? (value as { scenario?: unknown }).scenario : undefined;
  if (scenario !== 'noto' && scenario !== 'asean') return { ok: false, detail: `/scenario must be "noto" or "asean"` };
  const v = scenario === 'noto' ? validate(NotoNodeLaunchSchema, value) : validate(AseanNodeLaunchSchema, value);
  return v.ok ? { ok: true, value: v.value } : { ok: false, detail: v.problems.slice(0, 3).map((p) => `${p.path} ${p.message}`).join('; ') };
}
