// The console's typed client for its own node's operator API: the token from the URL fragment (kept in
// sessionStorage, sent as a bearer token), the request's language, and problem+json turned into a displayable error.
import { currentLang } from './i18n/index.ts';

const TOKEN_KEY = 'tsunagu.console.token';

export type Bilingual = { ja: string; en: string };

// The answers' types come from the schemas the node's routes declare (one source, src/node/operator/api-schemas.ts).
import type {
  AnchorOperationResult,
  AnchorOverview,
  AuditItemView as AuditItem,
  AuditPage,
  CatalogDatasetView as CatalogDataset,
  CatalogView as Catalog,
  DeclarationOrderRequest as DeclarationOrder,
  DeclarationSummary,
  DeclarationsPage,
  DeclaringAuthorityView as DeclaringAuthority,
  IssuedDeclaration,
  JoinApproval,
  JoinDecline,
  ListedParticipantView,
  ParticipantStatusChange,
  PeerView as Peer,
  QueryOutcome,
  Session,
  ShelterCollection,
  ShelterProperties,
  TrustListState,
  WaitingJoinRequestView,
} from '../../src/node/operator/api-schemas.ts';
export type { AnchorOperationResult, AnchorOverview, ListedParticipantView, WaitingJoinRequestView };
export type { AuditItem, AuditPage, Catalog, CatalogDataset, DeclarationOrder, DeclarationSummary, DeclaringAuthority, IssuedDeclaration, Peer, QueryOutcome, Session, ShelterCollection, ShelterProperties, TrustListState };

import type {
  DeclarationRecipientsView,
  DeclarationRequestDecline,
  DeclarationRequestOrderBody as DeclarationRequestOrder,
  DeclarationRequestsView,
  DeclarationRequestView,
} from '../../src/node/operator/declaration-request-schemas.ts';
export type { DeclarationRecipientsView, DeclarationRequestOrder, DeclarationRequestView };

import type { PolygonGeometry, Position } from './polygon.ts';
export type { PolygonGeometry, Position };

/** An error the console can show as it is: the server's `detail` in the chosen language, and its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly problems: { path?: string; code?: string; message: string }[] = [],
    /** problem+json's `errors`: the field or element each problem concerns, and its text (shown by pages that list them). */
    readonly fieldErrors: { path: string; message: string }[] = [],
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
    const body = JSON.parse(text) as { code?: string; detail?: string; title?: string; problems?: ApiError['problems']; errors?: ApiError['fieldErrors'] };
    return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.detail ?? body.title ?? res.statusText, body.problems ?? [], Array.isArray(body.errors) ? body.errors : []);
  } catch {
    return new ApiError(res.status, `HTTP_${res.status}`, text.slice(0, 300) || res.statusText);
  }
}

/** A request to this node's operator API (`/operator…`), with the token and language; a problem becomes an ApiError. */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
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

export async function getJson<T>(path: string): Promise<T> {
  return (await (await send(path)).json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return (await (await send(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })).json()) as T;
}

export function query(params: Record<string, string | number | undefined | string[]>): string {
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

// The console is served at /console/ of the node; the API is at the node's root.
export const api = (path: string) => `/operator${path}`;

export const operatorApi = {
  session: () => getJson<Session>(api('/session')),
  declarations: () => getJson<DeclarationsPage>(api('/declarations')),
  declaringAuthority: () => getJson<DeclaringAuthority>(api('/declarations/authority')),
  issueDeclaration: (order: DeclarationOrder) => postJson<IssuedDeclaration>(api('/declarations'), order),
  declarationRecipients: () => getJson<DeclarationRecipientsView>(api('/declaration-requests/recipients')),
  declarationRequests: () => getJson<DeclarationRequestsView>(api('/declaration-requests')),
  requestDeclaration: (order: DeclarationRequestOrder) => postJson<{ request: DeclarationRequestView }>(api('/declaration-requests'), order),
  declineDeclarationRequest: (body: DeclarationRequestDecline) => postJson<{ request: DeclarationRequestView }>(api('/declaration-requests/decline'), body),
  audit: (params: Record<string, string | undefined>) => getJson<AuditPage>(api(`/audit${query(params)}`)),
  catalog: () => getJson<Catalog>(api('/catalog')),
  trustLists: () => getJson<{ trustLists: TrustListState[] }>(api('/trust')),
  refreshTrust: () => postJson<{ trustLists: TrustListState[] }>(api('/trust/refresh'), {}),
  anchor: () => getJson<AnchorOverview>(api('/anchor')),
  approveJoinRequest: (seq: number, body: JoinApproval) => postJson<AnchorOperationResult>(api(`/anchor/requests/${seq}/approve`), body),
  declineJoinRequest: (seq: number, body: JoinDecline) => postJson<AnchorOperationResult>(api(`/anchor/requests/${seq}/decline`), body),
  changeParticipantStatus: (participantId: string, body: ParticipantStatusChange) =>
    postJson<AnchorOperationResult>(api(`/anchor/participants/${encodeURIComponent(participantId)}/status`), body),
  federationQuery: (body: { node: string; dataset: string; purpose: string; area?: string[]; fields?: string[]; limit?: number }) =>
    postJson<QueryOutcome>(api('/federation/query'), body),
  shelters: (bbox: [number, number, number, number]) => getJson<ShelterCollection>(api(`/shelters${query({ bbox: bbox.join(',') })}`)),
};

/** Text for an error of any kind: the node's own words when it gave them. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.problems.length > 0 ? `${e.detail} (${e.problems.map((p) => p.message).join('; ')})` : e.detail;
  return e instanceof Error ? e.message : String(e);
}
