import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportFileName, importWord, problemLine, resultWord } from './request-file.ts';

describe('the EDXL-RM files section’s words', () => {
  it('shows a problem’s text and keeps its code apart, for the tooltip', () => {
    expect(problemLine('EDXL_RM_VALUE_LIST_FOREIGN: ResourceInformation[1]: the value list urn:x is not one Tsunagu reads')).toEqual({
      code: 'EDXL_RM_VALUE_LIST_FOREIGN', text: 'ResourceInformation[1]: the value list urn:x is not one Tsunagu reads',
    });
    expect(problemLine('ResourceInformation[2]/Quantity: must be > 0')).toEqual({ text: 'ResourceInformation[2]/Quantity: must be > 0' });
  });

  it('never loses words from a problem, and never shows a code as its text', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Z][A-Z0-9_]{2,20}$/), fc.string({ minLength: 1 }), (code, text) => {
      expect(problemLine(`${code}: ${text}`)).toEqual({ code, text });
    }));
    fc.assert(fc.property(fc.string(), (s) => {
      const l = problemLine(s);
      expect(l.code === undefined ? l.text : `${l.code}: ${l.text}`).toBe(s);
    }));
  });

  it('names what the import did with each message in the page’s words', () => {
    expect(['stored', 'updated', 'cancelled', 'unchanged'].map((r) => importWord(r as 'stored'))).toEqual(['imported', 'replaced', 'withdrawn', 'unchanged']);
  });

  it('names an answer’s result apart from a request’s', () => {
    expect(resultWord({ result: 'stored' })).toBe('imported');
    expect(resultWord({ result: 'stored', answers: 'req-1' })).toBe('answerStored');
    expect(resultWord({ result: 'unchanged', answers: 'req-1' })).toBe('answerUnchanged');
  });

  it('names a downloaded export by node, format and UTC time, safely', () => {
    const at = new Date('2024-01-12T09:05:00+09:00');
    expect(exportFileName('jp-170003-ishikawa-pref', 'edxl-rm', at)).toBe('needs-jp-170003-ishikawa-pref-20240112-0005.xml');
    expect(exportFileName('a/b c', 'hxl', at)).toBe('needs-a_b_c-20240112-0005.csv');
  });
});
