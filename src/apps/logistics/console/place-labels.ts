// Places and areas as the logistics page names them: a depot, shelter or destination by the name its record carries
// (in the reader's language, else the other one), an area code by the name the node found in its code tables; the id
// or code stays beside it for the operator, and is the label itself when no name is known — never an empty label. Pure.
import type { PlaceRef, Text } from '../../../model/index.ts';

type Lang = 'ja' | 'en';

/** What the page shows: `text` first; `id` as secondary text or tooltip when `named` (otherwise `text` is the id). */
export interface Label {
  text: string;
  id: string;
  named: boolean;
}

/** A name in the reader's language, else in the other one; undefined when the text has neither. */
export function textIn(t: Text | undefined, lang: Lang): string | undefined {
  const pick = (s: string | undefined) => (s !== undefined && s.trim() !== '' ? s : undefined);
  return t === undefined ? undefined : (pick(t[lang]) ?? pick(t.ja) ?? pick(t.en));
}

function labelOf(id: string, name: Text | undefined, lang: Lang): Label {
  const text = textIn(name, lang);
  return text === undefined || text === id ? { text: id, id, named: false } : { text, id, named: true };
}

/**
 * An area code with its name (七尾市 for 172022, City of Tacloban for PH0803747) from the names the node sent with
 * the needs (`areaNames`, from `areaName` in src/model/area-names.ts); an unknown code is its own label.
 */
export function areaLabel(code: string, names: Readonly<Record<string, Text>>, lang: Lang): Label {
  return labelOf(code, Object.hasOwn(names, code) ? names[code] : undefined, lang);
}

/** The key a plan's names use for a place: the owning node, then type and id (as `result.places` and `planNames`). */
export const placeKey = (node: string, place: PlaceRef) => `${node}|${place.type}:${place.id}`;

/** The names of a plan's places (or any list that carries them), by place key. */
export function placeNames(places: readonly { node: string; place: PlaceRef; name?: Text }[]): Map<string, Text> {
  const names = new Map<string, Text>();
  for (const p of places) if (p.name !== undefined) names.set(placeKey(p.node, p.place), p.name);
  return names;
}

/** A depot, shelter or destination held by `node`, named when `names` knows it. */
export function placeLabel(names: ReadonlyMap<string, Text>, node: string, place: PlaceRef, lang: Lang): Label {
  return labelOf(place.id, names.get(placeKey(node, place)), lang);
}

/** A place named directly (a shipment's `places.from`), falling back to its id. */
export function namedPlace(place: PlaceRef, name: Text | undefined, lang: Lang): Label {
  return labelOf(place.id, name, lang);
}
