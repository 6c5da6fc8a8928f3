import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreviewMessage, RequestFilePreview } from '../types.ts';
import { deliveryOf, recipientChoices, sendSummary, type OutboxEntry } from './send-request.ts';

const peer = (participantId: string) => ({ participantId, nodeUrl: `http://127.0.0.1:1/${participantId}` });

describe('whom a request file can be sent to', () => {
  const names: Record<string, string> = { 'jp-170003-ishikawa-pref': '石川県', 'jp-172022-nanao-city': '七尾市', 'jp-172049-wajima-city': '輪島市', 'jp-retailer': 'エーマート' };
  const nameOf = (id: string) => names[id] ?? id;

  it('lists the participants with a node by name, leaving this node out', () => {
    const choices = recipientChoices([peer('jp-172022-nanao-city'), peer('jp-170003-ishikawa-pref'), peer('jp-172049-wajima-city')], 'jp-172022-nanao-city', nameOf, 'ja');
    expect(choices.map((c) => c.participantId)).not.toContain('jp-172022-nanao-city');
    expect(choices.map((c) => c.label).sort()).toEqual(['石川県', '輪島市'].sort());
  });

  it('orders the names as the reader’s language sorts them (English: alphabetical, case aside)', () => {
    const en: Record<string, string> = { a: 'Office of Civil Defense', b: 'AHA Centre', c: 'dswd Field Office VIII' };
    const choices = recipientChoices([peer('a'), peer('b'), peer('c')], 'self', (id) => en[id] ?? id, 'en');
    expect(choices.map((c) => c.label)).toEqual(['AHA Centre', 'dswd Field Office VIII', 'Office of Civil Defense']);
  });

  it('names a participant by its id too only when another one has the same name', () => {
    const same: Record<string, string> = { x: 'Depot', y: 'Depot', z: 'Port' };
    const choices = recipientChoices([peer('y'), peer('x'), peer('z')], 'self', (id) => same[id] ?? id, 'en');
    expect(choices.map((c) => c.label)).toEqual(['Depot (x)', 'Depot (y)', 'Port']);
  });

  it('leaves out a participant listed without a node, and lists a participant listed twice once', () => {
    const choices = recipientChoices([peer('a'), { participantId: 'b', nodeUrl: '' }, peer('a')], 'self', (id) => id, 'en');
    expect(choices.map((c) => c.participantId)).toEqual(['a']);
  });

  it('always lists every other participant with a node exactly once, never this node, whatever the names', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), { maxLength: 12 }), fc.dictionary(fc.string(), fc.string()), fc.constantFrom('ja' as const, 'en' as const), (ids, nameTable, lang) => {
        const self = ids[0] ?? 'self';
        const choices = recipientChoices(ids.map(peer), self, (id) => nameTable[id] ?? id, lang);
        expect(choices.map((c) => c.participantId).sort()).toEqual(ids.filter((i) => i !== self).sort());
        const labels = choices.map((c) => c.label);
        expect(new Set(labels).size).toBe(labels.length);
      }),
    );
  });
});

describe('what sending a previewed file would send', () => {
  const message = (messageId: string, lines: number, recall?: PreviewMessage['recall']): PreviewMessage => ({
    messageId, sentAt: '2026-01-02T09:00:00+09:00',
    lines: Array.from({ length: lines }, (_, i) => ({ elementId: `${messageId}-${i}` }) as PreviewMessage['lines'][number]),
    ...(recall ? { recall } : {}),
  });
  const preview = (p: Partial<RequestFilePreview>): RequestFilePreview => ({ kind: 'requests', messages: [], answers: [], forecast: { ok: true, messages: [] }, changes: [], ...p });

  it('says each message with its lines and the lines in all', () => {
    expect(sendSummary(preview({ messages: [message('ph-ocd-1', 3), message('ph-ocd-2', 2, { messageId: 'ph-ocd-0', type: 'update' })] }))).toEqual({
      messages: [{ messageId: 'ph-ocd-1', lines: 3 }, { messageId: 'ph-ocd-2', lines: 2, recall: { messageId: 'ph-ocd-0', type: 'update' } }],
      lines: 5,
    });
  });

  it('offers no sending for a file of answers, or one with an answer among its requests, or with no message', () => {
    expect(sendSummary(preview({ kind: 'answers', messages: [] }))).toBeUndefined();
    expect(sendSummary(preview({ kind: 'requests', messages: [message('m', 1)], answers: [{} as RequestFilePreview['answers'][number]] }))).toBeUndefined();
    expect(sendSummary(preview({ messages: [] }))).toBeUndefined();
  });

  it('sends whatever the import forecast says: a file this node could not take in may still go to another node', () => {
    const refusedHere = preview({ messages: [message('m', 2)], forecast: { ok: false, code: 'LOGISTICS_RM_MESSAGE_ID_REUSED', detail: 'x' } });
    expect(sendSummary(refusedHere)?.lines).toBe(2);
  });
});

describe('the sending texts', () => {
  const placeholders = (text: string) => new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).filter((p) => p !== 'count'));
  const flat = (o: object, prefix = ''): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flat(v as object, `${prefix}${k}.`)));

  it('say the same things in Japanese and English: every placeholder of one is in the other', async () => {
    const { logisticsConsoleEn, logisticsConsoleJa } = await import('./messages.ts');
    const en = new Map(flat(logisticsConsoleEn.logistics.rmFiles.send));
    const ja = new Map(flat(logisticsConsoleJa.logistics.rmFiles.send));
    expect([...ja.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) expect(placeholders(ja.get(key)!), key).toEqual(placeholders(text));
  });
});

describe('what became of a request sent, from this node’s outbox', () => {
  const entry = (seq: number, e: Partial<OutboxEntry> = {}): OutboxEntry => ({ seq, state: 'delivered', attempts: 1, ...e });

  it('says delivered (the recipient took it in), waiting with its attempts, or refused with the recipient’s answer', () => {
    expect(deliveryOf(7, [entry(3), entry(7, { settledAt: '2026-12-07T00:08:04Z' })], 100)).toEqual({ kind: 'delivered', at: '2026-12-07T00:08:04Z' });
    expect(deliveryOf(7, [entry(7, { state: 'pending', attempts: 3, nextAttemptAt: '2026-12-07T00:09:00Z', lastError: { code: 'OUTBOX_PEER_UNREACHABLE', reason: 'ECONNREFUSED' } })], 100)).toEqual({
      kind: 'waiting', attempts: 3, nextAttemptAt: '2026-12-07T00:09:00Z', lastReason: 'ECONNREFUSED',
    });
    expect(deliveryOf(7, [entry(7, { state: 'delivering' })], 100)).toEqual({ kind: 'delivering' });
    expect(deliveryOf(7, [entry(7, { state: 'failed', settledAt: '2026-12-07T00:08:04Z', lastError: { code: 'OUTBOX_PEER_REFUSED', reason: 'HTTP 403' } })], 100)).toEqual({
      kind: 'refused', reason: 'HTTP 403', at: '2026-12-07T00:08:04Z',
    });
    expect(deliveryOf(7, [entry(7, { state: 'failed', attempts: 12, lastError: { code: 'OUTBOX_ATTEMPTS_EXHAUSTED', reason: 'timeout' } })], 100)).toEqual({ kind: 'gave-up', attempts: 12, reason: 'timeout' });
  });

  it('says gone when a complete list lacks it, and that it cannot tell when the list was cut at the limit', () => {
    expect(deliveryOf(7, [entry(1), entry(2)], 100)).toEqual({ kind: 'gone' });
    expect(deliveryOf(7, [entry(1), entry(2)], 2)).toEqual({ kind: 'unknown' });
  });

  it('never says delivered for a message that is not delivered', () => {
    const states = ['pending', 'delivering', 'delivered', 'failed'] as const;
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ seq: fc.nat(50), state: fc.constantFrom(...states), attempts: fc.nat(20) }), { selector: (e) => e.seq, maxLength: 20 }), fc.nat(50), fc.integer({ min: 1, max: 30 }), (list, seq, limit) => {
        const d = deliveryOf(seq, list, limit);
        const m = list.find((e) => e.seq === seq);
        if (d.kind === 'delivered') expect(m?.state).toBe('delivered');
        if (m === undefined) expect(['gone', 'unknown']).toContain(d.kind);
      }),
    );
  });
});
