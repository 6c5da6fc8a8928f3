// Whether areas lie inside a jurisdiction: the one geographic rule of trust (declarations, delegations, and
// the scope a foreign anchor is recognised for).
import { areaContains, type AreaCode } from '../model/area-code.ts';

/**
 * The areas not inside any area of `jurisdiction`. Both lists hold area codes that passed schema validation
 * (format `area-code`), which is why the brand may be asserted here.
 */
export function areasOutside(areas: readonly string[], jurisdiction: readonly string[]): string[] {
  return areas.filter((area) => !jurisdiction.some((outer) => areaContains(outer as AreaCode, area as AreaCode)));
}
