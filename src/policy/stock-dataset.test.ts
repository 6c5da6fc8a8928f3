import { describe, expect, it } from 'vitest';
import { builtInDatasets, fieldLabel } from './datasets.ts';
import { parsePolicy } from './policy-schema.ts';

/** A municipality sharing its stockpile lines with logistics firms and the prefecture for supply logistics. */
const stockPolicy = {
  id: 'nanao-stock',
  version: 1,
  owner: 'jp-172022-nanao-city',
  dataset: 'stock',
  description: { ja: '七尾市 備蓄物資の利用ポリシー（例）', en: 'Nanao City: usage policy for its stockpiles (example)' },
  fieldClasses: { heldAt: 'public', areaCode: 'public', location: 'public', item: 'public', quantity: 'public', unit: 'public' },
  permits: [
    {
      id: 'supply-logistics',
      purposes: ['supply-logistics'],
      roles: ['logistics-firm', 'prefecture', 'municipality'],
      actions: ['read'],
      requesterJurisdiction: 'any',
      phases: ['normal', 'alert', 'emergency', 'recovery'],
      fields: ['heldAt', 'areaCode', 'location', 'item', 'quantity', 'unit', 'reserved', 'expiresOn', 'allergens'],
      retention: 'P7D',
      onwardSharing: false,
      consentRequiredOutsideEmergency: false,
    },
  ],
  validFrom: '2023-04-01T00:00:00+09:00',
};

describe('the stock dataset', () => {
  it('is one policies can govern, with the stock fields and their labels', () => {
    const r = parsePolicy(stockPolicy);
    expect(r.ok ? [] : r.problems).toEqual([]);
    const stock = builtInDatasets.get('stock')!;
    expect(stock.areaField).toBe('areaCode');
    expect(stock.paths.has('allergens.contains')).toBe(true);
    expect(fieldLabel(stock, 'reserved', 'ja')).toBe('引当済みの数量');
  });

  it('refuses a permit for a field stock lines do not have', () => {
    const wrong = { ...stockPolicy, permits: [{ ...stockPolicy.permits[0]!, fields: ['item', 'price'] }] };
    const r = parsePolicy(wrong);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => [p.code, p.path])).toEqual([['POLICY_SCHEMA_UNKNOWN_FIELD', '/permits/0/fields/1']]);
  });
});
