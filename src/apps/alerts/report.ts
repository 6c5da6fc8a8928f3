// A situation report draft for a chosen area and moment: the alerts in force there and then, and the persons by
// safety status and the shelters (open, evacuees) per municipality as every node serving the area gives them now.
// Each figure names its node. The draft is made by a person's request and printed only after a person approves it.
import { areaCode, areaContains, unmetNeedsCapability, unmetNeedsCapabilityV2, type AlertStatus, type UnmetNeedsQuestion } from '../../model/index.ts';
import type { ApplicationContext, Lang } from '../../node/application/index.ts';
import { areaName } from '../../model/area-names.ts';
import { alertsInForce, namedMunicipalities } from './in-force.ts';
import { alertsMessages } from './messages.ts';
import { figuresByMunicipality, gatherAtRisk, type MissingPart } from './people.ts';
import { isWiderThanMunicipality } from './report-areas.ts';
import type { ReportMunicipality, ReportUnmetNeeds, SituationReportBody } from './types.ts';

/** Where the console shows the logistics plan a report's unmet needs come from. */
export const LOGISTICS_PLAN_HREF = '#/logistics';

export interface ReportRequest {
  status: AlertStatus;
  areas: readonly string[];
  at: Date;
}

/** JMA seismic intensity classes, weakest first ("5-" is weaker than "5+", which plain string order gets wrong). */
const INTENSITY_ORDER = ['1', '2', '3', '4', '5-', '5+', '6-', '6+', '7'];
export const strongerIntensity = (a: string, b: string) => (INTENSITY_ORDER.indexOf(a) >= INTENSITY_ORDER.indexOf(b) ? a : b);

const within = (code: string, areas: readonly string[]) => areas.some((a) => areaContains(areaCode(a), areaCode(code)) || areaContains(areaCode(code), areaCode(a)));

/** A refusal that carried no words of its own, only the status the fan-out fell back to. */
const BARE_STATUS = /^HTTP \d{3}$/;

/**
 * Why a node is missing, in words and without the node: the console puts the node's name from the trust list before
 * it (in the reader's language). A refusal is the provider's own reason (its problem's detail, asked in `lang`), once;
 * socket errors and problem codes are not words, so the other reasons are said in ours.
 */
export function missingText(m: Pick<MissingPart, 'reason' | 'detail'>, lang: Lang): string {
  switch (m.reason) {
    case 'incomplete':
      return alertsMessages.text('ALERTS_SOURCE_INCOMPLETE', { detail: m.detail }, lang);
    case 'refused':
      return m.detail.trim() === '' || BARE_STATUS.test(m.detail.trim())
        ? alertsMessages.text('ALERTS_SOURCE_REFUSED_PLAIN', {}, lang)
        : alertsMessages.text('ALERTS_SOURCE_REFUSED', { detail: m.detail }, lang);
    case 'timeout':
      return alertsMessages.text('ALERTS_SOURCE_TIMEOUT', {}, lang);
    case 'unreachable':
      return alertsMessages.text('ALERTS_SOURCE_UNREACHABLE', {}, lang);
    case 'invalid-response':
      return alertsMessages.text('ALERTS_SOURCE_INVALID', {}, lang);
  }
}

/**
 * The report's unmet needs, asked of the node's logistics application: what its latest standing plan leaves unmet, or,
 * with none, the open needs against the stock known, which logistics gathers under its own purpose (supply-logistics),
 * each node deciding. A node without logistics says so. An exercise or test report asks only for the standing plan
 * (version 1, which reads this node's own plans and gathers nothing): with no plan, logistics would gather needs and
 * stock from every node under supply-logistics, a purpose a training report does not have.
 */
export async function unmetNeedsSection(context: ApplicationContext, areas: readonly string[], lang: Lang, status: AlertStatus = 'actual'): Promise<ReportUnmetNeeds> {
  const question = { areas: [...areas] as UnmetNeedsQuestion['areas'] };
  const outcome = status === 'actual' ? await context.capabilities.ask(unmetNeedsCapabilityV2, question) : await context.capabilities.ask(unmetNeedsCapability, question);
  if (outcome.kind === 'not-installed') return { state: 'not-installed' };
  if (outcome.kind === 'failed') return { state: 'failed', message: alertsMessages.text('ALERTS_UNMET_NEEDS_FAILED', { detail: outcome.detail }, lang) };
  const a = outcome.answer;
  if (a.kind === 'no-plan') return { state: 'not-for-exercise' };
  if (a.kind === 'needs-against-stock') {
    return {
      state: 'needs-against-stock',
      why: a.why,
      ...(a.declinedPlanId !== undefined ? { declinedPlanId: a.declinedPlanId } : {}),
      computedAt: a.computedAt,
      href: LOGISTICS_PLAN_HREF,
      municipalities: a.areas.map((m) => ({ code: m.areaCode, items: m.items })),
      items: a.items,
      sources: a.sources,
      missing: a.missing,
    };
  }
  return {
    state: 'plan',
    planId: a.planId,
    planState: a.planState,
    proposedAt: a.proposedAt,
    ...(a.decidedAt !== undefined ? { decidedAt: a.decidedAt } : {}),
    href: LOGISTICS_PLAN_HREF,
    municipalities: a.areas.map((m) => ({ code: m.areaCode, items: m.items })),
    sources: a.sources,
  };
}

export async function draftReport(context: ApplicationContext, request: ReportRequest, options: { deadlineMs: number; lang: Lang }): Promise<SituationReportBody> {
  const alerts = alertsInForce(await context.alerts.list(request.status), request.status, request.at).filter((r) => r.data.areaCodes.some((c) => within(c, request.areas)));
  const purpose = request.status === 'actual' ? 'life-saving' : 'training';
  const figuresAt = context.now().toISOString();
  const [atRisk, unmetNeeds] = await Promise.all([
    gatherAtRisk(context, { areaCodes: request.areas, purpose }, { deadlineMs: options.deadlineMs, lang: options.lang }),
    unmetNeedsSection(context, request.areas, options.lang, request.status),
  ]);
  // Names and intensities from the alerts that cover each municipality (the strongest intensity any gives).
  const names = new Map<string, { names: string[]; maxIntensity?: string }>();
  for (const a of alerts) {
    for (const m of namedMunicipalities(a.data)) {
      if (!within(m.code, request.areas)) continue;
      const known = names.get(m.code) ?? { names: [] };
      for (const n of m.names) if (!known.names.includes(n)) known.names.push(n);
      if (m.maxIntensity !== undefined) known.maxIntensity = known.maxIntensity === undefined ? m.maxIntensity : strongerIntensity(known.maxIntensity, m.maxIntensity);
      names.set(m.code, known);
    }
  }
  const figures = figuresByMunicipality(atRisk.persons, atRisk.shelters);
  // Every municipality chosen has its row, with zeros where nobody answered for it; a prefecture's come from the figures.
  const chosen = request.areas.filter((a) => !isWiderThanMunicipality(a));
  const codes = [...new Set([...chosen, ...names.keys(), ...figures.map((f) => f.code)])].sort();
  const municipalities: ReportMunicipality[] = codes.map((code) => {
    const f = figures.find((x) => x.code === code);
    const n = names.get(code);
    // Named as the alerts name it; else by the bundled code table, so a report chosen by name reads by name.
    const tableName = areaName(code);
    const fallback = tableName?.ja ?? tableName?.en;
    return {
      code,
      names: n?.names ?? (fallback !== undefined ? [fallback] : []),
      ...(tableName !== undefined ? { name: tableName } : {}),
      ...(n?.maxIntensity !== undefined ? { maxIntensity: n.maxIntensity } : {}),
      persons: f?.persons ?? [],
      safety: f?.safety ?? {},
      shelters: f?.shelters ?? [],
      openShelters: f?.openShelters ?? 0,
      evacuees: f?.evacuees ?? 0,
    };
  });
  return {
    status: request.status,
    areas: [...request.areas],
    at: request.at.toISOString(),
    figuresAt,
    purpose,
    alerts: alerts.map(({ id, data: a }) => ({
      id, sender: a.sender, sent: a.sent, kinds: [...a.kinds], severity: a.severity, areaCodes: a.areaCodes.filter((c) => within(c, request.areas)),
      ...(a.headline !== undefined ? { headline: a.headline } : {}), ...(a.event !== undefined ? { event: a.event } : {}),
    })),
    municipalities,
    sources: atRisk.answered.map(({ node, dataset, count }) => ({ node, dataset, count })),
    missing: atRisk.missing.map((m) => ({ node: m.node, dataset: m.dataset, reason: m.reason, message: missingText(m, options.lang) })),
    unmetNeeds,
  };
}
