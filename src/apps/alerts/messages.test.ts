import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReasons } from '../../policy/index.ts';
import { alertsMessages } from './messages.ts';

const drafted = (unmetNeeds: string) => ({ report: 'sr-1', by: '七尾 花子', areas: '172022, 173843', persons: 3, unmetNeeds });

describe('the alerts application’s audit texts', () => {
  it('says what a drafted report had for unmet needs, its state in the reader’s language', () => {
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('no-plan'), 'ja')).toBe(
      '七尾 花子 が状況報告 sr-1（地域 172022, 173843、要配慮者 3 人、充足されない需要: 供給計画なし）の下書きを作成',
    );
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('no-plan'), 'en')).toBe(
      '七尾 花子 drafted situation report sr-1 (areas 172022, 173843, 3 persons requiring care, unmet needs: no supply plan)',
    );
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('not-installed'), 'en')).toContain('unmet needs: no logistics on this node');
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('needs-against-stock'), 'ja')).toContain('充足されない需要: 需要と把握している在庫の比較');
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('failed'), 'en')).toContain('unmet needs: not available from logistics');
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('-'), 'ja')).toContain('充足されない需要: 報告に項目なし');
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('not-for-exercise'), 'en')).toContain('unmet needs: not gathered for an exercise or test');
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted('not-for-exercise'), 'ja')).toContain('充足されない需要: 訓練・試験のため集めず');
  });

  it('names the supply plan a report took its unmet needs from', () => {
    const plan = 'plan-0d6f2a4e-1b7c-4f3e-9a51-2f0c8e7d6b5a';
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted(plan), 'ja')).toContain(`充足されない需要: 供給計画 ${plan}）`);
    expect(alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted(plan), 'en')).toContain(`unmet needs: supply plan ${plan})`);
  });

  it('renders any unmet-needs value without a placeholder left, the value itself shown when it is not a state', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('{') && !s.includes('}')), fc.constantFrom('ja' as const, 'en' as const), (value, lang) => {
        const text = alertsMessages.text('ALERTS_REPORT_DRAFTED', drafted(value), lang);
        expect(text).not.toMatch(/{{|}}|alertsUnmetNeeds/);
        if (!['not-installed', 'no-plan', 'not-for-exercise', 'needs-against-stock', 'failed', '-'].includes(value)) expect(text).toContain(value);
      }),
    );
  });

  it('in an audit entry’s words, names the report’s areas and keeps the stored parameters language-free', () => {
    const reason = { code: 'ALERTS_REPORT_DRAFTED', params: drafted('no-plan') };
    const stored = structuredClone(reason);
    const [ja] = renderReasons('persons', [reason], 'ja');
    const [en] = renderReasons('persons', [reason], 'en');
    expect(ja).toContain('地域 七尾市 (172022)、志賀町 (173843)');
    expect(en).toContain('areas Nanao City (172022), Shika Town (173843)');
    expect(en).toContain('unmet needs: no supply plan');
    expect(reason).toEqual(stored);
  });

  it('says in Japanese, not with an English "(polygon)", that a subscription was made by polygon', () => {
    const params = { provider: 'jp-170003-ishikawa-pref', id: 's1', areas: '172022', expiresAt: '2024-01-10T00:00:00Z' };
    const ja = alertsMessages.text('ALERTS_SUBSCRIBED_POLYGON_AUDIT_REASON', params, 'ja');
    expect(ja).toContain('多角形の範囲');
    expect(ja).not.toMatch(/polygon/i);
    expect(alertsMessages.text('ALERTS_SUBSCRIBED_POLYGON_AUDIT_REASON', params, 'en')).toContain('within a polygon');
    expect(renderReasons('alerts', [{ code: 'ALERTS_SUBSCRIBED_POLYGON_AUDIT_REASON', params }], 'en')[0]).toContain('areas Nanao City (172022) inside it');
  });
});
