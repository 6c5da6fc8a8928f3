// Alert: a hazard warning or information message (OASIS CAP 1.2 or JMA 防災情報XML) as one record type, with its
// areas as local-government codes and the original codes kept, its signature state and its place in an update chain.
import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeSchema } from './area-code.ts';
import { codeSchema } from './codes.ts';
import { DateTimeSchema } from './common.ts';
import { LonLatSchema, PolygonSchema } from './geo.ts';
import type { CodeList } from './labels.ts';

export const alertFormats = {
  cap: { ja: 'CAP 1.2', en: 'CAP 1.2' },
  jma: { ja: '気象庁防災情報XML', en: 'JMA disaster information XML' },
} as const satisfies CodeList<string>;
export type AlertFormat = keyof typeof alertFormats;

/** CAP's <status>; JMA 通常 → actual, 訓練 → exercise, 試験 → test. */
export const alertStatuses = {
  actual: { ja: '実際', en: 'Actual' },
  exercise: { ja: '訓練', en: 'Exercise' },
  test: { ja: '試験', en: 'Test' },
  system: { ja: 'システム', en: 'System' },
  draft: { ja: '下書き', en: 'Draft' },
} as const satisfies CodeList<string>;
export type AlertStatus = keyof typeof alertStatuses;

/** CAP's <msgType> (Ack and Error are not alerts and are refused); JMA 発表 → alert, 訂正 → update, 取消 → cancel. */
export const alertMessageTypes = {
  alert: { ja: '発表', en: 'Alert' },
  update: { ja: '更新・訂正', en: 'Update' },
  cancel: { ja: '取消', en: 'Cancel' },
} as const satisfies CodeList<string>;
export type AlertMessageType = keyof typeof alertMessageTypes;

/** Whether a stored alert still stands or a later message replaced or withdrew it. */
export const alertStates = {
  'in-force': { ja: '有効', en: 'In force' },
  superseded: { ja: '更新済み', en: 'Superseded' },
  cancelled: { ja: '取消済み', en: 'Cancelled' },
} as const satisfies CodeList<string>;
export type AlertState = keyof typeof alertStates;

export const alertKinds = {
  'earthquake-intensity': { ja: '震度速報・各地の震度', en: 'Seismic intensity' },
  hypocentre: { ja: '震源', en: 'Hypocentre' },
  'earthquake-early-warning': { ja: '緊急地震速報', en: 'Earthquake early warning' },
  'major-tsunami-warning': { ja: '大津波警報', en: 'Major tsunami warning' },
  'tsunami-warning': { ja: '津波警報', en: 'Tsunami warning' },
  'tsunami-advisory': { ja: '津波注意報', en: 'Tsunami advisory' },
  'tsunami-forecast': { ja: '津波予報', en: 'Tsunami forecast' },
  'tsunami-information': { ja: '津波情報', en: 'Tsunami information' },
  'weather-emergency-warning': { ja: '気象特別警報', en: 'Weather emergency warning' },
  'weather-warning': { ja: '気象警報', en: 'Weather warning' },
  'weather-advisory': { ja: '気象注意報', en: 'Weather advisory' },
  'landslide-alert': { ja: '土砂災害警戒情報', en: 'Landslide alert' },
  'river-flood-forecast': { ja: '指定河川洪水予報', en: 'River flood forecast' },
  // CAP 1.2 <category> values, for alerts from other services.
  'cap-geo': { ja: '地象', en: 'Geophysical' },
  'cap-met': { ja: '気象', en: 'Meteorological' },
  'cap-safety': { ja: '安全', en: 'Safety' },
  'cap-security': { ja: '保安', en: 'Security' },
  'cap-rescue': { ja: '救助', en: 'Rescue and recovery' },
  'cap-fire': { ja: '火災', en: 'Fire' },
  'cap-health': { ja: '保健', en: 'Health' },
  'cap-env': { ja: '環境', en: 'Environment' },
  'cap-transport': { ja: '交通', en: 'Transport' },
  'cap-infra': { ja: 'インフラ', en: 'Infrastructure' },
  'cap-cbrne': { ja: 'CBRNE', en: 'CBRNE' },
  'cap-other': { ja: 'その他', en: 'Other' },
} as const satisfies CodeList<string>;
export type AlertKind = keyof typeof alertKinds;

export const alertSeverities = {
  extreme: { ja: '極めて重大', en: 'Extreme' },
  severe: { ja: '重大', en: 'Severe' },
  moderate: { ja: '中程度', en: 'Moderate' },
  minor: { ja: '軽微', en: 'Minor' },
  unknown: { ja: '不明', en: 'Unknown' },
} as const satisfies CodeList<string>;
export type AlertSeverity = keyof typeof alertSeverities;

export const alertUrgencies = {
  immediate: { ja: '直ちに', en: 'Immediate' },
  expected: { ja: '間もなく', en: 'Expected' },
  future: { ja: '将来', en: 'Future' },
  past: { ja: '過去', en: 'Past' },
  unknown: { ja: '不明', en: 'Unknown' },
} as const satisfies CodeList<string>;
export type AlertUrgency = keyof typeof alertUrgencies;

export const alertCertainties = {
  observed: { ja: '観測', en: 'Observed' },
  likely: { ja: '可能性高', en: 'Likely' },
  possible: { ja: '可能性あり', en: 'Possible' },
  unlikely: { ja: '可能性低', en: 'Unlikely' },
  unknown: { ja: '不明', en: 'Unknown' },
} as const satisfies CodeList<string>;
export type AlertCertainty = keyof typeof alertCertainties;

/** A message as its sender names it: CAP's sender,identifier,sent triple; JMA's office, EventID and report time. */
export const AlertReferenceSchema = Type.Object(
  {
    sender: Type.String({ minLength: 1 }),
    identifier: Type.String({ minLength: 1 }),
    sent: Type.Optional(Type.String({ description: 'as written by the sender' })),
  },
  { additionalProperties: false },
);
export type AlertReference = Static<typeof AlertReferenceSchema>;

/** One area as the message named it, with the local-government codes it covers where a code table knows them. */
export const AlertAreaSchema = Type.Object(
  {
    name: Type.Optional(Type.String()),
    codeType: Type.Optional(Type.String({ description: "the source's code list, e.g. 津波予報区 or CAP geocode valueName" })),
    code: Type.Optional(Type.String({ description: 'the original code, unchanged' })),
    areaCodes: Type.Array(AreaCodeSchema, { uniqueItems: true, description: 'municipalities this area covers; empty when no table maps it' }),
  },
  { additionalProperties: false },
);
export type AlertArea = Static<typeof AlertAreaSchema>;

export const AlertCircleSchema = Type.Object(
  { center: LonLatSchema, radiusKm: Type.Number({ minimum: 0 }) },
  { additionalProperties: false, description: 'CAP <circle>, centre in [lon, lat]' },
);

export const SignatureStateSchema = Type.Union([
  Type.Object({ state: Type.Literal('unsigned') }, { additionalProperties: false }),
  Type.Object({ state: Type.Literal('valid'), signer: Type.String({ description: 'certificate subject or key the signature verified with' }) }, { additionalProperties: false }),
  Type.Object({ state: Type.Literal('invalid'), reason: Type.String() }, { additionalProperties: false }),
]);
export type SignatureState = Static<typeof SignatureStateSchema>;

export const IntensityByAreaSchema = Type.Object(
  {
    code: Type.String({ description: 'JMA 市町村等 (7 digits) or 地震情報／細分区域 code' }),
    name: Type.String(),
    maxIntensity: Type.String({ description: 'JMA seismic intensity class: 1, 2, 3, 4, 5-, 5+, 6-, 6+, 7, or 5+未入電 and similar as sent' }),
    areaCode: Type.Optional(AreaCodeSchema),
  },
  { additionalProperties: false },
);

export const TsunamiForecastSchema = Type.Object(
  {
    code: Type.String({ description: '津波予報区 code' }),
    name: Type.String(),
    grade: Type.String({ description: 'e.g. 大津波警報, 津波警報, 津波注意報, 津波予報（若干の海面変動）, as sent' }),
    gradeCode: Type.Optional(Type.String()),
    expectedArrival: Type.Optional(Type.String({ description: 'ISO 8601 time, or the condition text (e.g. 津波到達中と推測)' })),
    expectedHeight: Type.Optional(Type.String({ description: 'metres, or the description (e.g. 巨大) when JMA gives no number' })),
  },
  { additionalProperties: false },
);

export const WarningsByAreaSchema = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    warnings: Type.Array(Type.Object({ name: Type.String(), code: Type.Optional(Type.String()), status: Type.Optional(Type.String()) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const JmaDetailsSchema = Type.Object(
  {
    telegramKind: Type.String({ description: 'e.g. VXSE53' }),
    controlTitle: Type.String(),
    editorialOffice: Type.Optional(Type.String()),
    publishingOffice: Type.String(),
    eventId: Type.Optional(Type.String()),
    serial: Type.Optional(Type.Integer({ minimum: 0 })),
    infoType: Type.Union([Type.Literal('発表'), Type.Literal('訂正'), Type.Literal('取消'), Type.Literal('遅延')]),
    infoKind: Type.String(),
    reportDateTime: DateTimeSchema,
    hypocentre: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String()),
          coordinate: Type.Optional(Type.String({ description: 'ISO 6709 as sent, e.g. +37.5+137.2-10000/' })),
          position: Type.Optional(LonLatSchema),
          magnitude: Type.Optional(Type.String()),
          originTime: Type.Optional(DateTimeSchema),
        },
        { additionalProperties: false },
      ),
    ),
    maxIntensity: Type.Optional(Type.String()),
    intensities: Type.Array(IntensityByAreaSchema),
    tsunami: Type.Array(TsunamiForecastSchema),
    warnings: Type.Array(WarningsByAreaSchema),
  },
  { additionalProperties: false },
);
export type JmaDetails = Static<typeof JmaDetailsSchema>;

export const AlertSchema = Type.Object(
  {
    format: codeSchema(alertFormats, 'Message format'),
    identifier: Type.String({ minLength: 1, description: "the sender's message identifier (CAP identifier; JMA EventID or office + time)" }),
    sender: Type.String({ minLength: 1 }),
    sent: DateTimeSchema,
    status: codeSchema(alertStatuses, 'Alert status'),
    messageType: codeSchema(alertMessageTypes, 'Message type'),
    references: Type.Array(AlertReferenceSchema, { description: 'earlier messages this one updates or cancels' }),
    state: codeSchema(alertStates, 'Whether a later message replaced this one'),
    replacedBy: Type.Optional(AlertReferenceSchema),
    kinds: Type.Array(codeSchema(alertKinds, 'Alert kind'), { minItems: 1, uniqueItems: true }),
    event: Type.Optional(Type.String({ description: 'CAP <event> or JMA title, as sent' })),
    severity: codeSchema(alertSeverities, 'Severity'),
    urgency: codeSchema(alertUrgencies, 'Urgency'),
    certainty: codeSchema(alertCertainties, 'Certainty'),
    headline: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    language: Type.Optional(Type.String()),
    effective: Type.Optional(DateTimeSchema),
    onset: Type.Optional(DateTimeSchema),
    expires: Type.Optional(DateTimeSchema),
    areaCodes: Type.Array(AreaCodeSchema, { uniqueItems: true, description: 'every municipality the alert covers (union of the areas)' }),
    areas: Type.Array(AlertAreaSchema),
    polygons: Type.Array(PolygonSchema),
    circles: Type.Array(AlertCircleSchema),
    signature: SignatureStateSchema,
    jma: Type.Optional(JmaDetailsSchema),
  },
  { additionalProperties: false, $id: 'Alert' },
);
export type Alert = Static<typeof AlertSchema>;

/**
 * The alerts of one status only. A situation picture is built for one status (real alerts, or one exercise), so
 * there is no "all statuses" selection: asking for actual alerts can never return an exercise or a test.
 */
export function alertsOfStatus<T extends { data: Alert }>(records: readonly T[], status: AlertStatus): T[] {
  return records.filter((r) => r.data.status === status);
}
