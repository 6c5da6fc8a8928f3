// Policies and decisions in plain Japanese and English, with the code lists' own labels, so that the people whose
// data it is and the staff who answer for it can read what a policy allows and why a request was decided as it was.
import { message, type Lang, type MessageCode, type MessageParams } from '../i18n/index.ts';
import { participantRoles, purposes, qualityLevels, type Label } from '../model/index.ts';
import { areaNameIn, areaWithCode } from '../model/area-names.ts';
import { builtInDatasets, classOfField, fieldLabel, type DatasetDefinition } from './datasets.ts';
import type { AccessDecision } from './decide-access.ts';
import { durationParts, parseDuration } from './duration.ts';
import { jurisdictionRelations, policyActions, policyPhases, type AggregateAnswer, type Permit, type Policy } from './policy-schema.ts';

export interface RenderOptions {
  /** Names of participants (the policy owner, delegates) by id; the id is shown where none is given. */
  participantNames?: Readonly<Record<string, Label>>;
  /** Names of areas by code (e.g. 172022 → 七尾市 / Nanao City). */
  areaNames?: Readonly<Record<string, Label>>;
  datasets?: ReadonlyMap<string, DatasetDefinition>;
}

export interface RenderedPolicy {
  title: string;
  permits: { id: string; text: string }[];
  /** Title and every permit, one paragraph each. */
  text: string;
}

type Labels = Readonly<Record<string, Label>>;

function labelOf(list: Labels, code: string, lang: Lang): string {
  return Object.hasOwn(list, code) ? list[code]![lang] : code;
}

function lowerFirst(s: string): string {
  return s.length > 0 && !/^[A-Z]{2}/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** "a, b and c" / "a・b・c". */
function joinAll(items: readonly string[], lang: Lang, word: 'and' | 'or' = 'and'): string {
  if (lang === 'ja') return items.join('・');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

function durationText(retention: string, lang: Lang): string {
  const parts = durationParts(retention);
  if (!parts) return retention;
  const out: string[] = [];
  const unit = (n: number, ja: string, en: string) => {
    if (n > 0) out.push(lang === 'ja' ? `${n}${ja}` : `${n} ${en}${n === 1 ? '' : 's'}`);
  };
  unit(parts.weeks, '週間', 'week');
  unit(parts.days, '日', 'day');
  unit(parts.hours, '時間', 'hour');
  unit(parts.minutes, '分', 'minute');
  unit(parts.seconds, '秒', 'second');
  return lang === 'ja' ? out.join('') : out.join(' ');
}

function phaseClause(permit: Permit, lang: Lang): string {
  const declared = permit.phases.filter((p) => p !== 'normal');
  const normal = permit.phases.includes('normal');
  if (normal && declared.length === 3) return lang === 'ja' ? '平常時・災害時を問わず' : 'at all times';
  const names = declared.map((p) => (lang === 'ja' ? policyPhases[p].ja : lowerFirst(policyPhases[p].en)));
  const during =
    lang === 'ja'
      ? `${names.join('・')}の災害宣言が出ている間`
      : `while ${/^[aeiou]/.test(names[0] ?? '') ? 'an' : 'a'} ${joinAll(names, lang, 'or')} declaration is in force`;
  if (!normal) return during;
  if (declared.length === 0) return lang === 'ja' ? '平常時（災害宣言が出ていないとき）' : 'in normal times (no declaration in force)';
  return lang === 'ja' ? `平常時と${during}` : `in normal times and ${during}`;
}

function areaNames(codes: readonly string[] | undefined, lang: Lang, options: RenderOptions): string | undefined {
  if (!codes) return undefined;
  return joinAll(codes.map((c) => options.areaNames?.[c]?.[lang] ?? areaNameIn(c, lang) ?? (lang === 'ja' ? `地域${c}` : `area ${c}`)), lang);
}

function recipients(permit: Permit, lang: Lang, options: RenderOptions): string {
  if (permit.audience === 'public') return lang === 'ja' ? '誰でも（認証なしで）' : 'anyone, without authentication';
  const roles = joinAll(
    permit.roles.map((r) => (lang === 'ja' ? participantRoles[r].ja : lowerFirst(participantRoles[r].en))),
    lang,
    'or',
  );
  const areas = areaNames(permit.areas, lang, options);
  switch (permit.requesterJurisdiction) {
    case 'covers-record-area':
      return lang === 'ja' ? `${areas ?? '対象地域'}を管轄する${roles}` : `any ${roles} with jurisdiction over ${areas ?? "the record's area"}`;
    case 'same-prefecture':
      return lang === 'ja'
        ? `${areas ?? '対象地域'}と同じ都道府県の${roles}`
        : `any ${roles} in the same prefecture as ${areas ?? "the record's area"}`;
    case 'any':
      return lang === 'ja' ? roles : `any ${roles}`;
  }
}

function renderPermit(policy: Policy, permit: Permit, lang: Lang, options: RenderOptions): string {
  const dataset = (options.datasets ?? builtInDatasets).get(policy.dataset);
  const owner = options.participantNames?.[policy.owner]?.[lang] ?? policy.owner;
  const fields = joinAll(permit.fields.map((f) => fieldLabel(dataset, f, lang)), lang);
  const purposeText = joinAll(permit.purposes.map((p) => (lang === 'ja' ? purposes[p].ja : lowerFirst(purposes[p].en))), lang, 'or');
  const who = recipients(permit, lang, options);
  const when = phaseClause(permit, lang);
  const readOnly = permit.actions.length === 1 && permit.actions[0] === 'read';
  const sentences: string[] = [];

  const aggregate = permit.answer?.kind === 'aggregate' ? permit.answer : undefined;
  if (aggregate) {
    sentences.push(...aggregateSentences(owner, aggregate, dataset, { purposeText, who, when }, lang));
  } else if (lang === 'ja') {
    const actions = permit.actions.map((a) => ({ read: '閲覧', 'write-status': '状況の更新', write: '更新' })[a]).join('・');
    const what = readOnly ? `${fields}を提供します` : `${fields}について${actions}を認めます`;
    sentences.push(
      permit.audience === 'public'
        ? `${owner}は、${when}、${purposeText}の目的で、${fields}を${who}閲覧できるようにします。`
        : `${owner}は、${when}、${purposeText}の目的で、${who}に、${what}。`,
    );
  } else {
    const verbs = joinAll(permit.actions.map((a) => ({ read: 'read', 'write-status': 'update the status of', write: 'change' })[a]), lang);
    const what = readOnly ? `provides ${fields} to ${who}` : `allows ${who} to ${verbs} ${fields}`;
    sentences.push(`${owner} ${what}, for ${purposeText}, ${when}.`);
  }

  if (permit.audience === 'public') {
    sentences.push(
      lang === 'ja'
        ? '公開情報だけを対象とし、閲覧のたびに判定して監査ログに記録します。'
        : 'Only public fields are covered; every read is still decided and recorded in the audit log.',
    );
  }
  if ((permit.audience === 'public' || permit.requesterJurisdiction === 'any') && permit.areas) {
    const areas = areaNames(permit.areas, lang, options)!;
    sentences.push(lang === 'ja' ? `対象は${areas}の記録に限ります。` : `This applies only to records in ${areas}.`);
  }
  const retention = parseDuration(permit.retention);
  const seconds = retention.ok ? retention.seconds : 0;
  if (lang === 'ja') {
    const keep = seconds === 0 ? '複製は保存できず' : `複製は${durationText(permit.retention, lang)}以内に削除され`;
    sentences.push(`${keep}、${permit.onwardSharing ? '第三者への提供も認められます' : '第三者提供はできません'}。`);
  } else {
    const keep = seconds === 0 ? 'Copies may not be kept' : `Copies are deleted within ${durationText(permit.retention, lang)}`;
    sentences.push(`${keep} and ${permit.onwardSharing ? 'may be passed on to others' : 'may not be passed on to others'}.`);
  }
  const sensitive = dataset && !aggregate
    ? permit.fields.filter((f) => classOfField(dataset, policy.fieldClasses, f) === 'sensitive').map((f) => fieldLabel(dataset, f, lang))
    : [];
  if (sensitive.length > 0) {
    sentences.push(
      lang === 'ja'
        ? `このうち${joinAll(sensitive, lang)}は要配慮個人情報です。`
        : `Of these, ${joinAll(sensitive, lang)} ${sensitive.length === 1 ? 'is' : 'are'} sensitive personal data.`,
    );
  }
  if (permit.consentRequiredOutsideEmergency && permit.phases.some((p) => p !== 'alert' && p !== 'emergency')) {
    sentences.push(
      lang === 'ja'
        ? '警戒・応急対応の災害宣言が出ていないときは、提供に同意した人の記録に限ります。'
        : 'Without an alert or emergency declaration, only records of persons who consented to sharing are provided.',
    );
  }
  if (permit.recordScope?.requesterIdAt) {
    const f = fieldLabel(dataset, permit.recordScope.requesterIdAt, lang);
    sentences.push(lang === 'ja' ? `「${f}」が受け手自身である記録に限ります。` : `Only records whose ${f} is the recipient itself.`);
  }
  if (permit.recordScope?.quality) {
    const q = joinAll(permit.recordScope.quality.map((l) => (lang === 'ja' ? qualityLevels[l].ja : lowerFirst(qualityLevels[l].en))), lang, 'or');
    sentences.push(lang === 'ja' ? `${q}の記録に限ります。` : `Only ${q} records.`);
  }
  if (permit.delegation === 'not-allowed') {
    sentences.push(lang === 'ja' ? '代理（委任）による利用は認めません。' : 'A delegate may not use this permission.');
  }
  return lang === 'ja' ? sentences.join('') : sentences.join(' ');
}

/** How a grouping field reads in a sentence: the record's area is "area", whatever its code list is called. */
function groupLabel(dataset: DatasetDefinition | undefined, path: string, lang: Lang): string {
  if (dataset?.areaField === path) return lang === 'ja' ? '地域（市区町村など）' : 'area (municipality or the like)';
  return fieldLabel(dataset, path, lang);
}

/** What an aggregate-only permit releases, and what it withholds. */
function aggregateSentences(
  owner: string,
  aggregate: AggregateAnswer,
  dataset: DatasetDefinition | undefined,
  clause: { purposeText: string; who: string; when: string },
  lang: Lang,
): string[] {
  const groups = joinAll(aggregate.groupBy.map((g) => groupLabel(dataset, g, lang)), lang);
  const sums = (aggregate.sum ?? []).map((f) => fieldLabel(dataset, f, lang));
  const m = aggregate.minimumCellSize;
  if (lang === 'ja') {
    const what = sums.length > 0 ? `件数と${joinAll(sums, lang)}の合計` : '件数';
    return [
      `${owner}は、${clause.when}、${clause.purposeText}の目的で、${clause.who}に、${groups}ごとの${what}だけを提供します。`,
      `${m}件未満の区分は伏せ、差し引きで分からないよう必要なら他の区分も伏せます。個々の記録やIDは提供しません。`,
    ];
  }
  const what = sums.length > 0 ? `counts and totals of ${joinAll(sums, lang)}` : 'counts';
  return [
    `${owner} releases only ${what} per ${groups} to ${clause.who}, for ${clause.purposeText}, ${clause.when}.`,
    `Counts under ${m} are withheld, with other groups where needed so that they cannot be worked out by subtraction; no record or id is released.`,
  ];
}

/** A policy as sentences: a title line, then one paragraph per permit. */
export function renderPolicy(policy: Policy, lang: Lang, options: RenderOptions = {}): RenderedPolicy {
  const from = policy.validFrom;
  const until = policy.validUntil;
  const validity =
    lang === 'ja'
      ? from && until ? `、有効期間 ${from}〜${until}` : from ? `、${from}から有効` : until ? `、${until}まで有効` : ''
      : from && until ? `, in force from ${from} to ${until}` : from ? `, in force from ${from}` : until ? `, in force until ${until}` : '';
  const title =
    lang === 'ja'
      ? `${policy.description.ja}（${policy.id} 第${policy.version}版${validity}）`
      : `${policy.description.en} (${policy.id}, version ${policy.version}${validity})`;
  const permits = policy.permits.map((p) => ({ id: p.id, text: renderPermit(policy, p, lang, options) }));
  const none = lang === 'ja' ? 'このポリシーは何も提供しません。' : 'This policy shares nothing.';
  const text = [title, ...(permits.length > 0 ? permits.map((p) => p.text) : [none])].join('\n');
  return { title, permits, text };
}

const aspectLabels: Labels = {
  dataset: { ja: 'データセット', en: 'dataset' },
  purpose: { ja: '目的', en: 'purpose' },
  action: { ja: '操作', en: 'action' },
  area: { ja: '地域', en: 'area' },
};
const partyLabels: Labels = { delegate: { ja: '受任者', en: 'delegate' }, owner: { ja: '委任元', en: 'owner' } };

/**
 * An area code as people read it: its name with the code beside it ("志賀町 (173843)" / "Shika Town (173843)"), from
 * the names the caller passed, else the bundled code tables; the code alone when neither names it.
 */
function areaShown(code: string, lang: Lang, options: RenderOptions): string {
  const given = options.areaNames?.[code]?.[lang];
  return given === undefined ? areaWithCode(code, lang) : `${given} (${code})`;
}

/** The parameters that carry area codes (one, or a list joined by ", "), by message code; `area` and `areas` always. */
const areaListParams: Readonly<Record<string, readonly string[]>> = {
  POLICY_AREA_NOT_COVERED: ['permitted'],
  POLICY_JURISDICTION: ['jurisdiction'],
};

/**
 * Translate code parameters into labels of the reader's language; other parameters are left as they are. Only the
 * words change: the stored reason keeps its language-free parameters (area codes, vocabulary codes).
 */
function labelledParams(code: string, params: MessageParams, lang: Lang, dataset: DatasetDefinition | undefined, options: RenderOptions): MessageParams {
  const items = (v: unknown) => String(v ?? '').split(', ').filter((s) => s !== '');
  const joined = (xs: readonly string[]) => xs.join(lang === 'ja' ? '、' : ', ');
  const list = (v: unknown, labels: Labels) => joined(items(v).map((s) => labelOf(labels, s, lang)));
  const areas = (v: unknown) => joined(items(v).map((c) => areaShown(c, lang, options)));
  const out: Record<string, string | number | undefined> = { ...params };
  const permittedList: Readonly<Record<string, Labels>> = {
    POLICY_PURPOSE_NOT_PERMITTED: purposes,
    POLICY_ROLE_NOT_PERMITTED: participantRoles,
    POLICY_ACTION_NOT_PERMITTED: policyActions,
    POLICY_PHASE_NOT_PERMITTED: policyPhases,
  };
  if (params.purpose !== undefined) out.purpose = list(params.purpose, purposes);
  if (params.role !== undefined) out.role = list(params.role, participantRoles);
  if (params.action !== undefined) out.action = list(params.action, policyActions);
  if (params.phase !== undefined) out.phase = list(params.phase, policyPhases);
  if (params.relation !== undefined) out.relation = list(params.relation, jurisdictionRelations);
  if (params.levels !== undefined) out.levels = list(params.levels, qualityLevels);
  if (params.permitted !== undefined && permittedList[code]) out.permitted = list(params.permitted, permittedList[code]!);
  for (const key of ['area', 'areas', ...(areaListParams[code] ?? []), ...(params.aspect === 'area' ? ['requested', 'allowed'] : [])]) {
    if (params[key] !== undefined) out[key] = areas(params[key]);
  }
  if (params.aspect !== undefined) out.aspect = labelOf(aspectLabels, String(params.aspect), lang);
  if (params.party !== undefined) out.party = labelOf(partyLabels, String(params.party), lang);
  if (params.fields !== undefined) {
    out.fields = String(params.fields)
      .split(', ')
      .filter((s) => s !== '')
      .map((f) => fieldLabel(dataset, f, lang))
      .join(lang === 'ja' ? '、' : ', ');
  }
  if (params.field !== undefined) out.field = fieldLabel(dataset, String(params.field), lang);
  if (code === 'POLICY_PUBLIC_NOT_PERMITTED' && dataset) out.dataset = dataset.label[lang];
  for (const key of ['participant', 'owner', 'delegate'] as const) {
    const id = params[key];
    if (typeof id === 'string' && options.participantNames?.[id]) out[key] = options.participantNames[id]![lang];
  }
  return out;
}

/** Why a decision came out as it did, one sentence per reason, in the reader's language. */
export function renderDecision(decision: AccessDecision, lang: Lang, options: RenderOptions = {}): string[] {
  return renderReasons(decision.dataset, decision.reasons, lang, options);
}

/** The sentences of a decision with each distinct refusal said once (`mergedReasons`): for a text that joins them. */
export function renderDecisionOnce(decision: AccessDecision, lang: Lang, options: RenderOptions = {}): string[] {
  return renderReasons(decision.dataset, mergedReasons(decision.reasons), lang, options);
}

type ReasonLike = { code: string; params: Readonly<Record<string, string | number | boolean | undefined>> };

/**
 * One reason per distinct refusal: a decision tries every permit of a policy, and each permit that differs only in
 * what it permits (purposes, roles, actions, phases) gives the same sentence with another list — said once, with the
 * permitted values of all of them; a reason repeated word for word is said once.
 */
export function mergedReasons<R extends ReasonLike>(reasons: readonly R[]): R[] {
  const out: R[] = [];
  const byKey = new Map<string, number>();
  for (const r of reasons) {
    const { permitted, ...rest } = r.params;
    const key = JSON.stringify([r.code, Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), permitted === undefined]);
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, out.length);
      out.push(r);
      continue;
    }
    if (permitted === undefined) continue;
    const seen = String(out[at]!.params.permitted ?? '').split(', ').filter((v) => v !== '');
    const more = String(permitted).split(', ').filter((v) => v !== '' && !seen.includes(v));
    if (more.length > 0) out[at] = { ...out[at]!, params: { ...out[at]!.params, permitted: [...seen, ...more].join(', ') } };
  }
  return out;
}

/** The same sentences for reasons kept apart from their decision (an audit entry's), codes labelled alike. */
export function renderReasons(
  datasetName: string,
  reasons: readonly ReasonLike[],
  lang: Lang,
  options: RenderOptions = {},
): string[] {
  const dataset = (options.datasets ?? builtInDatasets).get(datasetName);
  return reasons.map((r) => {
    const params: Record<string, string | number | undefined> = {};
    for (const [k, v] of Object.entries(r.params)) params[k] = typeof v === 'boolean' ? String(v) : v;
    return message(r.code as MessageCode, labelledParams(r.code, params, lang, dataset, options), lang);
  });
}
