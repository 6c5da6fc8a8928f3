// Which priority factors could not be weighed for a person, and why: a dialysis patient without a schedule cannot be
// "dialysis overdue", a home-oxygen patient without a supply figure cannot be "oxygen low". The reason matters to the
// officer: a provider's policy withheld the field (it exists, ask the provider), or no source has it at all.
import type { AnsweredSource } from './gather.ts';
import type { PersonView, WithheldFact, WithheldFactCode } from './types.ts';

export type { WithheldFact, WithheldFactCode };

const facts: readonly { fact: WithheldFactCode; need: string; field: string; factors: string[]; present: (v: PersonView) => boolean }[] = [
  { fact: 'dialysis-schedule', need: 'dialysis', field: 'care.dialysis.schedule', factors: ['dialysis-overdue', 'dialysis-due-soon'], present: (v) => (v.care?.dialysis?.schedule?.length ?? 0) > 0 },
  { fact: 'oxygen-supply', need: 'home-oxygen', field: 'care.homeOxygen.supplyHoursLeft', factors: ['oxygen-low', 'oxygen-out'], present: (v) => v.care?.homeOxygen?.supplyHoursLeft !== undefined },
];

/** Whether withholding `masked` withholds `field`: the same path, a parent of it, or a part of it. */
export function covers(masked: string, field: string): boolean {
  return masked === field || field.startsWith(`${masked}.`) || masked.startsWith(`${field}.`);
}

/** The facts missing for a person with these needs, and which of its source nodes withheld each. */
export function withheldFacts(merged: PersonView, memberNodes: readonly string[], answered: readonly AnsweredSource[]): WithheldFact[] {
  const needs = new Set<string>(merged.care?.needs ?? []);
  const out: WithheldFact[] = [];
  for (const f of facts) {
    if (!needs.has(f.need) || f.present(merged)) continue;
    const withheldBy = [...new Set(memberNodes)].filter((node) => answered.find((a) => a.node === node)?.withheld?.some((m) => covers(m, f.field)) ?? false).sort();
    out.push({ fact: f.fact, field: f.field, factors: [...f.factors], withheldBy });
  }
  return out;
}
