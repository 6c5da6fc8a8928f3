// Why a person must be reached first, as a sum of named factors the operator can read and argue with: overdue
// dialysis, oxygen running out, immobility, being alone, being inside the hazard, and no news since the disaster.
import { containsPoint, type MultiPolygon, type Polygon } from '../../model/geo.ts';
import type { Weekday } from '../../model/codes.ts';
import type { Priority, PriorityFactor, PriorityFactorCode, PriorityWeights, ResolvedPerson } from './types.ts';

/**
 * Points per factor. Time-critical medical dependence first: oxygen that has run out and a reported need for rescue
 * threaten life within hours; a missed dialysis within two to three days; immobility and living alone decide whether
 * the person can evacuate or call for help at all. No news since the disaster weighs as much as being inside the
 * hazard: once a person is confirmed safe, the list should move on to those nobody has reached, ahead of safe
 * persons who are only frail or old. Age raises urgency without being a danger on its own. The order matters more than the numbers;
 * they are printed beside every score.
 */
export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = Object.freeze({
  'needs-rescue': 60,
  'oxygen-out': 50,
  'dialysis-overdue': 40,
  'oxygen-low': 30,
  'in-hazard-area': 25,
  'status-unknown': 25,
  'dialysis-due-soon': 20,
  'medically-dependent-child': 20,
  bedridden: 15,
  'lives-alone': 10,
  'age-85-plus': 10,
});

/** The fixed order of factor codes: the order factors of equal points are listed in. */
export const PRIORITY_FACTOR_CODES: readonly PriorityFactorCode[] = Object.keys(DEFAULT_PRIORITY_WEIGHTS) as PriorityFactorCode[];

/** Oxygen supply under this many hours is low. */
export const OXYGEN_LOW_HOURS = 24;
/** A dialysis day starting within this many hours is due soon. */
export const DIALYSIS_DUE_SOON_HOURS = 24;
export const AGE_THRESHOLD = 85;
/** Japan Standard Time, which has no daylight saving: dialysis weekdays and ages are reckoned in it by default. */
export const JST_OFFSET_MINUTES = 540;

export interface PriorityContext {
  now: Date;
  /** When the disaster was declared: safety news older than this does not count, and without a recorded last dialysis session the first session day from here is taken as at risk. */
  declarationStart?: string;
  hazard?: Polygon | MultiPolygon;
  weights?: PriorityWeights;
  /** Minutes east of UTC of the local time schedules are kept in; JST by default. */
  utcOffsetMinutes?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const weekdayIndex: Readonly<Record<Weekday, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Local day number (days since 1970-01-01 in local time) of an instant. */
const localDay = (ms: number, offsetMs: number) => Math.floor((ms + offsetMs) / DAY);
/** 1970-01-01 was a Thursday. */
const weekdayOfDay = (day: number) => (((day + 4) % 7) + 7) % 7;

export type DialysisTiming =
  | { kind: 'overdue'; hours: number; basis: 'last-session' | 'declaration' }
  | { kind: 'due-soon'; hours: number; basis: 'last-session' | 'declaration' }
  | { kind: 'on-schedule' };

/**
 * Where a dialysis patient stands against their weekly schedule. The first session day after the last recorded
 * session (or, with none recorded, the first on or after the declaration day: a session that day may have been lost)
 * is missed once that local day has ended, because sessions can be at any time of day; `hours` then counts from the
 * end of that day. Before it ends and within a day of its start, it is due soon, with the hours left until it ends.
 * Undefined when neither a last session nor a declaration gives a starting point.
 */
export function dialysisTiming(
  dialysis: { schedule?: readonly Weekday[]; lastSessionAt?: string },
  now: Date,
  declarationStart?: string,
  utcOffsetMinutes = JST_OFFSET_MINUTES,
): DialysisTiming | undefined {
  const days = new Set((dialysis.schedule ?? []).map((d) => weekdayIndex[d]));
  if (days.size === 0) return undefined;
  const offset = utcOffsetMinutes * 60_000;
  const last = dialysis.lastSessionAt !== undefined ? Date.parse(dialysis.lastSessionAt) : Number.NaN;
  const declared = declarationStart !== undefined ? Date.parse(declarationStart) : Number.NaN;
  let basis: 'last-session' | 'declaration';
  let from: number;
  if (!Number.isNaN(last)) {
    basis = 'last-session';
    from = localDay(last, offset) + 1;
  } else if (!Number.isNaN(declared)) {
    basis = 'declaration';
    from = localDay(declared, offset);
  } else return undefined;
  let due = from;
  while (!days.has(weekdayOfDay(due))) due++;
  const dueStart = due * DAY - offset;
  const dueEnd = dueStart + DAY;
  const t = now.getTime();
  if (t >= dueEnd) return { kind: 'overdue', hours: Math.floor((t - dueEnd) / HOUR), basis };
  if (dueStart - t <= DIALYSIS_DUE_SOON_HOURS * HOUR) return { kind: 'due-soon', hours: Math.floor((dueEnd - t) / HOUR), basis };
  return { kind: 'on-schedule' };
}

/** Hours of oxygen left now: the supply the source reported, less the time since it reported it. */
export function oxygenHoursLeft(oxygen: { supplyHoursLeft: number; asOf: string }, now: Date): number | undefined {
  const asOf = Date.parse(oxygen.asOf);
  if (Number.isNaN(asOf)) return undefined;
  return oxygen.supplyHoursLeft - (now.getTime() - asOf) / HOUR;
}

/** Age in whole years on the local date of `now`; undefined for a malformed date. */
export function ageOn(birthDate: string, now: Date, utcOffsetMinutes = JST_OFFSET_MINUTES): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(birthDate);
  if (!m) return undefined;
  const local = new Date(now.getTime() + utcOffsetMinutes * 60_000);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = local.getUTCFullYear() - y;
  if (local.getUTCMonth() + 1 < mo || (local.getUTCMonth() + 1 === mo && local.getUTCDate() < d)) age--;
  return age;
}

/** Whether the person's safety has been confirmed (any status but 'unknown') since the declaration began. */
function safetyConfirmed(safety: { status?: string; reportedAt?: string } | undefined, declarationStart?: string): boolean {
  if (safety?.status === undefined || safety.status === 'unknown') return false;
  if (declarationStart === undefined) return true;
  // A status without a time cannot be shown to be news from after the disaster began; treating it as old errs
  // towards checking on the person again.
  if (safety.reportedAt === undefined) return false;
  return Date.parse(safety.reportedAt) >= Date.parse(declarationStart);
}

/**
 * The priority of a resolved person now. Each factor that applies adds its weight as points; a factor whose weight
 * is 0 (or less) is left out, so an operator can switch one off. Params carry numbers and times only, never a name or
 * an address, because they are shown and exported beside the list.
 */
export function prioritize(person: ResolvedPerson, ctx: PriorityContext): Priority {
  const weights = ctx.weights ?? DEFAULT_PRIORITY_WEIGHTS;
  const offsetMinutes = ctx.utcOffsetMinutes ?? JST_OFFSET_MINUTES;
  const v = person.merged;
  const needs = new Set(v.care?.needs ?? []);
  const found: { code: PriorityFactorCode; params: Record<string, string | number> }[] = [];
  const add = (code: PriorityFactorCode, params: Record<string, string | number> = {}) => found.push({ code, params });

  const dialysis = v.care?.dialysis;
  if (dialysis !== undefined) {
    const timing = dialysisTiming(dialysis, ctx.now, ctx.declarationStart, offsetMinutes);
    if (timing?.kind === 'overdue') add('dialysis-overdue', { hours: timing.hours, basis: timing.basis });
    if (timing?.kind === 'due-soon') add('dialysis-due-soon', { hours: timing.hours, basis: timing.basis });
  }
  const oxygen = v.care?.homeOxygen;
  if (oxygen !== undefined) {
    const left = oxygenHoursLeft(oxygen, ctx.now);
    if (left !== undefined && left <= 0) add('oxygen-out', { hours: Math.floor(-left) });
    else if (left !== undefined && left < OXYGEN_LOW_HOURS) add('oxygen-low', { hours: Math.floor(left) });
  }
  if (needs.has('bedridden')) add('bedridden');
  if (needs.has('medically-dependent-child')) add('medically-dependent-child');
  if (needs.has('lives-alone')) add('lives-alone');
  if (ctx.hazard !== undefined && v.location !== undefined && containsPoint(ctx.hazard, v.location.coordinates)) add('in-hazard-area');
  if (!safetyConfirmed(v.safety, ctx.declarationStart)) add('status-unknown', ctx.declarationStart !== undefined ? { since: ctx.declarationStart } : {});
  if (v.safety?.status === 'needs-rescue') add('needs-rescue');
  const age = v.birthDate !== undefined ? ageOn(v.birthDate, ctx.now, offsetMinutes) : undefined;
  if (age !== undefined && age >= AGE_THRESHOLD) add('age-85-plus', { age });

  const factors: PriorityFactor[] = found
    .map(({ code, params }) => ({ code, points: weights[code], params }))
    .filter((f) => f.points > 0)
    .sort((a, b) => b.points - a.points || PRIORITY_FACTOR_CODES.indexOf(a.code) - PRIORITY_FACTOR_CODES.indexOf(b.code));
  return { score: factors.reduce((sum, f) => sum + f.points, 0), factors };
}

export function hasFactor(priority: Priority, code: PriorityFactorCode): boolean {
  return priority.factors.some((f) => f.code === code);
}

/**
 * Most urgent first: by score, then by the number of factors (more reasons, more urgent), then by `idOf` so the order
 * is the same on every run. Returns a new array.
 */
export function sortByPriority<T extends { priority: Priority }>(items: readonly T[], idOf?: (item: T) => string): T[] {
  return [...items].sort((x, y) => {
    const byScore = y.priority.score - x.priority.score || y.priority.factors.length - x.priority.factors.length;
    if (byScore !== 0 || idOf === undefined) return byScore;
    const a = idOf(x);
    const b = idOf(y);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
