// What the demo's parent process tells each node process (one message over the IPC channel, checked against a schema
// before use), and what a node process answers: ready with its URL and token, or a notice. No private key crosses:
// each node reads its own key file.
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

export const DemoNodeLaunchSchema = Type.Object(
  {
    type: Type.Literal('launch'),
    /** The demo's root (keys, anchor, credentials, one database per node). */
    root: Type.String({ minLength: 1 }),
    /** Which participant of the scenario this process runs (its key, e.g. nanao). */
    participant: Type.String({ minLength: 1, maxLength: 100 }),
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    url: Type.String({ pattern: '^https?://' }),
    lang: Type.Union([Type.Literal('ja'), Type.Literal('en')]),
    logLevel: LogLevel,
    dataDir: Type.String({ minLength: 1 }),
    seed: Type.Integer(),
    sizes: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0 }))),
    deadLetterRetentionDays: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    trustRefreshSeconds: Type.Optional(Type.Number({ minimum: 0 })),
    /** Only import the node's bundled data, close its database and end with 0 (the first start, before the node's process). */
    importOnly: Type.Optional(Type.Boolean()),
    trust: Type.Object({
      anchorId: Type.String({ minLength: 1 }),
      config: TrustConfigSchema,
      trustList: SignedTrustListSchema,
      credentials: Type.Array(SignedCredentialSchema),
    }),
  },
  { additionalProperties: false },
);
export type DemoNodeLaunch = Static<typeof DemoNodeLaunchSchema>;

/** A node process's answers to its parent. */
export type DemoNodeReport =
  | { type: 'ready'; participant: string; url: string; port: number; operatorToken: string; consoleUrl: string; summary: { shelters: number; persons: number } }
  | { type: 'notice'; code: string; params: Record<string, string | number> };

export function parseDemoNodeLaunch(value: unknown): { ok: true; value: DemoNodeLaunch } | { ok: false; detail: string } {
  const v = validate(DemoNodeLaunchSchema, value);
  return v.ok ? { ok: true, value: v.value } : { ok: false, detail: v.problems.slice(0, 3).map((p) => `${p.path} ${p.message}`).join('; ') };
}
