// Shared by the scenario tests: small plans built from the bundled municipality data.
import { prepareScenario, type ScaleName, type ScenarioPlan } from './index.ts';

const plans = new Map<string, Promise<ScenarioPlan>>();

export function testPlan(scale: ScaleName, seed: number, persons?: number): Promise<ScenarioPlan> {
  const key = `${scale}/${seed}/${persons}`;
  let p = plans.get(key);
  if (!p) {
    p = prepareScenario({ scale, seed, ...(persons !== undefined ? { persons } : {}) });
    plans.set(key, p);
  }
  return p;
}
