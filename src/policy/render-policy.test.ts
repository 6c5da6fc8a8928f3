import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAccess } from './decide-access.ts';
import { mergedReasons, renderDecision, renderPolicy, renderReasons, type RenderOptions } from './render-policy.ts';
import { NANAO, NOTO_NOW, compiledExamplePolicies, declaration, delegation, examplePolicies, participants as p } from './test-fixtures.ts';
import type { AreaCode } from '../model/index.ts';
import type { Policy } from './policy-schema.ts';

const persons = examplePolicies.find((x) => x.id === 'nanao-persons')!;
const names: RenderOptions = {
  participantNames: {
    'jp-172022-nanao-city': { ja: '七尾市', en: 'Nanao City' },
    'jp-172049-wajima-city': { ja: '輪島市', en: 'Wajima City' },
  },
  areaNames: { '172022': { ja: '七尾市', en: 'Nanao City' } },
};
const textOf = (id: string, lang: 'ja' | 'en') => renderPolicy(persons, lang, names).permits.find((x) => x.id === id)!.text;

describe('renderPolicy', () => {
  it('says in Japanese who gets what, when, for which purpose, and for how long', () => {
    expect(textOf('emergency-life-saving', 'ja')).toBe(
      '七尾市は、応急対応の災害宣言が出ている間、人命救助・避難支援の目的で、七尾市を管轄する都道府県・国の機関・市区町村に、' +
        '氏名・住所・位置・連絡先・支援が必要な事項・要介護度・避難行動要支援者名簿への掲載・安否情報を提供します。' +
        '複製は72時間以内に削除され、第三者提供はできません。' +
        'このうち支援が必要な事項・要介護度・避難行動要支援者名簿への掲載は要配慮個人情報です。',
    );
  });

  it('says the same in English', () => {
    expect(textOf('emergency-life-saving', 'en')).toBe(
      'Nanao City provides name, address, location, contact details, kinds of care needed, care level, listing as needing evacuation support ' +
        'and safety status to any prefecture, national agency or municipality with jurisdiction over Nanao City, for life-saving or evacuation ' +
        'support, while an emergency declaration is in force. Copies are deleted within 72 hours and may not be passed on to others. ' +
        'Of these, kinds of care needed, care level and listing as needing evacuation support are sensitive personal data.',
    );
  });

  it('explains the normal-time list: consent only, the city only, no delegates', () => {
    const ja = textOf('normal-consented-list', 'ja');
    expect(ja).toContain('平常時（災害宣言が出ていないとき）');
    expect(ja).toContain('七尾市を管轄する市区町村に');
    expect(ja).toContain('提供に同意した人の記録に限ります');
    expect(ja).toContain('代理（委任）による利用は認めません');
    expect(textOf('normal-consented-list', 'en')).toContain('only records of persons who consented to sharing are provided');
  });

  it('explains record scopes and write permissions', () => {
    expect(textOf('dialysis-continuity', 'ja')).toContain('「透析施設」が受け手自身である記録に限ります');
    expect(textOf('training-synthetic', 'en')).toContain('Only synthetic (training/demo) records.');
    expect(textOf('emergency-safety-status', 'ja')).toContain('安否情報について状況の更新を認めます');
  });

  it('falls back to ids when no names are given, and to the bundled code tables for areas', () => {
    const r = renderPolicy(persons, 'ja');
    expect(r.title).toBe('七尾市 要配慮者名簿の利用ポリシー（nanao-persons 第3版、2023-04-01T00:00:00+09:00から有効）');
    expect(r.permits[0]!.text.startsWith('jp-172022-nanao-cityは、')).toBe(true);
    expect(r.permits[0]!.text).toContain('七尾市を管轄する');
    expect(renderPolicy(persons, 'en').permits[0]!.text).toContain('with jurisdiction over Nanao City');
    const unnamed: Policy = { ...persons, permits: persons.permits.map((x) => ({ ...x, areas: ['179999' as AreaCode] })) };
    expect(renderPolicy(unnamed, 'ja').permits[0]!.text).toContain('地域179999を管轄する');
    expect(r.text.split('\n')).toHaveLength(1 + persons.permits.length);
  });
});

describe('renderDecision', () => {
  it('explains an allowance with labels in the reader’s language', () => {
    const d = decideAccess(
      { requester: p.wajimaCity, onBehalfOf: { owner: p.nanaoCity, delegation: delegation() }, purpose: 'life-saving', action: 'read', dataset: 'persons', fields: ['name', 'care'], recordAreas: [NANAO], requestId: 'r' },
      { policies: compiledExamplePolicies, declarations: [declaration('emergency', [NANAO])], now: NOTO_NOW },
    );
    const ja = renderDecision(d, 'ja', names);
    expect(ja[0]).toContain('目的: 人命救助');
    expect(ja).toContain('輪島市 が 七尾市 に代わって利用します（委任 deleg-nanao-to-wajima）');
    expect(ja.at(-1)).toContain('透析情報');
    const en = renderDecision(d, 'en', names);
    expect(en).toContain('Delegate Wajima City acts on behalf of owner Nanao City (delegation deleg-nanao-to-wajima)');
  });

  it('explains a denial by the nearest miss first, with nothing left unfilled', () => {
    const d = decideAccess(
      { requester: p.ishikawaPref, purpose: 'life-saving', action: 'read', dataset: 'persons', fields: '*', recordAreas: [NANAO], requestId: 'r' },
      { policies: compiledExamplePolicies, declarations: [declaration('alert', [NANAO])], now: NOTO_NOW },
    );
    const ja = renderDecision(d, 'ja');
    expect(ja[0]).toBe('地域 七尾市 (172022) は現在「警戒」の局面で、この許可の局面（応急対応）に当たりません');
    expect(renderDecision(d, 'en')[0]).toBe('Area Nanao City (172022) is in the "Alert" phase, not one this permit applies in (Emergency)');
    for (const line of [...ja, ...renderDecision(d, 'en')]) expect(line).not.toMatch(/{{|}}/);
  });
});

describe('areas in reasons, by name with their codes', () => {
  const notCovered = { code: 'POLICY_AREA_NOT_COVERED', params: { area: '173843', permitted: '172022, 172049' } };

  it('names the area and the permit’s areas in Japanese and in English, the codes beside the names', () => {
    expect(renderReasons('persons', [notCovered], 'ja')).toEqual(['地域 志賀町 (173843) はこの許可の対象地域（七尾市 (172022)、輪島市 (172049)）に含まれません']);
    expect(renderReasons('persons', [notCovered], 'en')).toEqual(['Area Shika Town (173843) is outside the areas of this permit (Nanao City (172022), Wajima City (172049))']);
  });

  it('leaves the stored reason’s parameters as they were: the names are words of the rendering only', () => {
    const stored = structuredClone(notCovered);
    renderReasons('persons', [stored], 'en');
    expect(stored).toEqual(notCovered);
  });

  it('names areas in a jurisdiction, a delegation’s scope and a missing declaration, and keeps a code no table knows', () => {
    const [jurisdiction, scope, declaration] = renderReasons('persons', [
      { code: 'POLICY_JURISDICTION', params: { participant: 'x', jurisdiction: '170003', area: '179999', relation: 'covers-record-area' } },
      { code: 'POLICY_DELEGATION_SCOPE', params: { delegation: 'd1', aspect: 'area', requested: '173843', allowed: '172022' } },
      { code: 'POLICY_DELEGATION_NO_DECLARATION', params: { delegation: 'd1', area: 'PH0803747' } },
    ], 'en');
    expect(jurisdiction).toContain('(Ishikawa Prefecture (170003))');
    expect(jurisdiction).toContain('for area 179999');
    expect(scope).toBe('Outside the scope of delegation d1 (area: requested Shika Town (173843), delegated Nanao City (172022))');
    expect(declaration).toContain('covers area City of Tacloban (PH0803747)');
  });

  it('prefers the names the caller passes over the bundled ones', () => {
    expect(renderReasons('persons', [notCovered], 'en', { areaNames: { '173843': { ja: '志賀', en: 'Shika' } } })[0]).toContain('Area Shika (173843)');
  });

  it('never leaves a placeholder unfilled, and shows every code it was given, for any list of area codes', () => {
    const codes = [...'0123456789'].map((d) => `17${d}0${d}${d}`).concat(['172022', '173843', 'PH08', 'JP']);
    fc.assert(
      fc.property(fc.subarray(codes, { minLength: 1 }), fc.constantFrom(...codes), fc.constantFrom('ja' as const, 'en' as const), (permitted, area, lang) => {
        const [line] = renderReasons('persons', [{ code: 'POLICY_AREA_NOT_COVERED', params: { area, permitted: permitted.join(', ') } }], lang);
        expect(line).not.toMatch(/{{|}}/);
        for (const c of [area, ...permitted]) expect(line).toContain(c);
      }),
    );
  });
});

describe('reasons said once', () => {
  const purpose = (permitted: string) => ({ code: 'POLICY_PURPOSE_NOT_PERMITTED', params: { purpose: 'life-saving', permitted } });

  it('says a refusal that each permit gives with another list once, with every permitted value', () => {
    const reasons = [purpose('evacuation-support'), purpose('medical-continuity'), { code: 'POLICY_ACTION_NOT_PERMITTED', params: { action: 'read', permitted: 'write-status' } }, purpose('statistics, evacuation-support')];
    expect(mergedReasons(reasons)).toEqual([purpose('evacuation-support, medical-continuity, statistics'), reasons[2]]);
    const ja = renderReasons('persons', mergedReasons(reasons), 'ja');
    expect(renderReasons('persons', reasons, 'ja')).toHaveLength(4); // one sentence per reason, for lists that keep each reason's code
    expect(ja).toHaveLength(2);
    expect(ja[0]).toBe('目的「人命救助」は許可されていません（許可されている目的: 避難支援、医療継続、統計）');
  });

  it('keeps refusals that differ in anything but the permitted list apart, and drops exact repeats', () => {
    const other = { code: 'POLICY_PURPOSE_NOT_PERMITTED', params: { purpose: 'statistics', permitted: 'evacuation-support' } };
    expect(mergedReasons([purpose('evacuation-support'), other, purpose('evacuation-support')])).toEqual([purpose('evacuation-support'), other]);
  });
});
