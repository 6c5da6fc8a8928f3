// Policy decisions per second on one core: Nanao City's example policies (persons requiring care, shelters) against
// a mix of requests — every participant of the Noto scenario and the anonymous public, every purpose, reads and
// status writes, one or two areas, in normal times, an alert, the emergency and recovery, directly or through a
// delegation — half allowed, half denied. Each decision carries its own moment, as on a node, so the phase memo is
// recomputed per decision.
//
// Baseline: the cheapest honest comparator, a hand-written `if` chain that encodes the same permits and the same
// delegation rules and answers only allow/deny — no reasons, no obligations, no field lists, no policy versions.
// It is checked to agree with decideAccess on every request before anything is timed.
import { areaContains, type AreaCode, type Purpose } from '../src/model/index.ts';
import {
  decideAccess,
  isPublicRequester,
  PUBLIC_REQUESTER,
  requesterIdOf,
  type AccessRequest,
  type DecisionContext,
} from '../src/policy/decide-access.ts';
import type { PolicyAction, PolicyPhase } from '../src/policy/policy-schema.ts';
import {
  compiledExamplePolicies,
  declaration,
  delegation,
  ISHIKAWA,
  NANAO,
  NOTO_NOW,
  participants as p,
  WAJIMA,
} from '../src/policy/test-fixtures.ts';
import type { VerifiedDeclaration } from '../src/trust/verified.ts';
import { rate, sized, timed, type Benchmark } from './harness.ts';

interface Scenario {
  name: string;
  declarations: readonly VerifiedDeclaration[];
}

const scenarios: Scenario[] = [
  { name: 'normal', declarations: [] },
  { name: 'alert', declarations: [declaration('alert', [NANAO, WAJIMA], { id: 'decl-alert' })] },
  { name: 'emergency', declarations: [declaration('emergency', [ISHIKAWA], { id: 'decl-emergency' })] },
  { name: 'recovery', declarations: [declaration('recovery', [NANAO], { id: 'decl-recovery' })] },
];

interface Case {
  request: AccessRequest;
  scenario: Scenario;
}

const purposes: Purpose[] = ['life-saving', 'evacuation-support', 'medical-continuity', 'supply-logistics', 'victim-support', 'recovery', 'statistics', 'training'];
const fieldsFor = (dataset: string, purpose: Purpose): AccessRequest['fields'] => {
  if (dataset === 'shelters') return purpose === 'supply-logistics' ? ['name', 'location', 'needs'] : '*';
  if (purpose === 'statistics') return ['areaCode', 'care.needs'];
  if (purpose === 'medical-continuity') return ['name', 'care.dialysis'];
  return '*';
};

/** Statistics on persons are asked for as aggregates, the only answer the example's statistics permit gives. */
const answerFor = (dataset: string, purpose: Purpose): Pick<AccessRequest, 'answer'> =>
  dataset === 'persons' && purpose === 'statistics' ? { answer: 'aggregate' } : {};

const validDelegation = delegation();
const expiredDelegation = delegation({ id: 'deleg-expired', validUntil: '2023-12-31T23:59:59+09:00' });

/** Every combination, then all allowed ones and as many denied ones, spread evenly over the denied. */
function mixedCases(): Case[] {
  const all: Case[] = [];
  let n = 0;
  for (const scenario of scenarios) {
    for (const requester of Object.values(p)) {
      for (const purpose of purposes) {
        for (const action of ['read', 'write-status'] as PolicyAction[]) {
          for (const dataset of ['persons', 'shelters']) {
            for (const recordAreas of [[NANAO], [WAJIMA], [NANAO, WAJIMA]] as AreaCode[][]) {
              const request: AccessRequest = { requester, purpose, action, dataset, fields: fieldsFor(dataset, purpose), recordAreas, requestId: `req-${n++}`, ...answerFor(dataset, purpose) };
              all.push({ request, scenario });
            }
          }
        }
      }
    }
    // The anonymous public (Nanao's example policies have no public permit, so these are all denied).
    for (const purpose of purposes) {
      for (const dataset of ['persons', 'shelters']) {
        all.push({ request: { requester: PUBLIC_REQUESTER, purpose, action: 'read', dataset, fields: '*', recordAreas: [NANAO], requestId: `req-${n++}` }, scenario });
      }
    }
    // Wajima City acting for Nanao City under its standing delegation, and under one that has run out.
    for (const purpose of purposes) {
      for (const d of [validDelegation, expiredDelegation]) {
        const request: AccessRequest = {
          requester: p.wajimaCity,
          onBehalfOf: { owner: p.nanaoCity, delegation: d },
          purpose,
          action: 'read',
          dataset: 'persons',
          fields: '*',
          recordAreas: [NANAO],
          requestId: `req-${n++}`,
        };
        all.push({ request, scenario }, { request: { ...request, action: 'write-status', requestId: `req-${n++}` }, scenario });
      }
    }
  }
  const ctx = contexts();
  const allowed = all.filter((c) => decideAccess(c.request, ctx.get(c.scenario)!(0)).effect === 'allow');
  const denied = all.filter((c) => decideAccess(c.request, ctx.get(c.scenario)!(0)).effect === 'deny');
  const step = denied.length / allowed.length;
  const picked = allowed.flatMap((a, i) => [a, denied[Math.floor(i * step)]!]);
  // Interleave scenarios and kinds so that no branch predictor sees a long run of one case.
  return picked.map((c, i) => ({ c, k: (i * 7919) % picked.length })).sort((a, b) => a.k - b.k).map((x) => x.c);
}

const baseMs = Date.parse(NOTO_NOW);

function contexts(): Map<Scenario, (i: number) => DecisionContext> {
  return new Map(
    scenarios.map((s) => [s, (i: number) => ({ policies: compiledExamplePolicies, declarations: s.declarations, now: new Date(baseMs + (i % 1000)) })]),
  );
}

// ——— The baseline: the example policies as hand-written conditions. ———

const SKEW_MS = 5 * 60_000;
const strength = { normal: 0, recovery: 1, alert: 2, emergency: 3 } as const;

// Times parsed once per document, as any sensible implementation would (decideAccess does the same).
const parsed = new WeakMap<object, number[]>();
function times(doc: object, ...isoTimes: string[]): number[] {
  let t = parsed.get(doc);
  if (!t) parsed.set(doc, (t = isoTimes.map((x) => Date.parse(x))));
  return t;
}

function phaseAt(declarations: readonly VerifiedDeclaration[], area: AreaCode, nowMs: number): PolicyPhase {
  let phase: PolicyPhase = 'normal';
  for (const { declaration: d } of declarations) {
    const [issued, expires] = times(d, d.issuedAt, d.expiresAt) as [number, number];
    if (d.phase === 'closed' || issued > nowMs + SKEW_MS || expires <= nowMs) continue;
    if (strength[d.phase] > strength[phase] && d.areas.some((a) => areaContains(a as AreaCode, area))) phase = d.phase;
  }
  return phase;
}

const covers = (jurisdiction: readonly AreaCode[], areas: readonly AreaCode[]) => areas.every((a) => jurisdiction.some((j) => areaContains(j, a)));
const inNanao = (areas: readonly AreaCode[]) => areas.every((a) => areaContains(NANAO, a));
const any = (fields: AccessRequest['fields'], granted: readonly string[]) =>
  fields === '*' || fields.some((f) => granted.some((g) => f === g || f.startsWith(`${g}.`) || g.startsWith(`${f}.`)));

function baselineAllows(r: AccessRequest, declarations: readonly VerifiedDeclaration[], nowMs: number): boolean {
  const requester = r.requester;
  // No example permit is for the public.
  if (isPublicRequester(requester)) return false;
  let role = requester.role;
  let jurisdiction = requester.jurisdiction;
  const delegated = r.onBehalfOf !== undefined;
  if (r.onBehalfOf) {
    const d = r.onBehalfOf.delegation.delegation;
    const owner = r.onBehalfOf.owner;
    if (typeof owner === 'string' || d.delegate !== requester.id || d.owner !== owner.id) return false;
    const [from, until] = times(d, d.validFrom, d.validUntil) as [number, number];
    if (!(from <= nowMs && nowMs < until)) return false;
    if (!d.datasets.includes(r.dataset) || !d.purposes.includes(r.purpose)) return false;
    if (!d.actions.includes(r.action === 'read' ? 'read' : 'write')) return false;
    if (!r.recordAreas.every((a) => d.areas.some((x) => areaContains(x as AreaCode, a)))) return false;
    const activated = (a: AreaCode) => { const ph = phaseAt(declarations, a, nowMs); return ph === 'alert' || ph === 'emergency'; };
    if (!r.recordAreas.every(activated)) return false;
    role = owner.role;
    jurisdiction = owner.jurisdiction;
  }
  if (times(requester, requester.credentialExpiresAt)[0]! <= nowMs || r.recordAreas.length === 0) return false;
  const phases = r.recordAreas.map((a) => phaseAt(declarations, a, nowMs));
  const inPhases = (...allowed: PolicyPhase[]) => phases.every((ph) => allowed.includes(ph));
  const granted: string[] = [];
  const purpose = r.purpose;
  if (r.dataset === 'persons') {
    const lifeOrEvac = purpose === 'life-saving' || purpose === 'evacuation-support';
    if (lifeOrEvac && (role === 'prefecture' || role === 'national-agency' || role === 'municipality') && r.action === 'read' &&
        covers(jurisdiction, r.recordAreas) && inNanao(r.recordAreas) && inPhases('emergency')) {
      granted.push('name', 'address', 'location', 'contact', 'care.needs', 'care.careLevel', 'onEvacuationSupportList', 'safety');
    }
    if (lifeOrEvac && (role === 'municipality' || role === 'prefecture') && r.action === 'write-status' &&
        covers(jurisdiction, r.recordAreas) && inNanao(r.recordAreas) && inPhases('alert', 'emergency')) {
      granted.push('safety');
    }
    if (purpose === 'evacuation-support' && role === 'municipality' && r.action === 'read' && !delegated &&
        covers(jurisdiction, r.recordAreas) && inNanao(r.recordAreas) && inPhases('normal')) {
      granted.push('name', 'address', 'location', 'contact', 'care.needs');
    }
    if (purpose === 'medical-continuity' && role === 'dialysis-clinic' && r.action === 'read' && !delegated && inNanao(r.recordAreas)) {
      granted.push('care.dialysis');
    }
    if (purpose === 'training' && (role === 'municipality' || role === 'prefecture' || role === 'national-agency' || role === 'welfare-office') &&
        r.action === 'read' && covers(jurisdiction, r.recordAreas) && inPhases('normal', 'recovery')) {
      granted.push('name', 'address', 'location', 'care', 'safety');
    }
    if (purpose === 'statistics' && (role === 'prefecture' || role === 'national-agency') && r.action === 'read') {
      granted.push('areaCode', 'care.needs');
    }
    if (purpose === 'victim-support' && (role === 'municipality' || role === 'prefecture' || role === 'welfare-office') && r.action === 'read' &&
        !delegated && covers(jurisdiction, r.recordAreas) && inPhases('recovery')) {
      granted.push('name', 'address', 'contact', 'care.needs', 'safety');
    }
  } else if (r.dataset === 'shelters') {
    if (r.action === 'read') {
      granted.push('commonId', 'localId', 'name', 'kinds', 'hazards', 'areaCode', 'address', 'location', 'capacity', 'openStatus', 'evacueeCounts', 'needs', 'acceptedGroups', 'servedCommunities');
    }
    if ((purpose === 'evacuation-support' || purpose === 'supply-logistics' || purpose === 'victim-support') &&
        (role === 'municipality' || role === 'prefecture' || role === 'national-agency') && r.action === 'write-status' &&
        covers(jurisdiction, r.recordAreas) && inPhases('alert', 'emergency', 'recovery')) {
      granted.push('openStatus', 'evacueeCounts', 'needs');
    }
  }
  return granted.length > 0 && any(r.fields, granted);
}

export const policyBenchmark: Benchmark = {
  name: 'policy',
  description: 'access decisions/s on one core (Nanao policies, mixed allow/deny) vs a hand-written if chain',
  async run(ctx) {
    const decisions = sized(ctx.scale, { small: 300_000, medium: 2_000_000, large: 10_000_000 });
    const cases = mixedCases();
    const byScenario = contexts();
    const ctxOf = cases.map((c) => byScenario.get(c.scenario)!);
    const allowedShare = cases.filter((c, i) => decideAccess(c.request, ctxOf[i]!(0)).effect === 'allow').length / cases.length;

    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const tsunagu = decideAccess(c.request, ctxOf[i]!(i)).effect === 'allow';
      if (tsunagu !== baselineAllows(c.request, c.scenario.declarations, baseMs + (i % 1000))) {
        throw new Error(`baseline disagrees with decideAccess on ${JSON.stringify({ ...c.request, requester: requesterIdOf(c.request.requester), onBehalfOf: undefined })} in ${c.scenario.name}`);
      }
    }
    ctx.log(`${cases.length.toLocaleString('en-US')} distinct requests, ${Math.round(allowedShare * 100)}% allowed; each timed run decides ${decisions.toLocaleString('en-US')}`);

    let allowed = 0;
    const runTsunagu = () => {
      allowed = 0;
      for (let i = 0; i < decisions; i++) {
        const k = i % cases.length;
        if (decideAccess(cases[k]!.request, ctxOf[k]!(i)).effect === 'allow') allowed++;
      }
    };
    let baselineAllowed = 0;
    const runBaseline = () => {
      baselineAllowed = 0;
      for (let i = 0; i < decisions; i++) {
        const k = i % cases.length;
        const c = cases[k]!;
        // The same moment object per decision as the Tsunagu run makes.
        if (baselineAllows(c.request, c.scenario.declarations, new Date(baseMs + (i % 1000)).getTime())) baselineAllowed++;
      }
    };
    // Warm both up, then take the better of two runs each, alternating, so neither profits from a quieter moment.
    runTsunagu();
    runBaseline();
    const t = Math.min((await timed(runTsunagu)).ms, (await timed(runTsunagu)).ms);
    const b = Math.min((await timed(runBaseline)).ms, (await timed(runBaseline)).ms);
    if (allowed !== baselineAllowed) throw new Error(`allowed ${allowed} vs baseline ${baselineAllowed}`);

    return [
      {
        benchmark: 'policy',
        size: decisions,
        tsunagu: { label: 'decideAccess (reasons, obligations, masked fields)', value: rate(decisions, t), unit: 'decisions/s' },
        baseline: { what: 'hand-written if chain, allow/deny only', label: 'if chain', value: rate(decisions, b), unit: 'decisions/s' },
        ratio: t / b,
        goal: '≥ 100,000 decisions/s on one core',
        extra: [
          { label: 'allowed share', value: allowedShare * 100, unit: '%' },
          { label: 'mean decision time', value: (t * 1000) / decisions, unit: 'µs' },
        ],
      },
    ];
  },
};
