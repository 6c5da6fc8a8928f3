// The operator API's answers as schemas, in one place: the routes declare them (validation of what they send,
// OpenAPI) and the console takes its types from them (web/src/api.ts: Static<typeof …>), so the two cannot drift.
// Pure: TypeBox and the model's wire types only, so the console's build can read it.
import { Type, type Static } from '@sinclair/typebox';
import { AccessTermsSchema } from '../../policy/access-terms.ts';
import { AggregateTableSchema } from '../../policy/aggregate-table.ts';
import { HazardSchema, PhaseSchema } from '../../model/codes.ts';

export const TextPair = Type.Object({ ja: Type.String(), en: Type.String() });

export const Geometry = Type.Object(
  { type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]), coordinates: Type.Array(Type.Unknown()) },
  { description: 'GeoJSON Polygon or MultiPolygon, [lon, lat] WGS84' },
);

export const DeclarationSummarySchema = Type.Object({
  id: Type.String(),
  issuer: Type.String({ description: 'participant id of the issuer' }),
  issuerName: Type.Optional(TextPair),
  title: Type.Optional(Type.Object({ ja: Type.Optional(Type.String()), en: Type.Optional(Type.String()) })),
  hazard: Type.String(),
  phase: Type.String(),
  areas: Type.Array(Type.String(), { description: 'area codes' }),
  areaNames: Type.Optional(
    Type.Array(Type.String(), { description: "each area in the reader's language, named after the municipality or prefecture whose node serves exactly that area; the code where none does" }),
  ),
  validFrom: Type.String({ description: 'issuedAt of the declaration' }),
  validUntil: Type.Optional(Type.String({ description: 'expiresAt of the declaration' })),
  area: Type.Optional(Geometry),
  active: Type.Boolean({ description: 'in force now and weighed by the access gate' }),
});

export const Peer = Type.Object({
  participantId: Type.String(),
  name: TextPair,
  role: Type.String(),
  nodeUrl: Type.String(),
});

export const InstalledApplication = Type.Object({
  id: Type.String(),
  name: TextPair,
  console: Type.Optional(Type.Object({ route: Type.String({ description: 'the page path in the console (#/route)' }), label: TextPair })),
});

/** A trust list the node holds: its version, how old it is, and why the last fetch from the anchor failed, if it did. */
export const TrustListStateSchema = Type.Object(
  {
    anchorId: Type.String(),
    trustListId: Type.String(),
    via: Type.Optional(Type.Union([Type.Literal('configuration'), Type.Literal('recognition')])),
    version: Type.Optional(Type.Integer()),
    issuedAt: Type.Optional(Type.String()),
    ageSeconds: Type.Optional(Type.Integer()),
    stale: Type.Boolean(),
    lastConfirmedAt: Type.Optional(Type.String()),
    lastProblem: Type.Optional(Type.Object({ code: Type.String(), params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])) })),
  },
  { additionalProperties: true },
);

export const SessionResponse = Type.Object({
  node: Type.Object({
    id: Type.String(),
    name: TextPair,
    timeZone: Type.String({ description: 'IANA time zone the console shows times in (TSUNAGU_TIME_ZONE; default Asia/Tokyo)' }),
  }),
  anchor: Type.Optional(
    Type.Object({ anchorId: Type.String(), trustListId: Type.String() }, { description: 'set on a node that serves a trust anchor: the console offers its page (#/trust)' }),
  ),
  declarations: Type.Array(DeclarationSummarySchema, { description: 'declarations in force now' }),
  peers: Type.Array(Peer, { description: 'nodes this node may ask (itself included), from the trust list' }),
  applications: Type.Array(InstalledApplication, { description: 'applications installed on this node, with their console pages' }),
  trustLists: Type.Optional(
    Type.Array(TrustListStateSchema, { description: 'the trust lists this node holds, their version and age, and why the last fetch failed if it did' }),
  ),
});

export const DeclarationsResponse = Type.Object({ items: Type.Array(DeclarationSummarySchema) });

export const AuditItem = Type.Object({
  actionLabel: Type.Optional(Type.String({ description: "the action in the reader's language, when it is a policy action" })),
  datasetLabel: Type.Optional(Type.String({ description: "the dataset's name in the reader's language" })),
  fieldLabels: Type.Optional(Type.Array(Type.String(), { description: "the fields' names in the reader's language, in the order of fields" })),
  seq: Type.Integer(),
  at: Type.String({ description: 'UTC instant of the entry' }),
  kind: Type.String(),
  kindLabel: Type.Optional(Type.String()),
  requester: Type.String(),
  requesterName: Type.Optional(TextPair),
  onBehalfOf: Type.Optional(Type.String()),
  purpose: Type.String(),
  purposeLabel: Type.Optional(Type.String({ description: "the purpose in the reader's language" })),
  action: Type.String(),
  dataset: Type.String(),
  decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
  reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  fields: Type.Array(Type.String(), { description: 'granted (allow) or asked for (deny)' }),
  count: Type.Integer({ description: 'records concerned' }),
  recordIds: Type.Optional(Type.Array(Type.String())),
  policy: Type.Optional(Type.Object({ id: Type.String(), version: Type.Integer() })),
  declarationId: Type.Optional(Type.String()),
  delegationId: Type.Optional(Type.String()),
  requestId: Type.String(),
  hash: Type.String({ description: 'the entry hash in the chain (verify with tsunagu audit verify)' }),
});

export const SummaryRow = Type.Object({
  requester: Type.String(),
  requesterName: Type.Optional(TextPair),
  purpose: Type.String(),
  purposeLabel: Type.Optional(Type.String()),
  decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
  count: Type.Integer({ description: 'requests decided' }),
  records: Type.Integer({ description: 'records concerned, summed' }),
  first: Type.String(),
  last: Type.String(),
});

export const AuditResponse = Type.Object({
  items: Type.Array(AuditItem),
  next: Type.Optional(Type.String({ description: 'pass as `cursor` for the next page' })),
  summary: Type.Optional(Type.Array(SummaryRow, { description: 'on the first page: the same filter counted per requester × purpose × decision' })),
});

export const CatalogDataset = Type.Object({
  id: Type.String(),
  title: TextPair,
  recordType: Type.Optional(Type.String()),
  recordCount: Type.Optional(Type.Integer()),
  policySummary: Type.Object({ ja: Type.String(), en: Type.String() }, { description: 'the governing policies in plain language' }),
});

export const MissingNode = Type.Object({
  participantId: Type.String(),
  name: Type.Optional(TextPair),
  reason: Type.String({ description: 'timeout, unreachable, refused or invalid-response' }),
  detail: Type.String({ description: "why, in the reader's language" }),
});

export const CatalogResponse = Type.Object({
  nodes: Type.Array(Type.Object({ participantId: Type.String(), name: TextPair, datasets: Type.Array(CatalogDataset) })),
  missing: Type.Array(MissingNode),
});

export const Reason = Type.Object({ code: Type.String(), message: Type.String() });

export const QueryResponse = Type.Union([
  Type.Object({
    outcome: Type.Literal('allowed'),
    items: Type.Array(Type.Object({}, { additionalProperties: true, description: "a record as the provider's policy lets it out" })),
    next: Type.Optional(Type.String()),
    access: AccessTermsSchema,
  }),
  Type.Object({
    outcome: Type.Literal('aggregated'),
    aggregate: AggregateTableSchema,
    access: AccessTermsSchema,
  }, { description: 'the answer to `answer: aggregate`: counts per group, small groups withheld, no record' }),
  Type.Object({
    outcome: Type.Literal('denied'),
    status: Type.Integer({ description: "the provider's HTTP status (403 for a policy refusal)" }),
    code: Type.String(),
    detail: Type.String(),
    reasons: Type.Array(Reason),
    requestId: Type.Optional(Type.String({ description: "the request's id in the provider's audit log" })),
  }),
  Type.Object({
    outcome: Type.Literal('unreachable'),
    reason: Type.Union([Type.Literal('network'), Type.Literal('unverified'), Type.Literal('invalid-response')]),
    detail: Type.String(),
  }),
]);

export const ShelterFeature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String(),
  geometry: Type.Union([Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number()) }), Type.Null()]),
  properties: Type.Object({
    id: Type.String(),
    name: Type.String({ description: 'the Japanese name (the English one when there is none)' }),
    nameEn: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String({ description: 'the first kind (designated, emergency-site, welfare, …)' })),
    kinds: Type.Array(Type.String()),
    openStatus: Type.String(),
    evacuees: Type.Optional(Type.Integer({ description: 'the latest evacuee count' })),
    evacueesAt: Type.Optional(Type.String()),
    capacity: Type.Optional(Type.Integer()),
    areaCode: Type.Optional(Type.String()),
    observedAt: Type.String(),
    observedAtIsImport: Type.Optional(
      Type.Boolean({ description: 'true when the record carries no observation time of its own (the GSI list): observedAt is when it was imported' }),
    ),
    sourceNode: Type.String({ description: 'the node whose record gives the open status (or the only record)' }),
    ids: Type.Optional(Type.Array(Type.String(), { description: 'every record joined into this shelter (the common-ID records and the city\'s), this one first' })),
    sources: Type.Optional(Type.Array(Type.Object({ participantId: Type.String(), name: TextPair }), { description: 'the nodes holding a record of this shelter, named' })),
  }),
});

export const SheltersResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(ShelterFeature),
  missing: Type.Array(
    Type.Object({ participantId: Type.String(), name: Type.Optional(TextPair), reason: Type.String(), detail: Type.String() }),
    { description: 'nodes that did not answer (a foreign member of the FeatureCollection)' },
  ),
  totals: Type.Optional(
    Type.Object(
      { shelters: Type.Integer(), open: Type.Integer({ description: 'open or full' }), evacuees: Type.Integer({ description: 'the latest count of each shelter, summed' }) },
      { description: 'over the features returned (a foreign member of the FeatureCollection)' },
    ),
  ),
});

export const NamedAreaSchema = Type.Object({ code: Type.String({ description: 'area code' }), name: TextPair });

export const DeclaringAuthorityResponse = Type.Union([
  Type.Object({
    kind: Type.Literal('may-declare'),
    jurisdiction: Type.Array(Type.String(), { description: "the node's jurisdiction in the trust list (area codes)" }),
    areas: Type.Array(NamedAreaSchema, { description: 'the areas the operator may name: the jurisdiction and the listed municipalities inside it' }),
  }),
  Type.Object({
    kind: Type.Literal('may-not-declare'),
    code: Type.String(),
    detail: Type.String({ description: "why, in the reader's language" }),
  }),
]);
/** What the console sends to issue a declaration (POST /operator/declarations). */
export const DeclarationOrderBody = Type.Object(
  {
    hazard: HazardSchema,
    phase: PhaseSchema,
    areas: Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { minItems: 1, maxItems: 100, description: 'area codes within the jurisdiction' }),
    validHours: Type.Integer({ minimum: 1, maximum: 24 * 30, description: 'in force from now for this many hours' }),
    title: Type.Object({ ja: Type.String({ maxLength: 200 }), en: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
    dryRun: Type.Optional(Type.Boolean({ description: 'check only (the confirmation step): nothing is signed, kept or sent' })),
    answering: Type.Optional(
      Type.Object(
        { requester: Type.String({ minLength: 1, maxLength: 200 }), id: Type.String({ minLength: 1, maxLength: 200 }) },
        { additionalProperties: false, description: 'a declaration request received (GET /operator/declaration-requests) this declaration answers; the requester is told' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DeclarationDelivery = Type.Object({
  participantId: Type.String(),
  name: TextPair,
  outcome: Type.Union([Type.Literal('accepted'), Type.Literal('refused'), Type.Literal('unreachable')]),
  detail: Type.Optional(Type.String({ description: "why it was not accepted, in the reader's language" })),
});

export const IssuedDeclarationResponse = Type.Object({
  issued: Type.Boolean({ description: 'false for a dry run (the confirmation step): checked, neither signed nor kept nor sent' }),
  declaration: DeclarationSummarySchema,
  deliveries: Type.Array(DeclarationDelivery, { description: 'each other node of the trust list and what it answered (empty for a dry run)' }),
});

/** A key as the anchor's operator checks it: its id and the SHA-256 fingerprint of the raw public key. */
export const KeyView = Type.Object({
  kid: Type.String(),
  fingerprint: Type.String({ description: 'sha256 of the raw 32-byte public key, hex in groups of four (compare it with the organisation by another channel)' }),
  validUntil: Type.Optional(Type.String()),
});

export const ListedParticipant = Type.Object({
  participantId: Type.String(),
  name: Type.Object({ ja: Type.Optional(Type.String()), en: Type.Optional(Type.String()) }),
  role: Type.String(),
  jurisdiction: Type.Array(Type.String(), { description: 'area codes' }),
  nodeUrl: Type.Optional(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]),
  validFrom: Type.String(),
  validUntil: Type.String(),
  revokedAt: Type.Optional(Type.String()),
  declarationAuthority: Type.Optional(Type.Boolean()),
  keys: Type.Array(KeyView),
});

/** A join request waiting for a person, showing exactly what it asks for, and whether an approval now would pass. */
export const WaitingJoinRequest = Type.Object({
  seq: Type.Integer({ description: 'the request in the anchor\'s database (approve/decline by it)' }),
  requestId: Type.String(),
  source: Type.Union([Type.Literal('file'), Type.Literal('online')]),
  receivedAt: Type.String(),
  participantId: Type.String(),
  name: Type.Optional(Type.Object({ ja: Type.Optional(Type.String()), en: Type.Optional(Type.String()) })),
  role: Type.Optional(Type.String()),
  jurisdiction: Type.Array(Type.String()),
  nodeUrl: Type.Optional(Type.String()),
  keys: Type.Array(KeyView),
  requestedAt: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String()),
  intent: Type.Union([Type.Literal('add'), Type.Literal('update')], { description: 'update when the participant id is listed already (a change of keys, URL or name)' }),
  signatureVerified: Type.Boolean({ description: 'the request is signed with a key it applies with (an update: a key listed now)' }),
  problems: Type.Array(Reason, { description: 'what an approval now would be refused for (expired, id taken, outside the anchor\'s areas, …); empty when it would pass' }),
});

export const ListVersion = Type.Object({
  version: Type.Integer(),
  issuedAt: Type.String(),
  operation: Type.String({ description: 'init, admit, update, suspend, revoke, reinstate, roll-anchor-key, recognise, publish, demo-sync' }),
  subject: Type.Optional(Type.String()),
  participants: Type.Integer({ description: 'entries in that version' }),
});

export const AnchorOverviewResponse = Type.Object({
  anchorId: Type.String(),
  trustListId: Type.String(),
  version: Type.Integer(),
  issuedAt: Type.String(),
  nextUpdate: Type.String(),
  participants: Type.Array(ListedParticipant),
  requests: Type.Array(WaitingJoinRequest, { description: 'pending join requests, oldest first' }),
  revocations: Type.Array(Type.Object({ participantId: Type.String(), name: ListedParticipant.properties.name, revokedAt: Type.String() }), { description: 'revoked participants, newest first' }),
  history: Type.Array(ListVersion, { description: 'versions of the list, newest first (at most 50)' }),
});

const PersonName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'the person deciding, recorded in the anchor\'s audit log' });

export const JoinApprovalBody = Type.Object(
  {
    by: PersonName,
    validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'how long the listing is valid (default 365)' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'check only (the confirmation step): nothing is published, decided or audited' })),
  },
  { additionalProperties: false },
);

export const JoinDeclineBody = Type.Object(
  { by: PersonName, reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'why, kept with the request and in the audit log' }) },
  { additionalProperties: false },
);

export const ParticipantStatusBody = Type.Object(
  {
    by: PersonName,
    change: Type.Union([Type.Literal('suspend'), Type.Literal('reinstate'), Type.Literal('revoke')]),
    confirm: Type.Optional(Type.String({ maxLength: 100, description: 'revoke only: the participant id again, since a revocation is final' })),
  },
  { additionalProperties: false },
);

export const AnchorOperationResponse = Type.Object({
  done: Type.Boolean({ description: 'false for a dry run: checked, nothing changed' }),
  participantId: Type.String(),
  version: Type.Optional(Type.Integer({ description: 'the version of the list published' })),
  message: Type.String({ description: "what was done, in the reader's language" }),
});

export type DeclarationSummary = Static<typeof DeclarationSummarySchema>;
export type PeerView = Static<typeof Peer>;
export type Session = Static<typeof SessionResponse>;
export type DeclarationsPage = Static<typeof DeclarationsResponse>;
export type AuditItemView = Static<typeof AuditItem>;
export type AuditPage = Static<typeof AuditResponse>;
export type CatalogView = Static<typeof CatalogResponse>;
export type CatalogDatasetView = Static<typeof CatalogDataset>;
export type QueryOutcome = Static<typeof QueryResponse>;
export type ShelterCollection = Static<typeof SheltersResponse>;
export type ShelterProperties = Static<typeof ShelterFeature>['properties'];
export type TrustListState = Static<typeof TrustListStateSchema>;
export type DeclaringAuthorityView = Static<typeof DeclaringAuthorityResponse>;
export type IssuedDeclaration = Static<typeof IssuedDeclarationResponse>;
export type DeclarationOrderRequest = Static<typeof DeclarationOrderBody>;
export type AnchorOverview = Static<typeof AnchorOverviewResponse>;
export type ListedParticipantView = Static<typeof ListedParticipant>;
export type WaitingJoinRequestView = Static<typeof WaitingJoinRequest>;
export type AnchorOperationResult = Static<typeof AnchorOperationResponse>;
export type JoinApproval = Static<typeof JoinApprovalBody>;
export type JoinDecline = Static<typeof JoinDeclineBody>;
export type ParticipantStatusChange = Static<typeof ParticipantStatusBody>;
