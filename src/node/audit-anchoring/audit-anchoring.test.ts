import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { signCheckpoint, type AppendOutcome, type AuditEntryDraft, type AuditHeadState } from '../../audit/index.ts';
import type { OutboxMessageDraft } from '../../store/outbox-store.ts';
import { createSigner, generateKeyPair } from '../../trust/keys.ts';
import { buildTestTrust } from '../../trust/test-fixtures.ts';
import { anchoringConfigFromEnv, participantList } from './anchoring-config.ts';
import { admitCheckpoint } from './checkpoint-receiver.ts';
import { checkpointReaderStanding } from './checkpoint-routes.ts';
import { createCheckpointAnchoring, resolveKeepers } from './checkpoint-sender.ts';

const now = new Date();
const trust = buildTestTrust(now);
const NANAO = trust.participants.nanao.id;
const ISHIKAWA = trust.participants.ishikawa.id;
const time = new Date(now.getTime() - 60_000).toISOString();
const head = { seq: 12, hash: 'c'.repeat(64) };
const payloadOf = (cp: unknown) => ({ checkpoint: cp });

describe('a keeper admitting an offered checkpoint', () => {
  it("takes the sender's own checkpoint signed with its listed key", () => {
    const cp = signCheckpoint(trust.signers.nanao, head, time);
    expect(admitCheckpoint(payloadOf(cp), NANAO, trust.registry, now)).toEqual({ ok: true, checkpoint: cp });
  });

  it('refuses a checkpoint whose signature was tampered with, or whose seq or hash was changed after signing', () => {
    const cp = signCheckpoint(trust.signers.nanao, head, time);
    const flipped = `${cp.signature[0] === 'A' ? 'B' : 'A'}${cp.signature.slice(1)}`;
    for (const forged of [{ ...cp, signature: flipped }, { ...cp, seq: 13 }, { ...cp, hash: 'd'.repeat(64) }]) {
      const r = admitCheckpoint(payloadOf(forged), NANAO, trust.registry, now);
      expect(r).toEqual({ ok: false, refusal: expect.objectContaining({ status: 422, code: 'AUDIT_ANCHOR_SIGNATURE_INVALID' }) });
    }
  });

  it('refuses a checkpoint signed with a key that is not listed for the node', () => {
    const impostor = createSigner(NANAO, generateKeyPair(trust.signers.nanao.kid));
    const r = admitCheckpoint(payloadOf(signCheckpoint(impostor, head, time)), NANAO, trust.registry, now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.params.reason).toBe('AUDIT_CHECKPOINT_SIGNATURE_INVALID');
  });

  it("refuses another node's checkpoint: a node sends only its own", () => {
    const cp = signCheckpoint(trust.signers.wajima, head, time);
    const r = admitCheckpoint(payloadOf(cp), NANAO, trust.registry, now);
    expect(r).toEqual({ ok: false, refusal: { status: 403, code: 'AUDIT_ANCHOR_NODE_MISMATCH', params: { node: cp.node, sender: NANAO } } });
  });

  it('refuses checkpoints of unknown, revoked and suspended participants', () => {
    const unknown = createSigner('jp-999999-unknown-town', generateKeyPair('unknown-k1'));
    const cases = [
      [unknown, 'TRUST_PARTICIPANT_UNKNOWN'],
      [trust.signers.revoked, 'TRUST_PARTICIPANT_REVOKED'],
      [trust.signers.suspended, 'TRUST_PARTICIPANT_SUSPENDED'],
    ] as const;
    for (const [s, reason] of cases) {
      const r = admitCheckpoint(payloadOf(signCheckpoint(s, head, time)), s.participantId, trust.registry, now);
      expect(r).toEqual({ ok: false, refusal: { status: 403, code: 'AUDIT_ANCHOR_SENDER_NOT_TRUSTED', params: expect.objectContaining({ reason }) } });
    }
  });

  it('refuses whatever is not a checkpoint with a clear detail', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        const r = admitCheckpoint(junk, NANAO, trust.registry, now);
        return !r.ok && r.refusal.status === 422 && r.refusal.code === 'NODE_DELIVERY_INVALID';
      }),
    );
  });
});

describe('who may read the checkpoints a keeper holds', () => {
  const trusted = { anchors: new Set(['jp-tsunagu-trust-anchor']), auditors: ['jp-cao-bousai'] };
  it('lets the node itself, a trust anchor and a named auditor read, and nobody else', () => {
    expect(checkpointReaderStanding(NANAO, NANAO, trusted)).toBe('self');
    expect(checkpointReaderStanding('jp-tsunagu-trust-anchor', NANAO, trusted)).toBe('trust-anchor');
    expect(checkpointReaderStanding('jp-cao-bousai', NANAO, trusted)).toBe('auditor');
    expect(checkpointReaderStanding(ISHIKAWA, NANAO, trusted)).toBeUndefined();
  });
});

describe('choosing keepers', () => {
  it('takes the chosen peers with their node URLs, never the node itself, and names those it cannot use', () => {
    const r = resolveKeepers(NANAO, [ISHIKAWA, NANAO, trust.participants.revoked.id, 'jp-999999-unknown-town'], trust.registry, now);
    expect(r.keepers).toEqual([{ participantId: ISHIKAWA, url: trust.participants.ishikawa.nodeUrl }]);
    expect(r.unusable.map((u) => u.keeper)).toEqual([trust.participants.revoked.id, 'jp-999999-unknown-town']);
  });

  it('adds every trust anchor that is listed with a node', () => {
    const anchorId = trust.anchor.participant.id;
    const listed = new Map(trust.registry.participants);
    listed.set(anchorId, { ...trust.registry.participants.get(ISHIKAWA)!, entry: { ...trust.registry.participants.get(ISHIKAWA)!.entry, participant: { ...trust.anchor.participant } } });
    const registry = { ...trust.registry, participants: listed };
    expect(resolveKeepers(NANAO, [ISHIKAWA], registry, now).keepers.map((k) => k.participantId)).toEqual([anchorId, ISHIKAWA]);
  });
});

describe('sending checkpoints', () => {
  /** A log in memory: append seals nothing real, it only moves the head and signs a checkpoint when asked. */
  function memoryLog() {
    let state: AuditHeadState = { seq: 0, hash: '0'.repeat(64), checkpointSeq: 0 };
    const written: AuditEntryDraft[] = [];
    return {
      written,
      grow(n: number) {
        state = { ...state, seq: state.seq + n, hash: (state.seq + n).toString(16).padStart(64, '0') };
      },
      async head() {
        return state;
      },
      async append(drafts: readonly AuditEntryDraft[], options?: { checkpoint?: boolean }): Promise<AppendOutcome> {
        written.push(...drafts);
        this.grow(drafts.length);
        const checkpoint = options?.checkpoint ? signCheckpoint(trust.signers.nanao, state, new Date().toISOString()) : undefined;
        return { ok: true, entries: [], ...(checkpoint ? { checkpoint } : {}) };
      },
    };
  }

  it('queues the checkpoint covering its own entry for every keeper, then stays quiet while the log does', async () => {
    const log = memoryLog();
    const queued: OutboxMessageDraft[] = [];
    const keepers = [
      { participantId: ISHIKAWA, url: 'http://127.0.0.1:9/' },
      { participantId: 'jp-cao-bousai', url: 'http://127.0.0.1:10/' },
    ];
    const anchoring = createCheckpointAnchoring({
      participantId: NANAO,
      auditLog: log,
      outbox: { enqueue: async (d) => (queued.push(d), { kind: 'queued', message: {} as never }) },
      keepers: () => keepers,
    });
    expect(await anchoring.anchorNow()).toEqual({ kind: 'unchanged' });
    log.grow(5);
    const sent = await anchoring.anchorNow();
    expect(sent).toMatchObject({ kind: 'sent', checkpoint: { seq: 6 }, keepers: [ISHIKAWA, 'jp-cao-bousai'] });
    expect(log.written).toEqual([expect.objectContaining({ kind: 'checkpoint-sent', reasons: [{ code: 'AUDIT_ANCHOR_SENT', params: { keepers: `${ISHIKAWA}, jp-cao-bousai` } }] })]);
    expect(queued.map((q) => [q.peer, q.kind, (q.payload as { checkpoint: { seq: number } }).checkpoint.seq])).toEqual([
      [ISHIKAWA, 'audit-checkpoint', 6],
      ['jp-cao-bousai', 'audit-checkpoint', 6],
    ]);
    // Its own entry is covered by what it sent: a quiet log sends nothing more (no entry begets another).
    expect(await anchoring.anchorNow()).toEqual({ kind: 'unchanged' });
    expect(await anchoring.anchorNow()).toEqual({ kind: 'unchanged' });
    expect(log.written).toHaveLength(1);
  });

  it('writes nothing when it has no keeper', async () => {
    const log = memoryLog();
    log.grow(3);
    const anchoring = createCheckpointAnchoring({ participantId: NANAO, auditLog: log, outbox: { enqueue: async () => ({ kind: 'queued', message: {} as never }) }, keepers: () => [] });
    expect(await anchoring.anchorNow()).toEqual({ kind: 'no-keepers' });
    expect(log.written).toHaveLength(0);
  });
});

describe('anchoring settings', () => {
  it('reads keepers, auditors and the interval, and refuses what is not a participant id or a sane interval', () => {
    expect(anchoringConfigFromEnv({})).toEqual({ ok: true, value: { keepers: [], auditors: [], intervalMs: 60_000 } });
    expect(anchoringConfigFromEnv({ TSUNAGU_AUDIT_KEEPERS: ` ${ISHIKAWA}, jp-cao-bousai,`, TSUNAGU_AUDIT_ANCHOR_SECONDS: '5' })).toEqual({
      ok: true,
      value: { keepers: [ISHIKAWA, 'jp-cao-bousai'], auditors: [], intervalMs: 5000 },
    });
    const bad = anchoringConfigFromEnv({ TSUNAGU_AUDIT_AUDITORS: 'Ishikawa Pref', TSUNAGU_AUDIT_ANCHOR_SECONDS: '0' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.code)).toEqual(['AUDIT_KEEPERS_INVALID', 'AUDIT_ANCHOR_INTERVAL_INVALID']);
    expect(participantList('jp-cao-bousai,,Nanao')).toBeUndefined();
    expect(participantList('jp-cao-bousai,,jp-cao-bousai')).toEqual(['jp-cao-bousai']);
  });
});
