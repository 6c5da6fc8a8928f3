// The node's side of ApplicationResourceMessages: the EDXL-RM 1.0 reader and writer of src/adapters lent to
// applications (which may not import adapters themselves), so the logistics application reads and writes resource
// messages exactly as `tsunagu logistics edxl-rm` does — hostile XML refused before parsing, schema-checked.
import { commitResourceOf, deploymentStatusOf, requestResourceOf } from '../../adapters/edxl-rm/from-records.ts';
import { readRmDocument } from '../../adapters/edxl-rm/rm-envelope.ts';
import { writeRmMessage } from '../../adapters/edxl-rm/rm-out.ts';
import type { ApplicationResourceMessages } from './application.ts';

export function nodeResourceMessages(): ApplicationResourceMessages {
  return { read: readRmDocument, write: writeRmMessage, requestResourceOf, commitResourceOf, deploymentStatusOf };
}
