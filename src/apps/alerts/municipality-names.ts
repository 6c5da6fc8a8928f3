// A municipality of an alert or report with its name from the node's bundled code tables, in Japanese and English, so
// the console (which carries no table) can show it in the reader's language. Server side only.
import type { Text } from '../../model/common.ts';
import { areaName } from '../../model/area-names.ts';

export function withAreaName<T extends { code: string }>(m: T): T & { name?: Text } {
  const name = areaName(m.code);
  return name === undefined ? m : { ...m, name };
}
