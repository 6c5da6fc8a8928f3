// What the soak checks once every fault is healed: while the nodes run, every acknowledged safety report is in
// Nanao's history and each of its deliveries reaches `delivered` (the outboxes drain); with the nodes stopped, each
// node's own database says every acknowledged write is stored and audited, every delivered safety update was
// applied exactly once and audited, nothing is left in an outbox, and `tsunagu audit verify` passes on the log.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditEntry } from '../../src/audit/entry.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/types.ts';
import type { AcknowledgedWrite } from './ledger.ts';
import type { SoakFederation, SoakNode } from './node-processes.ts';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'tsunagu.mjs');

export type FindingCode =
  | 'write-lost'
  | 'write-not-audited'
  | 'delivery-lost'
  | 'delivery-duplicated'
  | 'applied-not-audited'
  | 'delivery-not-settled'
  | 'status-not-latest'
  | 'outbox-not-drained'
  | 'audit-verify-failed'
  | 'node-crashed'
  | 'node-unclean-stop'
  | 'memory-above-bound';

export interface Finding {
  code: FindingCode;
  node: string;
  detail: string;
}

export interface OutboxFigures {
  delivered: number;
  /** Delivered messages still in the table that took more than one attempt. */
  retried: number;
  unsettled: number;
  failed: number;
}

export interface NodeCheck {
  node: string;
  outbox: OutboxFigures;
  auditEntries: number;
  auditVerify: { ok: boolean; output: string };
}

type SafetyWrite = Extract<AcknowledgedWrite, { kind: 'safety-report' }>;

/**
 * While the nodes run: wait until Nanao reports every delivery of every acknowledged report as delivered (or the
 * deadline passes). Answers the findings at the deadline: reports missing from the history, deliveries not settled.
 */
export async function drainSafetyDeliveries(nanao: SoakNode, writes: readonly SafetyWrite[], deadline: number): Promise<{ findings: Finding[]; waitedMs: number }> {
  const t0 = Date.now();
  // A person whose reports are all delivered stays so (delivered is final): later passes ask only about the rest.
  let persons = [...new Set(writes.map((w) => w.personId))];
  const headers = { authorization: `Bearer ${nanao.operatorToken}` };
  let findings: Finding[] = [];
  for (;;) {
    findings = [];
    const unsettled = new Set<string>();
    const note = (personId: string, finding: Finding) => {
      findings.push(finding);
      unsettled.add(personId);
    };
    for (const personId of persons) {
      const res = await fetch(`${nanao.directUrl}/operator/lifeline/persons/${encodeURIComponent(personId)}/safety`, { headers, signal: AbortSignal.timeout(20_000) }).catch(() => undefined);
      if (!res?.ok) {
        note(personId, { code: 'delivery-not-settled', node: nanao.participant.id, detail: `history of ${personId} unavailable (${res?.status ?? 'no answer'})` });
        continue;
      }
      const history = (await res.json()) as { reports: { id: string }[]; deliveries: { reportId: string; node: string; recordId: string; state: string; lastError?: string }[] };
      const reportIds = new Set(history.reports.map((r) => r.id));
      for (const w of writes.filter((x) => x.personId === personId)) {
        if (!reportIds.has(w.reportId)) note(personId, { code: 'write-lost', node: nanao.participant.id, detail: `safety report ${w.reportId} (${personId}) acknowledged, not in the history` });
        for (const d of w.deliveries) {
          const state = history.deliveries.find((x) => x.reportId === w.reportId && x.node === d.node && x.recordId === d.recordId);
          if (state?.state !== 'delivered') {
            note(personId, { code: 'delivery-not-settled', node: d.node, detail: `report ${w.reportId} → ${d.node}/${d.recordId}: ${state?.state ?? 'absent'}${state?.lastError ? ` (${state.lastError})` : ''}` });
          }
        }
      }
    }
    if (findings.length === 0 || Date.now() >= deadline) return { findings, waitedMs: Date.now() - t0 };
    persons = persons.filter((p) => unsettled.has(p));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/**
 * While the nodes run, after the safety deliveries: wait until no node has a message waiting out a retry (pending or
 * being delivered after a failed attempt) — e.g. an audit checkpoint whose keeper was down when it was due — or the
 * deadline passes. Messages never tried yet (new checkpoints keep coming) are not waited for; the final check judges
 * what is left once the nodes are stopped.
 */
export async function drainRetries(nodes: readonly SoakNode[], deadline: number): Promise<{ waitedMs: number; settled: boolean }> {
  const t0 = Date.now();
  for (;;) {
    let waiting = 0;
    for (const n of nodes) {
      const res = await fetch(`${n.directUrl}/operator/outbox?state=pending&state=delivering`, { headers: { authorization: `Bearer ${n.operatorToken}` }, signal: AbortSignal.timeout(20_000) }).catch(() => undefined);
      if (!res?.ok) {
        waiting += 1;
        continue;
      }
      const { messages } = (await res.json()) as { messages: { attempts: number }[] };
      waiting += messages.filter((m) => m.attempts > 0).length;
    }
    if (waiting === 0 || Date.now() >= deadline) return { waitedMs: Date.now() - t0, settled: waiting === 0 };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Every audit entry that matches, across pages. */
async function allEntries(store: Store, filter: Parameters<Store['audit']['query']>[0]): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const r = await store.audit.query({ ...filter, limit: 1000, order: 'oldest-first', ...(cursor ? { cursor } : {}) });
    if (!r.ok) throw new Error(`audit query failed: ${r.problems.map((p) => p.code).join(', ')}`);
    out.push(...r.page.entries);
    cursor = r.page.nextCursor;
  } while (cursor);
  return out;
}

async function checkStoredWrites(store: Store, node: string, writes: readonly AcknowledgedWrite[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const declarations = new Set((await store.declarations.list()).map((d) => (d.document as { payload?: { id?: string } }).payload?.id));
  for (const w of writes) {
    const audited = await store.audit.query({ requestId: w.requestId, limit: 1 });
    if (!audited.ok || audited.page.entries.length === 0) findings.push({ code: 'write-not-audited', node, detail: `${w.kind} request ${w.requestId} acknowledged, no audit entry` });
    if (w.kind === 'declaration' && !declarations.has(w.declarationId)) findings.push({ code: 'write-lost', node, detail: `declaration ${w.declarationId} acknowledged, not kept` });
    if (w.kind === 'subscription' && (await store.subscriptions.get(w.subscriptionId)) === undefined) findings.push({ code: 'write-lost', node, detail: `subscription ${w.subscriptionId} acknowledged, not stored` });
  }
  return findings;
}

/** How often each safety update (by its report time) shows in a record's versions, or in its owner's audit log. */
function countByReportTime(times: readonly (string | undefined)[]): Map<number, number> {
  const seen = new Map<number, number>();
  for (const at of times) {
    if (at === undefined) continue;
    const key = Date.parse(at);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return seen;
}

const reasonTimes = (entries: readonly AuditEntry[], code: 'NODE_STATUS_APPLIED' | 'NODE_STATUS_CONFLICT', param: string) =>
  entries.flatMap((e) => e.reasons.filter((r) => r.code === code).map((r) => (typeof r.params[param] === 'string' ? (r.params[param] as string) : undefined)));

/**
 * On the node a safety update went to, from its own versions and audit log: each update applied once (one version),
 * each application audited, none lost, and the record holding the latest status (an older one never overwrote it).
 */
async function checkDeliveries(store: Store, node: string, sender: string, writes: readonly SafetyWrite[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const byRecord = new Map<string, SafetyWrite[]>();
  for (const w of writes) for (const d of w.deliveries) if (d.node === node) byRecord.set(d.recordId, [...(byRecord.get(d.recordId) ?? []), w]);
  const iso = (t: number) => new Date(t).toISOString();
  for (const [recordId, reports] of byRecord) {
    const versions = (await store.history('person', recordId)).filter((v) => v.data.safety.reportedBy === sender);
    const inVersions = countByReportTime(versions.map((v) => v.data.safety.reportedAt));
    const entries = await allEntries(store, { requester: sender, recordId });
    const applied = countByReportTime(reasonTimes(entries, 'NODE_STATUS_APPLIED', 'reportedAt'));
    const conflicts = countByReportTime(reasonTimes(entries, 'NODE_STATUS_CONFLICT', 'received'));
    for (const [at, times] of inVersions) {
      if (times > 1) findings.push({ code: 'delivery-duplicated', node, detail: `${recordId}: the update reported at ${iso(at)} is in ${times} versions` });
      if (!applied.has(at)) findings.push({ code: 'applied-not-audited', node, detail: `${recordId}: the update reported at ${iso(at)} was applied (a version) with no NODE_STATUS_APPLIED audit entry` });
    }
    for (const [at, times] of [...applied, ...conflicts]) {
      if (times > 1) findings.push({ code: 'delivery-duplicated', node, detail: `${recordId}: the update reported at ${iso(at)} audited as received ${times} times` });
    }
    for (const w of reports) {
      const at = Date.parse(w.at);
      if (!inVersions.has(at) && !conflicts.has(at)) findings.push({ code: 'delivery-lost', node, detail: `${recordId}: report ${w.reportId} (${w.at}) acknowledged, neither applied nor answered as a conflict` });
    }
    const current = await store.get('person', recordId);
    const latest = Math.max(...[...inVersions.keys()]);
    const stored = current?.data.safety.reportedAt;
    if (inVersions.size > 0 && (stored === undefined || Date.parse(stored) !== latest)) {
      findings.push({ code: 'status-not-latest', node, detail: `${recordId}: holds the status of ${stored ?? 'none'}, the latest applied is ${iso(latest)}` });
    }
  }
  return findings;
}

/** How the nodes were stopped: when the stop began, and whether every retry had settled before it (drainRetries). */
export interface StopContext {
  stoppingFrom: Date;
  retriesSettled: boolean;
}

async function outboxFigures(store: Store, node: string, stop: StopContext | undefined): Promise<{ figures: OutboxFigures; findings: Finding[] }> {
  const messages = await store.outbox.list({ limit: 100_000 });
  const figures: OutboxFigures = { delivered: 0, retried: 0, unsettled: 0, failed: 0 };
  const findings: Finding[] = [];
  // A node queues its last audit checkpoint for its keepers when it stops (docs/audit.md, "Anchoring"): delivered when
  // it starts again, so the newest checkpoint per keeper, pending and never tried, is expected after the stop.
  const lastCheckpoint = new Map<string, number>();
  for (const m of messages) if (m.kind === 'audit-checkpoint') lastCheckpoint.set(m.peer, Math.max(lastCheckpoint.get(m.peer) ?? 0, m.seq));
  // A keeper keeps the newest checkpoint it holds, so an earlier checkpoint that was only waiting out its retry delay
  // (its keeper was down when it was due, and the node then stopped) is superseded by a later one to the same keeper —
  // delivered, or the one queued at the stop. Any other state or error of it is still a finding.
  const superseded = (m: (typeof messages)[number]) =>
    m.kind === 'audit-checkpoint' && m.state === 'pending' && m.lastError?.code === 'OUTBOX_PEER_UNAVAILABLE' && (lastCheckpoint.get(m.peer) ?? 0) > m.seq;
  // The nodes stop together: the checkpoint a node sends as it stops can meet its keeper already stopping. Tried only
  // then — every retry had settled before the stop began, and its next try falls after it — it is the same as one
  // never tried: delivered when both start again.
  const triedOnlyWhileStopping = (m: (typeof messages)[number]) =>
    stop !== undefined && stop.retriesSettled && (m.lastError?.code === 'OUTBOX_PEER_UNAVAILABLE' || m.lastError?.code === 'OUTBOX_ATTEMPT_TIMED_OUT') &&
    Date.parse(m.nextAttemptAt) >= stop.stoppingFrom.getTime();
  for (const m of messages) {
    if (m.kind === 'audit-checkpoint' && m.state === 'pending' && lastCheckpoint.get(m.peer) === m.seq && (m.attempts === 0 || triedOnlyWhileStopping(m))) continue;
    if (superseded(m)) continue;
    if (m.state === 'delivered') {
      figures.delivered += 1;
      if (m.attempts > 1) figures.retried += 1;
    } else if (m.state === 'failed') figures.failed += 1;
    else figures.unsettled += 1;
    if (m.state !== 'delivered') findings.push({ code: 'outbox-not-drained', node, detail: `outbox:${m.seq} to ${m.peer} (${m.kind}) ${m.state} after ${m.attempts} attempts${m.lastError ? `: ${m.lastError.code}` : ''}` });
  }
  return { figures, findings };
}

/** `tsunagu audit verify` on the node's database, as its operator would run it. */
function auditVerify(federation: SoakFederation, node: SoakNode): Promise<{ ok: boolean; output: string }> {
  const id = node.participant.id;
  const env: NodeJS.ProcessEnv = { ...process.env, TSUNAGU_NODE_ID: id, TSUNAGU_DATA_DIR: federation.paths.nodeDataDir(id), TSUNAGU_KEY_FILE: federation.paths.keyFile(id), TSUNAGU_LANG: 'en' };
  delete env.TSUNAGU_DATABASE_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'audit', 'verify'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('exit', (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}

/** With every node stopped: each node's database against the ledger, then its audit log verified. */
export async function checkStoppedNodes(
  federation: SoakFederation,
  acknowledged: readonly AcknowledgedWrite[],
  progress: (line: string) => void = () => undefined,
  stop?: StopContext,
): Promise<{ findings: Finding[]; nodes: NodeCheck[] }> {
  const findings: Finding[] = [];
  const nodes: NodeCheck[] = [];
  const nanaoId = federation.byKey('nanao').participant.id;
  const safety = acknowledged.filter((w): w is SafetyWrite => w.kind === 'safety-report');
  for (const node of federation.nodes) {
    const id = node.participant.id;
    const t0 = Date.now();
    const store = await openStore({ backend: 'pglite', dataDir: federation.paths.nodeDataDir(id) });
    let outbox: OutboxFigures;
    let auditEntries: number;
    try {
      // The upkeep a running node does now and then (store.maintain): a node killed often may not have had it lately,
      // and the lookups below, one per acknowledged write, then read the whole audit log each.
      await store.maintain();
      findings.push(...(await checkStoredWrites(store, id, acknowledged.filter((w) => w.node === id))));
      findings.push(...(await checkDeliveries(store, id, nanaoId, safety)));
      const o = await outboxFigures(store, id, stop);
      findings.push(...o.findings);
      outbox = o.figures;
      const summary = await store.audit.summarize({});
      auditEntries = summary.ok ? summary.summary.entries : -1;
    } finally {
      await store.close();
    }
    const verified = await auditVerify(federation, node);
    if (!verified.ok) findings.push({ code: 'audit-verify-failed', node: id, detail: verified.output.slice(0, 1_000) });
    nodes.push({ node: id, outbox, auditEntries, auditVerify: verified });
    progress(`checked ${id} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${auditEntries} audit entries, audit ${verified.ok ? 'intact' : 'NOT intact'}`);
  }
  return { findings, nodes };
}
