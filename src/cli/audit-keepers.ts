// Asking keepers for the checkpoints they hold of a node (`tsunagu audit verify`, `tsunagu audit anchors`): signed
// requests with this node's key and credential (the trust files of `tsunagu serve`), answers verified before use.
import {
  HeldCheckpointsAnswerSchema,
  latestPerKeeper,
  type AnchoredHead,
  type HeldCheckpointsAnswer,
} from '../audit/index.ts';
import { message, type MessageCode, type MessageParams } from '../i18n/index.ts';
import { createFederationClient } from '../federation/client.ts';
import { validate } from '../model/index.ts';
import { anchoringConfigFromEnv } from '../node/audit-anchoring/anchoring-config.ts';
import { HELD_CHECKPOINTS_PATH } from '../node/audit-anchoring/checkpoint-routes.ts';
import { resolveKeepers } from '../node/audit-anchoring/checkpoint-sender.ts';
import type { CliContext } from './context.ts';
import { nodeIdentityFromEnv } from './node-identity.ts';
import { nodeKeyPath, nodeSigner } from './node-key.ts';
import { loadServeTrust, serveTrustFilesFromEnv } from './serve-trust.ts';
import { CliConfigError } from './store-from-env.ts';

export interface KeeperAnswers {
  /** Keepers asked; empty when none is configured (no trust files, no keepers). */
  asked: string[];
  /** Each keeper's verified answer. */
  answers: HeldCheckpointsAnswer[];
  /** Keepers that did not answer usably, as printable lines. */
  failures: { code: MessageCode; params: MessageParams }[];
}

/**
 * Ask each keeper for what it holds of `node` (newest `limit`). Keepers: `chosen` when given, else every trust anchor
 * listed with a node and TSUNAGU_AUDIT_KEEPERS. Without trust files nothing can be asked (answers are empty).
 */
export async function askKeepers(ctx: CliContext, node: string, chosen: readonly string[], limit: number): Promise<KeeperAnswers> {
  const files = serveTrustFilesFromEnv(ctx.env);
  if (!files.ok) throw new CliConfigError(files.problems.map((p) => message(p.code, p.params, ctx.lang)).join('\n'));
  if (files.value === undefined) return { asked: [], answers: [], failures: [] };
  const config = anchoringConfigFromEnv(ctx.env);
  if (!config.ok) throw new CliConfigError(config.problems.map((p) => message(p.code, p.params, ctx.lang)).join('\n'));
  const self = nodeIdentityFromEnv(ctx.env).participantId;
  const signer = await nodeSigner(ctx, self, { create: false });
  const now = new Date();
  const trust = await loadServeTrust(files.value, { participantId: self, signer, keyFile: nodeKeyPath(ctx.env) }, now);
  if (!trust.ok) throw new CliConfigError(trust.problems.map((p) => message(p.code, p.params, ctx.lang)).join('\n'));
  const registry = trust.value.registry;
  const client = createFederationClient({ signer, credential: trust.value.credential, registry });
  // The node itself is never its own keeper; an auditor checking another node's export may ask its own node, though.
  const resolved = resolveKeepers(node === self ? self : '', chosen.length > 0 ? chosen : config.value.keepers, registry, now);
  const failures: KeeperAnswers['failures'] = resolved.unusable.map((u) => ({ code: u.code, params: { keeper: u.keeper } }));
  const answers: HeldCheckpointsAnswer[] = [];
  for (const keeper of resolved.keepers) {
    const r = await client.request(keeper, 'GET', `${HELD_CHECKPOINTS_PATH}/${encodeURIComponent(node)}?limit=${limit}`);
    const fail = (detail: string) => failures.push({ code: 'AUDIT_KEEPER_UNREACHABLE', params: { keeper: keeper.participantId, detail } });
    if (!r.ok) {
      fail(r.reason === 'network' ? r.detail : r.problems.map((p) => p.code).join(', '));
      continue;
    }
    if (r.status !== 200) {
      const code = (r.body as { code?: unknown } | null)?.code;
      fail(`HTTP ${r.status}${typeof code === 'string' ? ` ${code}` : ''}`);
      continue;
    }
    const v = validate(HeldCheckpointsAnswerSchema, r.body);
    // The keeper signed its answer, but it must still be about this node and from this keeper.
    if (!v.ok || v.value.node !== node || v.value.keeper !== keeper.participantId) {
      fail(v.ok ? 'the answer is about another node or keeper' : `${v.problems[0]!.path} ${v.problems[0]!.message}`);
      continue;
    }
    answers.push(v.value);
  }
  return { asked: [...resolved.keepers.map((k) => k.participantId), ...resolved.unusable.map((u) => u.keeper)], answers, failures };
}

/** The newest checkpoint each keeper holds, as heads the log must contain. */
export function anchoredHeadsOf(answers: readonly HeldCheckpointsAnswer[]): AnchoredHead[] {
  return latestPerKeeper(
    answers.flatMap((a) => a.checkpoints.map((c) => ({ seq: c.checkpoint.seq, hash: c.checkpoint.hash, heldBy: a.keeper, checkpoint: c.checkpoint }))),
  );
}
