// One run of libxml2's XML Schema validation that keeps the first reasons and counts the rest. XsdValidator.validate
// asks libxml2 for the node path of every reason, and that path walks every earlier sibling: a 4 MB document with
// 140,000 misplaced siblings took 229 s. Here only the reasons that will be shown get a path (about 1 s for that one).
import type { ErrorDetail, XmlDocument, XsdValidator } from 'libxml2-wasm';
// libxml2-wasm's own lower layer (the functions XsdValidator.validate itself calls), for the error handler it keeps private.
import * as lower from 'libxml2-wasm/lib/libxml2.mjs';
import {
  XmlErrorStruct, xmlGetNodePath, xmlSchemaFreeValidCtxt, xmlSchemaNewValidCtxt, xmlSchemaSetValidStructuredErrors, xmlSchemaValidateDoc,
} from 'libxml2-wasm/lib/libxml2.mjs';

export interface SchemaRun {
  /** 'internal' when libxml2 could not run the validation at all. */
  outcome: 'valid' | 'invalid' | 'internal';
  /** The first `keep` reasons, in document order, each with libxml2's positional path of its node. */
  details: ErrorDetail[];
  /** How many reasons libxml2 gave in all. */
  total: number;
}

// Validation is synchronous and libxml2 calls the handler only inside it, so one run is collected at a time.
let current: { keep: number; details: ErrorDetail[]; total: number } | undefined;

type StructuredErrorHandler = Parameters<typeof xmlSchemaSetValidStructuredErrors>[1];
// Emscripten's addFunction, exported by that layer but left out of its typings (marked internal there).
const { addFunction } = lower as unknown as { addFunction: (fn: (data: number, err: number) => void, signature: 'vii') => StructuredErrorHandler };
let handler: StructuredErrorHandler | undefined;

function collector(): StructuredErrorHandler {
  handler ??= addFunction((_data: number, err: number) => {
    if (!current) return;
    current.total += 1;
    if (current.details.length >= current.keep) return;
    const xpath = xmlGetNodePath(XmlErrorStruct.node(err));
    current.details.push({
      message: XmlErrorStruct.message(err), level: XmlErrorStruct.level(err), line: XmlErrorStruct.line(err), col: XmlErrorStruct.col(err),
      ...(xpath !== null ? { xpath } : {}),
    });
  }, 'vii');
  return handler;
}

// The validator's and the document's libxml2 pointers, which libxml2-wasm keeps in fields its typings leave out.
const pointer = (o: XsdValidator | XmlDocument): number => (o as unknown as { _ptr: number })._ptr;

/** Validate `doc` with `validator`, keeping at most `keep` reasons in full. */
export function runSchema(validator: XsdValidator, doc: XmlDocument, keep: number): SchemaRun {
  const ctx = xmlSchemaNewValidCtxt(pointer(validator));
  const run = { keep, details: [] as ErrorDetail[], total: 0 };
  current = run;
  try {
    xmlSchemaSetValidStructuredErrors(ctx, collector(), 0);
    const ret = xmlSchemaValidateDoc(ctx, pointer(doc));
    const outcome = ret === 0 ? 'valid' : ret > 0 ? 'invalid' : 'internal';
    return { outcome, details: run.details, total: run.total };
  } finally {
    current = undefined;
    xmlSchemaFreeValidCtxt(ctx);
  }
}
