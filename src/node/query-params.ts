// Parse the spatial and area query parameters shared by dataset routes.
import { parseAreaCode, type AreaCode, type BBox } from '../model/index.ts';
import { message, type Lang } from '../i18n/index.ts';
import type { Problem } from './problem.ts';
import { problemOf } from './problem.ts';

export function parseBBoxParam(raw: string, lang: Lang): BBox | Problem {
  const parts = raw.split(',').map((s) => Number(s.trim()));
  const [west, south, east, north] = parts as [number, number, number, number];
  const valid =
    parts.length === 4 &&
    parts.every(Number.isFinite) &&
    west >= -180 && east <= 180 && south >= -90 && north <= 90 && west <= east && south <= north;
  return valid ? { west, south, east, north } : problemOf(400, 'HTTP_BAD_BBOX', {}, lang);
}

export function parseAreasParam(raw: string, lang: Lang): AreaCode[] | Problem {
  const out: AreaCode[] = [];
  for (const value of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const r = parseAreaCode(value);
    if (!r.ok) return problemOf(400, 'HTTP_BAD_AREA', { value, detail: message(r.problem.code, { ...r.problem }, lang) }, lang);
    out.push(r.value);
  }
  return out;
}

export function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'status' in x && 'code' in x && 'type' in x;
}
