import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { covers, withheldFacts } from './withheld.ts';
import type { AnsweredSource } from './gather.ts';

const CLINIC = 'jp-172022-nanao-dialysis-clinic';
const CITY = 'jp-172022-nanao-city';
const source = (node: string, withheld?: string[]): AnsweredSource => ({ node, dataset: 'persons', count: 1, ...(withheld ? { withheld } : {}) });

describe('facts the list could not weigh', () => {
  it("names the clinic whose policy withheld a dialysis patient's schedule", () => {
    const facts = withheldFacts({ care: { needs: ['dialysis'] } }, [CITY, CLINIC], [source(CITY, ['birthDate']), source(CLINIC, ['care.dialysis'])]);
    expect(facts).toEqual([{ fact: 'dialysis-schedule', field: 'care.dialysis.schedule', factors: ['dialysis-overdue', 'dialysis-due-soon'], withheldBy: [CLINIC] }]);
  });

  it('says no source withheld it when none has it', () => {
    const facts = withheldFacts({ care: { needs: ['home-oxygen'] } }, [CITY], [source(CITY, ['birthDate'])]);
    expect(facts).toEqual([{ fact: 'oxygen-supply', field: 'care.homeOxygen.supplyHoursLeft', factors: ['oxygen-low', 'oxygen-out'], withheldBy: [] }]);
  });

  it('reports nothing when the fact is there or the need is not', () => {
    expect(withheldFacts({ care: { needs: ['dialysis'], dialysis: { schedule: ['mon'] } } }, [CLINIC], [source(CLINIC, ['care.homeOxygen'])])).toEqual([]);
    expect(withheldFacts({ care: { needs: ['bedridden'] } }, [CLINIC], [source(CLINIC, ['care'])])).toEqual([]);
  });

  it('treats a withheld parent or part of a field as withholding it, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 4 }), (x, y) => {
        const a = x.join('.');
        const b = y.join('.');
        const related = a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`);
        expect(covers(a, b)).toBe(related);
        expect(covers(a, b)).toBe(covers(b, a));
      }),
    );
  });
});
