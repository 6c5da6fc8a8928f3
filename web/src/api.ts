// The console's typed client for its own node's operator API: the token from the URL fragment (kept in
// sessionStorage, sent as a bearer token), the request's language, and problem+json turned into a displayable error.
import type { CareNeed, Hazard, Phase, Purpose, SafetyStatus, ShelterOpenStatus } from '../../src/model/codes.ts';
import type {
  LifelineRow,
  PairMatch,
  PriorityWeights,
  SafetyReport,
  SourcedPerson,
} from '../../src/apps/lifeline/types.ts';
import { currentLang } from './i18n/index.ts';

const TOKEN_KEY = 'tsunagu.console.token';

export type Bilingual = { ja: string; en: string };

export interface DeclarationSummary {
  id: string;
  issuer: string;
  issuerName?: Bilingual;
  title?: { ja?: string; en?: string };
  hazard: Hazard;
  phase: Phase;
  areas: string[];
  areaNames?: string[];
  validFrom: string;
  validUntil?: string;
  area?: PolygonGeometry;
  active?: boolean;
}

export interface Peer {
  participantId: string;
  name: Bilingual;
  role: string;
  nodeUrl: string;
}

/** A trust list this node holds: its version, how old it is, and why the last fetch from the anchor failed, if it did. */
export interface TrustListState {
  anchorId: string;
  trustListId: string;
  via: 'configuration' | 'recognition';
  version?: number;
  issuedAt?: string;
  ageSeconds?: number;
  stale: boolean;
  lastConfirmedAt?: string;
  lastProblem?: { code: string; params: Record<string, string | number> };
}

export interface Session {
  node: { id: string; name: Bilingual };
  declarations: DeclarationSummary[];
  peers: Peer[];
}

import type { PolygonGeometry, Position } from './polygon.ts';
export type { PolygonGeometry, Position };

export interface AuditItem {
  seq: number;
  at: string;
  kind: string;
  kindLabel?: string;
  action?: string;
  requester: string;
  requesterName?: Bilingual | string;
  purpose?: Purpose | string;
  purposeLabel?: string;
  dataset?: string;
  decision?: 'allow' | 'deny' | string;
  reasons?: { code: string; message: string }[];
  fields?: string[];
  count?: number;
  hash?: string;
}

export interface AuditPage {
  items: AuditItem[];
  next?: string;
  summary?: { requester: string; requesterName?: Bilingual; purpose: string; purposeLabel?: string; decision: string; count: number; records?: number }[];
}

export interface CatalogDataset {
  id: string;
  title: Bilingual;
  recordType: string;
  policySummary: Bilingual;
}

export interface Catalog {
  nodes: { participantId: string; name: Bilingual; datasets: CatalogDataset[] }[];
  missing: { participantId: string; reason: string; detail?: string }[];
}

export type QueryOutcome =
  | { outcome: 'allowed'; items: unknown[]; access?: { fields?: string[]; [k: string]: unknown } }
  | { outcome: 'denied'; status: number; code: string; detail: string; reasons: { code: string; message: string }[] }
  | { outcome: 'unreachable'; detail: string };

export interface ShelterProperties {
  id: string;
  name: string;
  nameEn?: string;
  kind?: string;
  openStatus: ShelterOpenStatus;
  evacuees?: number;
  capacity?: number;
  observedAt?: string;
  sourceNode?: string;
}

export interface ShelterCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: Position } | null; properties: ShelterProperties }[];
  missing?: { participantId?: string; node?: string; reason?: string; detail?: string }[];
}

export interface RunSummary {
  runId: string;
  generatedAt: string;
  area: { areas: string[]; hazard?: PolygonGeometry };
  total: number;
  reviewCount: number;
  sources: {
    answered: { node: string; dataset: string; count: number; cachedAgeSeconds?: number }[];
    missing: { node: string; reason: string; detail?: string }[];
  };
  weights: PriorityWeights;
}

// One row of the list exactly as the node renders it (the server's type; only the type crosses into the bundle).
export type { LifelineRow, RenderedFactor } from '../../src/apps/lifeline/types.ts';

export interface PersonsPage {
  total: number;
  offset: number;
  items: LifelineRow[];
}

export interface PersonFilters {
  needs?: string[];
  status?: string[];
  area?: string;
  factor?: string;
  q?: string;
  sort?: 'priority' | 'name' | 'status' | 'updated';
  order?: 'asc' | 'desc';
}

export interface ReviewItem {
  a: SourcedPerson;
  b: SourcedPerson;
  match: Omit<PairMatch, 'evidence'> & { evidence: (PairMatch['evidence'][number] & { message?: string })[] };
}

export interface Delivery {
  node: string;
  recordId: string;
  state: 'queued' | 'delivered' | 'failed';
}

export interface SafetyResult {
  report: SafetyReport;
  deliveries: Delivery[];
  conflict?: { current: SafetyReport; message?: string };
}

/** An error the console can show as it is: the server's `detail` in the chosen language, and its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly problems: { path?: string; code?: string; message: string }[] = [],
  ) {
    super(detail);
  }
}

/** Take `#token=…` from the address (never a query string), keep it for this tab, and remove it from the address. */
export function adoptTokenFromLocation(): void {
  const hash = window.location.hash;
  const match = /(?:^#|[&?#])token=([^&]+)/.exec(hash);
  if (!match) return;
  setToken(decodeURIComponent(match[1]!));
  const rest = hash.replace(/[#&?]?token=[^&]+/, '').replace(/^#?&/, '#');
  const route = rest.startsWith('#/') ? rest : '#/map';
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${route}`);
}

export function getToken(): string | undefined {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Listeners told when the node rejects the token, so the app can ask for it again. */
const unauthorizedListeners = new Set<(e: ApiError) => void>();
export function onUnauthorized(fn: (e: ApiError) => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { 'Accept-Language': currentLang(), Accept: 'application/json, application/problem+json', ...extra };
  const token = getToken();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { code?: string; detail?: string; title?: string; problems?: ApiError['problems'] };
    return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.detail ?? body.title ?? res.statusText, body.problems ?? []);
  } catch {
    return new ApiError(res.status, `HTTP_${res.status}`, text.slice(0, 300) || res.statusText);
  }
}

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: headers(init.headers as Record<string, string> | undefined) });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401) for (const fn of unauthorizedListeners) fn(err);
    throw err;
  }
  return res;
}

async function getJson<T>(path: string): Promise<T> {
  return (await (await send(path)).json()) as T;
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  return (await (await send(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })).json()) as T;
}

function query(params: Record<string, string | number | undefined | string[]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length > 0) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

function filterParams(f: PersonFilters): Record<string, string | string[] | undefined> {
  return { needs: f.needs, status: f.status, area: f.area, factor: f.factor, q: f.q, sort: f.sort, order: f.order };
}

// The console is served at /console/ of the node; the API is at the node's root.
const api = (path: string) => `/operator${path}`;

export const operatorApi = {
  session: () => getJson<Session>(api('/session')),
  declarations: () => getJson<{ items: DeclarationSummary[] }>(api('/declarations')),
  audit: (params: Record<string, string | undefined>) => getJson<AuditPage>(api(`/audit${query(params)}`)),
  catalog: () => getJson<Catalog>(api('/catalog')),
  trustLists: () => getJson<{ trustLists: TrustListState[] }>(api('/trust')),
  refreshTrust: () => postJson<{ trustLists: TrustListState[] }>(api('/trust/refresh'), {}),
  federationQuery: (body: { node: string; dataset: string; purpose: string; area?: string[]; fields?: string[]; limit?: number }) =>
    postJson<QueryOutcome>(api('/federation/query'), body),
  shelters: (bbox: [number, number, number, number]) => getJson<ShelterCollection>(api(`/shelters${query({ bbox: bbox.join(',') })}`)),
  startRun: (body: { declarationId?: string; hazard?: PolygonGeometry; needs?: CareNeed[] }) => postJson<RunSummary>(api('/lifeline/runs'), body),
  persons: (runId: string, f: PersonFilters, offset: number, limit: number) =>
    getJson<PersonsPage>(api(`/lifeline/runs/${encodeURIComponent(runId)}/persons${query({ ...filterParams(f), offset, limit })}`)),
  /** The server's CSV of the current filters, as a Blob to save. */
  personsCsv: async (runId: string, f: PersonFilters): Promise<{ blob: Blob; filename: string }> => {
    const res = await send(api(`/lifeline/runs/${encodeURIComponent(runId)}/persons.csv${query(filterParams(f))}`), { headers: { Accept: 'text/csv' } });
    const disposition = res.headers.get('content-disposition') ?? '';
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return { blob: await res.blob(), filename: named ? decodeURIComponent(named[1]!) : `lifeline-${runId}.csv` };
  },
  review: (runId: string) => getJson<{ items: ReviewItem[] }>(api(`/lifeline/runs/${encodeURIComponent(runId)}/review`)),
  decide: (body: { runId: string; a: string; b: string; decision: 'confirm' | 'split'; by: string }) =>
    postJson<{ reviewCount: number; total: number }>(api('/lifeline/decisions'), body),
  reportSafety: (body: { runId: string; personId: string; status: SafetyStatus; shelter?: string; note?: string; by: string; basedOnAt?: string }) =>
    postJson<SafetyResult>(api('/lifeline/safety'), body),
  personSafety: (personId: string, runId: string) =>
    getJson<{ reports: SafetyReport[]; deliveries: Delivery[] }>(api(`/lifeline/persons/${encodeURIComponent(personId)}/safety${query({ runId })}`)),
};

/** Text for an error of any kind: the node's own words when it gave them. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.problems.length > 0 ? `${e.detail} (${e.problems.map((p) => p.message).join('; ')})` : e.detail;
  return e instanceof Error ? e.message : String(e);
}
