// The node's refusal of a request on the EDXL-RM files section in its own words (problem+json): its detail, or a lead
// sentence and each problem per element or field when it names them; the stable code as a tooltip only.
import { ApiError } from '../../../../web/src/api.ts';
import { ErrorBox } from '../../../../web/src/components/common.tsx';
import { problemLine } from './request-file.ts';

export interface RefusalWords {
  /** The sentence before the problems listed (they replace the detail, which only names their codes). */
  lead: (count: number) => string;
  /** What the operator can do now, after the node's words. */
  after?: string;
  testId: string;
}

export function Refusal({ detail, errors, code, words }: { detail: string; errors: readonly { path: string; message: string }[]; code?: string; words: RefusalWords }) {
  const lines = errors.map((e) => ({ path: e.path, ...problemLine(e.message) }));
  return (
    <div className="error" role="alert" tabIndex={-1} data-testid={words.testId} data-code={code} title={code}>
      <p>{lines.length > 0 ? words.lead(lines.length) : detail}</p>
      {lines.length > 0 && (
        <ul className="problems">
          {lines.map((l, i) => (
            <li key={i} title={l.code}>
              {l.path !== '/' && !l.text.includes(l.path) && <strong>{l.path}: </strong>}
              {l.text}
            </li>
          ))}
        </ul>
      )}
      {words.after !== undefined && <p>{words.after}</p>}
    </div>
  );
}

/** An error from the node as a refusal when it is one (problem+json, whatever its status or code), else the console's usual error line. */
export function NodeError({ error, words }: { error: unknown; words: RefusalWords }) {
  if (error instanceof ApiError && error.status !== 0) return <Refusal detail={error.detail} errors={error.fieldErrors} code={error.code} words={words} />;
  return <ErrorBox error={error} />;
}
