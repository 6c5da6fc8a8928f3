// A node's background work anchors its audit log: with keepers chosen, stopping the node queues the checkpoint covering
// everything written (delivered by the outbox when it runs again); without anchoring nothing is queued or written.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntryDraft, AuditLog } from '../../src/audit/index.ts';
import { createFederationClient } from '../../src/federation/client.ts';
import { areaCode } from '../../src/model/index.ts';
import { createAccessGate } from '../../src/node/access-gate.ts';
import { startBackgroundWork } from '../../src/node/background-work.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import { buildTestTrust } from '../../src/trust/test-fixtures.ts';

const trust = buildTestTrust(new Date());
const NANAO = trust.participants.nanao.id;
const ISHIKAWA = trust.participants.ishikawa.id;

const draft = (i: number): AuditEntryDraft => ({
  kind: 'access-decision',
  requester: ISHIKAWA,
  purpose: 'life-saving',
  action: 'query',
  dataset: 'persons',
  fields: ['id'],
  recordCount: 1,
  decision: 'allow',
  reasons: [],
  requestId: `req-${i}`,
});

let store: Store | undefined;
let log: AuditLog | undefined;
afterEach(async () => {
  await log?.close();
  await store?.close();
});

async function nodeWithEntries(): Promise<{ store: Store; log: AuditLog }> {
  store = await openStore({ backend: 'pglite', dataDir: 'memory://' });
  const opened = await store.audit.open({ signer: trust.signers.nanao });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  log = opened.log;
  for (let i = 1; i <= 3; i++) await log.append([draft(i)]);
  return { store, log };
}

const client = createFederationClient({ signer: trust.signers.nanao, credential: trust.credentials.nanao, registry: trust.registry });

/** How the node would decide notifications to subscribers: no policies, so none would leave (none are queued here). */
function notificationsOf(auditLog: AuditLog) {
  const gate = createAccessGate({ policies: [], auditLog, dataAreas: [areaCode('172022')] });
  return { decide: gate.decide, registry: trust.registry, signer: trust.signers.nanao, credential: trust.credentials.nanao };
}

describe('background work anchoring the audit log', () => {
  it('queues the checkpoint of everything written for each chosen keeper when it stops', async () => {
    const node = await nodeWithEntries();
    const work = startBackgroundWork({
      store: node.store,
      auditLog: node.log,
      client,
      log: pino({ level: 'silent' }),
      notifications: notificationsOf(node.log),
      anchoring: { participantId: NANAO, registry: trust.registry, keepers: [ISHIKAWA], intervalMs: 3_600_000 },
    });
    await work.stop();
    const queued = await node.store.outbox.list();
    expect(queued.map((m) => [m.peer, m.peerUrl, m.kind, (m.payload as { checkpoint: { seq: number } }).checkpoint.seq])).toEqual([
      [ISHIKAWA, trust.participants.ishikawa.nodeUrl, 'audit-checkpoint', 4],
    ]);
    const sentEntry = await node.store.audit.query({ requester: NANAO });
    expect(sentEntry.ok && sentEntry.page.entries.map((e) => [e.seq, e.kind, e.reasons[0]!.params.keepers])).toEqual([[4, 'checkpoint-sent', ISHIKAWA]]);
    expect((await node.log.head()).checkpointSeq).toBe(4);
  });

  it('anchors nothing without anchoring options', async () => {
    const node = await nodeWithEntries();
    const work = startBackgroundWork({ store: node.store, auditLog: node.log, client, log: pino({ level: 'silent' }), notifications: notificationsOf(node.log) });
    await work.stop();
    expect(await node.store.outbox.list()).toEqual([]);
    expect((await node.log.head()).seq).toBe(3);
  });
});
