// The alerts application's answers as the console reads them (pure types; the console may import this module).

/** Whether the console offers "start the lives-to-save list" for an alert, and how. */
export type LifelineLink =
  | { kind: 'hazard'; href: string }
  | { kind: 'declaration'; declarationId: string; href: string }
  /** Exercises and tests never start a real list; a real alert without geometry needs a declaration a person issued. */
  | { kind: 'not-offered'; reason: 'exercise' | 'no-declaration' };
