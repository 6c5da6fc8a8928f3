// Anchoring settings from the environment, validated at start-up: the peers that keep this node's checkpoints
// (besides the trust anchor), who may read the checkpoints this node keeps for others, and how often it sends.
import type { MessageParams } from '../../i18n/index.ts';
import { DEFAULT_ANCHOR_INTERVAL_MS } from './checkpoint-sender.ts';

export interface AnchoringConfig {
  /** Peers chosen by the owner to keep this node's checkpoints (TSUNAGU_AUDIT_KEEPERS). */
  keepers: string[];
  /** Participants that may read the checkpoints this node keeps for any node (TSUNAGU_AUDIT_AUDITORS). */
  auditors: string[];
  /** TSUNAGU_AUDIT_ANCHOR_SECONDS × 1000. */
  intervalMs: number;
}

export type AnchoringConfigProblem = { code: 'AUDIT_KEEPERS_INVALID' | 'AUDIT_ANCHOR_INTERVAL_INVALID'; params: MessageParams };

export const ANCHORING_VARIABLES = {
  keepers: 'TSUNAGU_AUDIT_KEEPERS',
  auditors: 'TSUNAGU_AUDIT_AUDITORS',
  interval: 'TSUNAGU_AUDIT_ANCHOR_SECONDS',
} as const;

const PARTICIPANT_ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

/** Comma-separated participant ids; undefined when one is not a participant id. */
export function participantList(text: string | undefined): string[] | undefined {
  const items = (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return items.every((s) => s.length >= 3 && s.length <= 100 && PARTICIPANT_ID.test(s)) ? [...new Set(items)] : undefined;
}

export function anchoringConfigFromEnv(env: NodeJS.ProcessEnv): { ok: true; value: AnchoringConfig } | { ok: false; problems: AnchoringConfigProblem[] } {
  const problems: AnchoringConfigProblem[] = [];
  const list = (variable: string) => {
    const value = env[variable];
    const parsed = participantList(value);
    if (parsed === undefined) problems.push({ code: 'AUDIT_KEEPERS_INVALID', params: { variable, value: String(value).slice(0, 200) } });
    return parsed ?? [];
  };
  const keepers = list(ANCHORING_VARIABLES.keepers);
  const auditors = list(ANCHORING_VARIABLES.auditors);
  const rawInterval = env[ANCHORING_VARIABLES.interval]?.trim();
  const seconds = rawInterval ? Number(rawInterval) : DEFAULT_ANCHOR_INTERVAL_MS / 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
    problems.push({ code: 'AUDIT_ANCHOR_INTERVAL_INVALID', params: { variable: ANCHORING_VARIABLES.interval, value: String(rawInterval).slice(0, 200) } });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { keepers, auditors, intervalMs: seconds * 1000 } };
}
