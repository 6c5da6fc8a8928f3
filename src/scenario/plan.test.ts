import { describe, expect, it } from 'vitest';
import { parseAreaCode } from '../model/area-code.ts';
import { ParticipantIdSchema } from '../model/common.ts';
import { validate } from '../model/validate.ts';
import { testPlan } from './test-support.ts';

describe('planning a scenario', () => {
  it('plans the town scale as Nanao with its clinic group and care provider', async () => {
    const plan = await testPlan('town', 1);
    expect(plan.municipalities.map((m) => m.muni.code)).toEqual(['172022']);
    expect(plan.nodes.map((n) => n.kind).sort()).toEqual(['care-provider', 'dialysis-provider', 'municipality']);
    expect(plan.municipalities[0]!.muni.localities.length).toBeGreaterThan(10);
    expect(plan.expectedPersons).toBeGreaterThan(4900);
    expect(plan.expectedPersons).toBeLessThan(5100);
  });

  it('plans the prefecture scale over Ishikawa’s 19 municipalities with a prefecture node and providers', async () => {
    const plan = await testPlan('prefecture', 1);
    expect(plan.municipalities).toHaveLength(19);
    const kinds = plan.nodes.map((n) => n.kind);
    expect(kinds.filter((k) => k === 'municipality')).toHaveLength(19);
    expect(kinds.filter((k) => k === 'prefecture')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'dialysis-provider').length).toBeGreaterThan(1);
    expect(kinds.filter((k) => k === 'care-provider').length).toBeGreaterThan(1);
    expect(Math.abs(plan.expectedPersons - 100_000)).toBeLessThan(200);
  });

  it('covers every municipality of Japan once at national scale, each served by a clinic group and a care provider', async () => {
    const plan = await testPlan('national', 1, 1_000_000);
    expect(plan.municipalities.length).toBeGreaterThan(1700);
    expect(new Set(plan.municipalities.map((m) => m.muni.code)).size).toBe(plan.municipalities.length);
    for (const m of plan.municipalities) {
      expect(m.dialysisArea.nodeIds.length).toBeGreaterThan(0);
      expect(m.careArea.nodeIds.length).toBeGreaterThan(0);
    }
    expect(plan.nodes.filter((n) => n.kind === 'prefecture')).toHaveLength(47);
  });

  it('gives every node a unique valid participant id and a jurisdiction of valid area codes', async () => {
    const plan = await testPlan('national', 1, 1_000_000);
    expect(new Set(plan.nodes.map((n) => n.id)).size).toBe(plan.nodes.length);
    for (const n of plan.nodes) {
      expect(validate(ParticipantIdSchema, n.id).ok).toBe(true);
      for (const code of n.jurisdiction) expect(parseAreaCode(code).ok).toBe(true);
    }
  });
});
