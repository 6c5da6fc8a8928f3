// Bilingual labels for code lists: every controlled vocabulary in the model carries Japanese and English text.
export interface Label {
  readonly ja: string;
  readonly en: string;
}

/** A code list: the codes in declaration order, each with its labels. */
export type CodeList<C extends string> = { readonly [K in C]: Label };

export function codesOf<C extends string>(list: CodeList<C>): C[] {
  return Object.keys(list) as C[];
}
