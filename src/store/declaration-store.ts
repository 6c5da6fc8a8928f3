// Signed declarations this node accepted, kept as received (table from migrations/0007-declarations-replay.sql), so
// the node can verify them again and weigh them after a restart. Only storage here: verification is src/trust's job.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../trust/canonical-json.ts';
import type { SqlClient } from './sql-client.ts';

export interface KeptDeclarationDraft {
  issuer: string;
  declarationId: string;
  /** ISO 8601 with offset, from the declaration's payload. */
  issuedAt: string;
  /** The signed declaration `{ payload, proof }` exactly as it was verified. */
  document: unknown;
  /** When this node accepted it (ISO 8601). */
  receivedAt: string;
}

export interface KeptDeclaration extends KeptDeclarationDraft {
  /** Arrival order. */
  seq: number;
  /** SHA-256 (hex) of the document's RFC 8785 canonical JSON. */
  documentSha256: string;
}

export interface DeclarationStorage {
  /** Keep an accepted signed declaration. The same document again keeps nothing and answers `kept: false`. */
  keep(draft: KeptDeclarationDraft): Promise<{ kept: boolean; documentSha256: string }>;
  /** Every kept declaration in arrival order; `document` is parsed back from the text kept. */
  list(): Promise<KeptDeclaration[]>;
}

/** The key a kept document is known by: SHA-256 (hex) of its canonical JSON. */
export function declarationDocumentHash(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;

interface KeptRow {
  seq: number | string;
  document_sha256: string;
  issuer: string;
  declaration_id: string;
  issued_at: string;
  document: string;
  received_at: string;
}

export function declarationStorage(db: SqlClient): DeclarationStorage {
  return {
    async keep(d) {
      const documentSha256 = declarationDocumentHash(d.document);
      const r = await db.query<{ seq: number | string }>(
        `insert into received_declarations (document_sha256, issuer, declaration_id, issued_at, document, received_at)
         values ($1, $2, $3, $4, $5, $6) on conflict (document_sha256) do nothing returning seq`,
        [documentSha256, d.issuer, d.declarationId, d.issuedAt, JSON.stringify(d.document), d.receivedAt],
      );
      return { kept: r.rows.length > 0, documentSha256 };
    },
    async list() {
      const r = await db.query<KeptRow>(
        `select seq, document_sha256, issuer, declaration_id, ${utc('issued_at')}, document, ${utc('received_at')}
         from received_declarations order by seq`,
      );
      return r.rows.map((row) => ({
        seq: Number(row.seq),
        documentSha256: row.document_sha256,
        issuer: row.issuer,
        declarationId: row.declaration_id,
        issuedAt: row.issued_at,
        document: JSON.parse(row.document) as unknown,
        receivedAt: row.received_at,
      }));
    },
  };
}
