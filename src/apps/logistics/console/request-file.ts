// The EDXL-RM files section's words, pure: a node's problem line split into its text and its code (the code only as a
// tooltip), what each message's import did in the page's words (requests and answers), and the name a downloaded export is saved under.

/** A problem as the node words it (`CODE: text`, the form of `errors[].message`): the text, and the code apart. */
export function problemLine(message: string): { text: string; code?: string } {
  const m = /^([A-Z][A-Z0-9_]{2,}): ([\s\S]+)$/.exec(message);
  return m ? { code: m[1]!, text: m[2]! } : { text: message };
}

/** The import's result for a message, as the page names it. */
export type ImportWord = 'imported' | 'replaced' | 'withdrawn' | 'unchanged';

export function importWord(result: 'stored' | 'updated' | 'cancelled' | 'unchanged'): ImportWord {
  switch (result) {
    case 'stored':
      return 'imported';
    case 'updated':
      return 'replaced';
    case 'cancelled':
      return 'withdrawn';
    case 'unchanged':
      return 'unchanged';
  }
}

/** The words for a message's result: an answer (it names the request it answers) is stored or unchanged. */
export function resultWord(m: { result: 'stored' | 'updated' | 'cancelled' | 'unchanged'; answers?: string }): ImportWord | 'answerStored' | 'answerUnchanged' {
  if (m.answers === undefined) return importWord(m.result);
  return m.result === 'unchanged' ? 'answerUnchanged' : 'answerStored';
}

export const exportFormats = ['edxl-rm', 'hxl'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** `needs-<node>-<UTC date and time>.xml|.csv`: sortable, and safe on every file system. */
export function exportFileName(node: string, format: ExportFormat, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const safeNode = node.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return `needs-${safeNode}-${stamp}${format === 'hxl' ? '.csv' : '.xml'}`;
}
