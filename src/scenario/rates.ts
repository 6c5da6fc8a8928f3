// How many people of a municipality appear on each kind of list, how they are distributed and which care they need,
// as fractions of the population: the one set of rates the scenario, the demo and the benchmarks draw from. Sources of the anchors: ~340,000 dialysis patients in Japan (日本透析医学会, ≈0.27 %), ~160,000
// home-oxygen patients (≈0.13 %), ~6.9 million people certified for long-term care (介護保険事業状況報告, 2022).
import type { CareNeed } from '../model/codes.ts';
import type { Draws } from './hash.ts';

export const rates = {
  /** 避難行動要支援者名簿: about 6.8 % of residents. */
  supportList: 0.068,
  /** Patients on maintenance dialysis. */
  dialysis: 0.0027,
  /** Share of dialysis patients who are also on their city's support list. */
  dialysisOnList: 2 / 3,
  /** Clients of the care providers taking part (a fraction of all people using care services). */
  careClients: 0.01,
  /** Share of those clients who are also on their city's support list. */
  careOnList: 0.625,
  /** Home oxygen patients (all assumed to be on a support list). */
  homeOxygen: 0.0013,
} as const;

/**
 * Share of the demo's listed people on home oxygen: three times the national share among listed people
 * (0.0013 / 0.068 ≈ 0.019), so that a demo of a few hundred people has enough oxygen patients to show.
 */
export const demoHomeOxygenRate = 0.06;

/**
 * Chance of each care need of an adult on a list, in drawing order (the order is part of every generator's output).
 * Home oxygen is the caller's rate (see `rates`). Limited Japanese: foreign residents are ≈2.7 % of Japan's
 * population (出入国在留管理庁, 2023), fewer among the old people these lists hold; 2 % is the one rate all use.
 */
export function careNeedOdds(age: number, homeOxygen: number): readonly (readonly [CareNeed, number])[] {
  return [
    ['bedridden', 0.12],
    ['dementia', age >= 75 ? 0.3 : 0.08],
    ['wheelchair', 0.22],
    ['visual-impairment', 0.05],
    ['hearing-impairment', age >= 75 ? 0.1 : 0.03],
    ['home-oxygen', homeOxygen],
    ['limited-japanese', 0.02],
    ['lives-alone', age >= 65 ? 0.38 : 0.15],
  ];
}

/** Rows the rates produce per resident: used to turn a target number of persons into a population factor. */
export const rowsPerResident = rates.supportList + rates.dialysis + rates.careClients;

/** Dialysis patients per node (a clinic group) and per clinic site; care clients per care-provider node and site. */
export const nodeSizes = { dialysisPerNode: 400, dialysisPerSite: 80, carePerNode: 2500, carePerSite: 120 } as const;

/** People on these lists are mostly old: about two in three are 75 or over. */
export const ageBands: readonly (readonly [readonly [number, number], number])[] = [
  [[3, 15], 1],
  [[20, 64], 6],
  [[65, 74], 23],
  [[75, 84], 40],
  [[85, 94], 25],
  [[95, 102], 5],
];

export const careLevels = ['要支援1', '要支援2', '要介護1', '要介護2', '要介護3', '要介護4', '要介護5'] as const;
export type CareLevel = (typeof careLevels)[number];

/** 要介護度 of people certified for care nationally (thousands, 2022): 要介護1 is the most common level. */
export const careLevelWeights: readonly (readonly [CareLevel, number])[] = [
  ['要支援1', 970],
  ['要支援2', 950],
  ['要介護1', 1440],
  ['要介護2', 1160],
  ['要介護3', 920],
  ['要介護4', 880],
  ['要介護5', 590],
];

/** A bedridden person is certified at a high level. */
export const bedriddenCareLevelWeights: readonly (readonly [CareLevel, number])[] = [
  ['要介護3', 25],
  ['要介護4', 40],
  ['要介護5', 35],
];

export function pickCareLevel(rng: Draws, bedridden: boolean): CareLevel {
  return rng.weighted(bedridden ? bedriddenCareLevelWeights : careLevelWeights);
}

/** Women outlive men: the oldest bands are mostly women. */
export function femaleShare(age: number): number {
  return age >= 85 ? 0.68 : age >= 75 ? 0.6 : 0.5;
}
