// What the console and the CSV export show of a person in a run: the merged view, where each part came from, the
// priority with each factor's sentence in the reader's language, and the current safety status.
import type { Lang } from '../../node/application/index.ts';
import { lifelineMessages } from './messages.ts';
import { ageOn, evidenceMessageCode, factorMessageCode } from './index.ts';
import { rowAreaOf, type LifelineRun, type RunPerson } from './runs.ts';
import { withheldFacts, type WithheldFact } from './withheld.ts';
import type { LifelineRow, MatchEvidence, PairMatch, PriorityFactor, RenderedFactor, RowSource } from './types.ts';

export type { LifelineRow, RenderedFactor, RowSource } from './types.ts';

export type NodeNames = (node: string) => { ja: string; en: string } | undefined;

export function renderFactor(f: PriorityFactor, lang: Lang): RenderedFactor {
  return { ...f, message: lifelineMessages.text(factorMessageCode(f.code), f.params, lang) };
}

export function renderEvidence(e: MatchEvidence, lang: Lang): MatchEvidence & { message: string } {
  const params = { weight: e.weight, a: e.values?.[0] ?? '', b: e.values?.[1] ?? '' };
  return { ...e, message: lifelineMessages.text(evidenceMessageCode(e.kind), params, lang) };
}

export function renderMatch(match: PairMatch, lang: Lang): Omit<PairMatch, 'evidence'> & { evidence: (MatchEvidence & { message: string })[] } {
  return { ...match, evidence: match.evidence.map((e) => renderEvidence(e, lang)) };
}

/** The lowest confidence among the automatic joins; 1 when people confirmed them all; absent for a single record. */
function matchConfidenceOf(p: RunPerson): number | undefined {
  if (p.person.members.length < 2) return undefined;
  let lowest = 1;
  for (const link of p.person.links) if (link.via === 'score' && link.match !== undefined) lowest = Math.min(lowest, link.match.confidence);
  return lowest;
}

const withheldCodes = {
  'dialysis-schedule': { withheld: 'LIFELINE_WITHHELD_DIALYSIS_SCHEDULE', missing: 'LIFELINE_MISSING_DIALYSIS_SCHEDULE' },
  'oxygen-supply': { withheld: 'LIFELINE_WITHHELD_OXYGEN_SUPPLY', missing: 'LIFELINE_MISSING_OXYGEN_SUPPLY' },
} as const;

/** The sentence of a fact the list could not weigh, naming who withheld it. */
export function renderWithheld(w: WithheldFact, lang: Lang, names?: NodeNames): WithheldFact & { message: string } {
  const codes = withheldCodes[w.fact];
  const nodes = w.withheldBy.map((n) => names?.(n)?.[lang] ?? n).join(lang === 'ja' ? '、' : ', ');
  const message = w.withheldBy.length > 0 ? lifelineMessages.text(codes.withheld, { nodes }, lang) : lifelineMessages.text(codes.missing, {}, lang);
  return { ...w, message };
}

export function lifelineRow(run: LifelineRun, p: RunPerson, lang: Lang, names?: NodeNames): LifelineRow {
  const v = p.person.merged;
  const age = v.birthDate !== undefined ? ageOn(v.birthDate, new Date(run.generatedAt)) : undefined;
  const areaCode = rowAreaOf(run, p);
  const coords = v.location?.coordinates;
  const confidence = matchConfidenceOf(p);
  return {
    id: p.person.id,
    name: v.name?.full ?? '',
    ...(v.name?.kana !== undefined ? { kana: v.name.kana } : {}),
    ...(v.birthDate !== undefined ? { birthDate: v.birthDate } : {}),
    ...(age !== undefined ? { age } : {}),
    ...(v.address?.text !== undefined ? { address: v.address.text } : {}),
    ...(areaCode !== undefined ? { areaCode } : {}),
    ...(coords !== undefined ? { location: [coords[0], coords[1]] as [number, number] } : {}),
    needs: [...(v.care?.needs ?? [])],
    sources: p.person.members.map((m) => {
      const name = names?.(m.sourceNode);
      return {
        node: m.sourceNode,
        ...(name !== undefined ? { nodeName: name[lang] } : {}),
        recordId: m.recordId,
        ...(m.cachedAgeSeconds !== undefined ? { cachedAgeSeconds: m.cachedAgeSeconds } : {}),
      };
    }),
    conflicts: p.person.conflicts,
    priority: { score: p.priority.score, factors: p.priority.factors.map((f) => renderFactor(f, lang)) },
    safety: p.safety,
    ...(confidence !== undefined ? { matchConfidence: confidence } : {}),
    ...(v.contact?.phone !== undefined ? { phone: v.contact.phone } : {}),
    ...withheldOf(run, p, lang, names),
  };
}

function withheldOf(run: LifelineRun, p: RunPerson, lang: Lang, names?: NodeNames): { withheld?: (WithheldFact & { message: string })[] } {
  const facts = withheldFacts(p.person.merged, p.person.members.map((m) => m.sourceNode), run.answered);
  return facts.length > 0 ? { withheld: facts.map((w) => renderWithheld(w, lang, names)) } : {};
}
