// What the soak's clients saw: every request counted by kind and outcome, every unexpected answer kept with its
// detail, and every write a node acknowledged (2xx) with the ids the final check looks for on that node.

/** How one request ended: as it should, refused as the harness expected, no answer (a fault), or anything else. */
export type Outcome = 'ok' | 'refused' | 'unavailable' | 'unexpected';

export type RequestKind =
  | 'persons-query'
  | 'shelters-query'
  | 'public-read'
  | 'declaration'
  | 'subscription'
  | 'lifeline-run'
  | 'lifeline-persons'
  | 'safety-report'
  | 'bad-signature'
  | 'bad-purpose'
  | 'bad-body'
  | 'bad-token';

export interface Delivery {
  node: string;
  recordId: string;
}

/** A write a node answered 2xx, with the request id its audit entry carries. */
export type AcknowledgedWrite =
  | { kind: 'safety-report'; node: string; requestId: string; reportId: string; personId: string; status: string; at: string; deliveries: Delivery[] }
  | { kind: 'declaration'; node: string; requestId: string; declarationId: string }
  | { kind: 'subscription'; node: string; requestId: string; subscriptionId: string }
  | { kind: 'lifeline-run'; node: string; requestId: string; runId: string };

export interface Unexpected {
  at: string;
  kind: RequestKind;
  node: string;
  status?: number;
  detail: string;
}

export class Ledger {
  readonly counts = new Map<RequestKind, Record<Outcome, number>>();
  readonly unexpected: Unexpected[] = [];
  readonly acknowledged: AcknowledgedWrite[] = [];

  count(kind: RequestKind, outcome: Outcome): void {
    const c = this.counts.get(kind) ?? { ok: 0, refused: 0, unavailable: 0, unexpected: 0 };
    c[outcome] += 1;
    this.counts.set(kind, c);
  }

  /** An answer the harness did not expect: counted, and kept (the first 200) with what it said. */
  surprise(kind: RequestKind, node: string, detail: string, status?: number): void {
    this.count(kind, 'unexpected');
    if (this.unexpected.length < 200) this.unexpected.push({ at: new Date().toISOString(), kind, node, detail: detail.slice(0, 500), ...(status === undefined ? {} : { status }) });
  }

  acknowledge(write: AcknowledgedWrite): void {
    this.acknowledged.push(write);
  }

  total(outcome: Outcome): number {
    let n = 0;
    for (const c of this.counts.values()) n += c[outcome];
    return n;
  }
}
