// The disaster phase in force for an area at a moment, from verified declarations: the strongest active declaration
// covering the area wins (emergency > alert > recovery); without one the area is in normal times.
import { areaContains, type AreaCode, type Declaration, type Hazard } from '../model/index.ts';
import { CLOCK_SKEW_MS } from '../trust/problems.ts';
import type { VerifiedDeclaration } from '../trust/verified.ts';
import type { PolicyPhase } from './policy-schema.ts';

export const phaseStrength: Readonly<Record<PolicyPhase, number>> = { normal: 0, recovery: 1, alert: 2, emergency: 3 };

/** A moment: ISO 8601 text, epoch milliseconds or a Date. The decision point never reads the clock itself. */
export type Instant = string | number | Date;

export function instantMs(at: Instant): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(at)}`);
  return ms;
}

interface DeclarationTimes {
  issuedMs: number;
  expiresMs: number;
}

// Parsing times once per declaration object keeps repeated decisions cheap; the cache is invisible to callers.
const timesCache = new WeakMap<object, DeclarationTimes>();

function timesOf(d: Declaration): DeclarationTimes {
  let t = timesCache.get(d);
  if (!t) {
    t = { issuedMs: Date.parse(d.issuedAt), expiresMs: Date.parse(d.expiresAt) };
    timesCache.set(d, t);
  }
  return t;
}

const keyOf = (issuer: string, id: string) => `${issuer}\n${id}`;

/**
 * Declarations in force at `nowMs`, by the same rule as trust's `activeDeclarations` (so the phase used here and
 * a delegation's activation never disagree): issued (within the tolerated clock skew), not expired, not closed,
 * and not superseded by a declaration of the same issuer; of two versions with one issuer and id the later counts.
 */
export function activeDeclarations(declarations: readonly VerifiedDeclaration[], nowMs: number): Declaration[] {
  const latest = new Map<string, Declaration>();
  for (const v of declarations) {
    const d = v.declaration;
    if (timesOf(d).issuedMs > nowMs + CLOCK_SKEW_MS) continue;
    const k = keyOf(d.issuer, d.id);
    const seen = latest.get(k);
    if (!seen || timesOf(d).issuedMs > timesOf(seen).issuedMs) latest.set(k, d);
  }
  let superseded: Set<string> | undefined;
  for (const d of latest.values()) {
    if (d.supersedes !== undefined && d.supersedes !== d.id) (superseded ??= new Set()).add(keyOf(d.issuer, d.supersedes));
  }
  const active: Declaration[] = [];
  for (const [k, d] of latest) {
    if (d.phase === 'closed' || timesOf(d).expiresMs <= nowMs || superseded?.has(k)) continue;
    active.push(d);
  }
  return active;
}

export function declarationCovers(d: Declaration, area: AreaCode): boolean {
  for (const a of d.areas) if (areaContains(a as AreaCode, area)) return true;
  return false;
}

/** The phase of one area among already-active declarations, optionally only those for the given hazards. */
export function phaseOfArea(active: readonly Declaration[], area: AreaCode, hazards?: readonly Hazard[]): PolicyPhase {
  let phase: PolicyPhase = 'normal';
  for (const d of active) {
    if (hazards && !hazards.includes(d.hazard)) continue;
    if (d.phase === 'closed') continue;
    if (phaseStrength[d.phase] > phaseStrength[phase] && declarationCovers(d, area)) phase = d.phase;
  }
  return phase;
}

/** The phase of one area at a moment, straight from verified declarations (for consoles and reports). */
export function areaPhase(declarations: readonly VerifiedDeclaration[], area: AreaCode, now: Instant): PolicyPhase {
  return phaseOfArea(activeDeclarations(declarations, instantMs(now)), area);
}
