// Issuing a disaster declaration in the demo: check it against the demo trust list (who may declare, for which
// areas), sign it with the issuer's demo key, keep a copy, and deliver it to the demo nodes' declarations endpoint.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MessageCode, MessageParams } from '../i18n/index.ts';
import { parseAreaCode } from '../model/area-code.ts';
import { codesOf } from '../model/labels.ts';
import { hazards, phases, type Hazard, type Phase } from '../model/codes.ts';
import type { Declaration } from '../model/declaration.ts';
import { parseDuration } from '../policy/duration.ts';
import { mayDeclare, signDeclaration, verifyDeclaration, type SignedDeclaration } from '../trust/declaration.ts';
import { areasOutside } from '../trust/jurisdiction.ts';
import { demoParticipant, demoParticipants } from './scenario.ts';
import { demoPaths, loadDemoSigner, loadDemoTrust } from './trust-setup.ts';

export interface DemoProblem {
  code: MessageCode;
  params: MessageParams;
}

export interface DeclareRequest {
  root: string;
  hazard: string;
  phase: string;
  /** Comma-separated area codes. */
  areas: string;
  /** 72h, 3d, 90m or an ISO 8601 duration; 72 hours by default. */
  expires?: string;
  /** Participant key or id; the national agency by default. */
  as?: string;
  /** `all` (every demo node), or comma-separated node URLs or participant keys/ids. */
  to?: string;
  now?: Date;
}

export interface PreparedDeclaration {
  signed: SignedDeclaration;
  file: string;
  targets: string[];
}

const SHORT_DURATION = /^(\d+)\s*(m|h|d)$/i;

/** Seconds of `72h`, `3d`, `90m` or an ISO 8601 duration such as PT72H. */
export function parseExpires(text: string): number | undefined {
  const m = SHORT_DURATION.exec(text.trim());
  if (m) return Number(m[1]) * { m: 60, h: 3_600, d: 86_400 }[m[2]!.toLowerCase() as 'm' | 'h' | 'd'];
  const iso = parseDuration(text.trim().toUpperCase());
  return iso.ok ? iso.seconds : undefined;
}

function refuse(code: MessageCode, params: MessageParams): { ok: false; problem: DemoProblem } {
  return { ok: false, problem: { code, params } };
}

const NOTO_TITLE = { ja: '令和6年能登半島地震（デモ）', en: '2024 Noto Peninsula Earthquake (demo)' };

/** Check, sign and save a declaration; nothing is sent yet. */
export async function prepareDeclaration(req: DeclareRequest): Promise<{ ok: true; value: PreparedDeclaration } | { ok: false; problem: DemoProblem }> {
  const now = req.now ?? new Date();
  const known = demoParticipants.map((p) => `${p.key} (${p.id})`).join(', ');
  const issuerDef = demoParticipant(req.as ?? 'national');
  if (!issuerDef) return refuse('DEMO_UNKNOWN_PARTICIPANT', { name: req.as ?? '', known });
  if (!codesOf(hazards).includes(req.hazard as Hazard)) {
    return refuse('DEMO_OPTION_INVALID', { option: 'hazard', value: req.hazard, allowed: codesOf(hazards).join(', ') });
  }
  if (!codesOf(phases).includes(req.phase as Phase)) {
    return refuse('DEMO_OPTION_INVALID', { option: 'phase', value: req.phase, allowed: codesOf(phases).join(', ') });
  }
  const areas: string[] = [];
  for (const raw of req.areas.split(',').map((a) => a.trim()).filter((a) => a !== '')) {
    const parsed = parseAreaCode(raw);
    if (!parsed.ok) return refuse('DEMO_AREA_INVALID', { value: raw });
    if (!areas.includes(parsed.value)) areas.push(parsed.value);
  }
  if (areas.length === 0) return refuse('DEMO_AREA_INVALID', { value: req.areas });
  const seconds = parseExpires(req.expires ?? '72h');
  if (seconds === undefined || seconds <= 0) {
    return refuse('DEMO_OPTION_INVALID', { option: 'expires', value: req.expires ?? '', allowed: '72h, 3d, 90m, PT72H' });
  }

  const trust = await loadDemoTrust(req.root, now);
  if (!trust.ok) return { ok: false, problem: trust.problem };
  const listed = trust.registry.participants.get(issuerDef.id);
  if (!listed) return refuse('DEMO_UNKNOWN_PARTICIPANT', { name: req.as ?? issuerDef.id, known });
  if (!mayDeclare(listed.entry)) return refuse('DEMO_MAY_NOT_DECLARE', { issuer: issuerDef.id });
  const jurisdiction = listed.entry.participant.jurisdiction;
  const outside = areasOutside(areas, jurisdiction);
  if (outside.length > 0) {
    return refuse('DEMO_AREA_OUTSIDE_JURISDICTION', { issuer: issuerDef.id, areas: outside.join(', '), jurisdiction: jurisdiction.join(', ') });
  }
  const signer = await loadDemoSigner(req.root, issuerDef);
  if (!signer.ok) return { ok: false, problem: signer.problem };

  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const declaration: Declaration = {
    id: `decl-${issuerDef.id}-${stamp}`,
    issuer: issuerDef.id,
    hazard: req.hazard as Hazard,
    phase: req.phase as Phase,
    areas: areas as Declaration['areas'],
    title: req.hazard === 'earthquake' ? NOTO_TITLE : { ja: `${hazards[req.hazard as Hazard].ja}（デモ）`, en: `${hazards[req.hazard as Hazard].en} (demo)` },
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
  };
  const signed = signDeclaration(declaration, signer.signer, now);
  // Refuse here what every node would refuse: the issuer's key must be the one the trust list names.
  const self = verifyDeclaration(signed, trust.registry, now);
  if (!self.ok) return { ok: false, problem: self.problems[0]! };

  const paths = demoPaths(req.root);
  await mkdir(paths.declarationsDir, { recursive: true });
  const file = path.join(paths.declarationsDir, `${declaration.id}.json`);
  await writeFile(file, `${JSON.stringify(signed, null, 2)}\n`);

  const nodeUrls = trust.trustList.payload.entries.map((e) => e.participant.nodeUrl).filter((u): u is string => u !== undefined);
  const targets: string[] = [];
  const to = (req.to ?? 'all').trim();
  if (to === 'all') targets.push(...nodeUrls);
  else {
    for (const t of to.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
      if (/^https?:\/\//i.test(t)) targets.push(t);
      else {
        const p = demoParticipant(t);
        const url = p ? trust.registry.participants.get(p.id)?.entry.participant.nodeUrl : undefined;
        if (!url) return refuse('DEMO_UNKNOWN_PARTICIPANT', { name: t, known });
        targets.push(url);
      }
    }
  }
  return { ok: true, value: { signed, file, targets: [...new Set(targets)] } };
}

export type DeliveryOutcome =
  | { url: string; kind: 'accepted'; status: number }
  | { url: string; kind: 'no-endpoint'; status: number }
  | { url: string; kind: 'refused'; status: number; detail: string }
  | { url: string; kind: 'unreachable'; detail: string };

/** POST the signed declaration to one node's /api/v1/declarations. Never throws. */
export async function deliverDeclaration(url: string, signed: SignedDeclaration, timeoutMs = 5_000): Promise<DeliveryOutcome> {
  const endpoint = new URL('api/v1/declarations', url.endsWith('/') ? url : `${url}/`);
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify(signed),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { url, kind: 'unreachable', detail: cause?.code ?? cause?.message ?? (e as Error).message };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { url, kind: 'accepted', status: res.status };
  let body: { code?: string; detail?: string; title?: string } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: the status says enough
  }
  if (res.status === 404 && (body.code === 'HTTP_NOT_FOUND' || body.code === undefined)) return { url, kind: 'no-endpoint', status: res.status };
  return { url, kind: 'refused', status: res.status, detail: String(body.detail ?? body.title ?? body.code ?? text.slice(0, 200)) };
}
