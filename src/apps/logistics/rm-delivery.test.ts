// The EDXL-RM delivery kinds share one payload schema: a request and an answer are checked alike, only described apart.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { codesOf, purposes } from '../../model/index.ts';
import { ResourceAnswerSchema } from './rm-answer-delivery.ts';
import { ResourceRequestSchema } from './rm-delivery.ts';

describe('the payload of an EDXL-RM delivery', () => {
  it('is accepted or refused alike for a request and an answer, whatever the document, purpose and extra fields', () => {
    const payload = fc.record(
      {
        document: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(''), fc.integer()),
        purpose: fc.oneof(fc.constantFrom(...codesOf(purposes)), fc.string({ maxLength: 12 })),
        extra: fc.string({ maxLength: 5 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(payload, (p) => {
        const expected = typeof p.document === 'string' && p.document.length > 0 && (p.purpose === undefined || (codesOf(purposes) as string[]).includes(p.purpose)) && !('extra' in p);
        expect(Value.Check(ResourceRequestSchema, p)).toBe(expected);
        expect(Value.Check(ResourceAnswerSchema, p)).toBe(expected);
      }),
    );
  });

  it('describes what each kind carries', () => {
    expect(ResourceRequestSchema.properties.document.description).toContain('RequestResource');
    expect(ResourceAnswerSchema.properties.document.description).toContain('CommitResource');
  });
});
