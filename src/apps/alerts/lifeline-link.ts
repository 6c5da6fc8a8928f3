// "Start the lives-to-save list for this alert": a link to the console's lifeline page, never a run started by itself.
// The lifeline asks for life-saving, which providers allow only under a declaration a person issued; so the link
// carries the alert's geometry (polygon mode, prefilled) or a declaration in force over its areas, or is not offered.
import { areaCode, areaContains, type Alert, type AreaGeometry } from '../../model/index.ts';
import type { LifelineLink } from './types.ts';

/** A declaration as this decision needs it: id, areas, and whether it is in force. */
export interface DeclarationInForce {
  id: string;
  areas: readonly string[];
}

const overlaps = (a: string, b: string) => areaContains(areaCode(a), areaCode(b)) || areaContains(areaCode(b), areaCode(a));

export function lifelineLinkFor(alert: Alert, geometry: AreaGeometry | undefined, declarations: readonly DeclarationInForce[]): LifelineLink {
  if (alert.status !== 'actual') return { kind: 'not-offered', reason: 'exercise' };
  if (geometry !== undefined) return { kind: 'hazard', href: `#/lifeline?hazard=${encodeURIComponent(JSON.stringify(geometry))}` };
  const covering = declarations.find((d) => alert.areaCodes.some((c) => d.areas.some((a) => overlaps(a, c))));
  if (covering) return { kind: 'declaration', declarationId: covering.id, href: `#/lifeline?declaration=${encodeURIComponent(covering.id)}` };
  return { kind: 'not-offered', reason: 'no-declaration' };
}
