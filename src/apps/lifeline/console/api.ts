// The lifeline's part of the console's client: its operator routes (src/apps/lifeline/routes.ts), typed with the
// same definitions the server writes its answers by (../types.ts).
import type { CareNeed, SafetyStatus } from '../../../model/codes.ts';
import { api, getJson, postJson, query, send } from '../../../../web/src/api.ts';
import type { PolygonGeometry } from '../../../../web/src/polygon.ts';
import type { DecisionResult, PersonsPage, ReviewPage, RunSummary, SafetyHistory, SafetyResult } from '../types.ts';

export type { DecisionResult, DeliveryView, LifelineRow, PersonsPage, RenderedFactor, ReviewItem, RunSummary, SafetyHistory, SafetyResult } from '../types.ts';

export interface PersonFilters {
  needs?: string[];
  status?: string[];
  area?: string;
  factor?: string;
  q?: string;
  sort?: 'priority' | 'name' | 'status' | 'updated';
  order?: 'asc' | 'desc';
}

function filterParams(f: PersonFilters): Record<string, string | string[] | undefined> {
  return { needs: f.needs, status: f.status, area: f.area, factor: f.factor, q: f.q, sort: f.sort, order: f.order };
}

const run = (runId: string) => `/lifeline/runs/${encodeURIComponent(runId)}`;

export const lifelineApi = {
  startRun: (body: { declarationId?: string; hazard?: PolygonGeometry; needs?: CareNeed[] }) => postJson<RunSummary>(api('/lifeline/runs'), body),
  persons: (runId: string, f: PersonFilters, offset: number, limit: number) =>
    getJson<PersonsPage>(api(`${run(runId)}/persons${query({ ...filterParams(f), offset, limit })}`)),
  /** The server's CSV of the current filters, as a Blob to save. */
  personsCsv: async (runId: string, f: PersonFilters): Promise<{ blob: Blob; filename: string }> => {
    const res = await send(api(`${run(runId)}/persons.csv${query(filterParams(f))}`), { headers: { Accept: 'text/csv' } });
    const disposition = res.headers.get('content-disposition') ?? '';
    const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return { blob: await res.blob(), filename: named ? decodeURIComponent(named[1]!) : `lifeline-${runId}.csv` };
  },
  review: (runId: string) => getJson<ReviewPage>(api(`${run(runId)}/review`)),
  decide: (body: { runId: string; a: string; b: string; decision: 'confirm' | 'split'; by: string }) => postJson<DecisionResult>(api('/lifeline/decisions'), body),
  reportSafety: (body: { runId: string; personId: string; status: SafetyStatus; shelter?: string; note?: string; by: string; basedOnAt?: string }) =>
    postJson<SafetyResult>(api('/lifeline/safety'), body),
  personSafety: (personId: string, runId: string) =>
    getJson<SafetyHistory>(api(`/lifeline/persons/${encodeURIComponent(personId)}/safety${query({ runId })}`)),
};
