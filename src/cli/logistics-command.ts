// `tsunagu logistics …`: the logistics exchange formats from the command line, without a node — EDXL-RM 1.0 messages
// checked, converted to JSON and written from JSON; needs (given, or computed from Nanao's open-shelter data and the
// push standards) written as HXL-tagged CSV, JSON or an EDXL-RM RequestResource. Nothing is stored; a file with any
// problem gives no output at all.
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { Command } from 'commander';
import type { RmMessage } from '../adapters/edxl-rm/message.ts';
import { readRmDocument } from '../adapters/edxl-rm/rm-envelope.ts';
import { writeRmMessage } from '../adapters/edxl-rm/rm-out.ts';
import { parseJsonLocated } from '../adapters/json-syntax.ts';
import { parseNanaoOpenShelters } from '../adapters/nanao-open-shelters.ts';
import { computedNeeds, headcountOf, type ShelterHeadcount } from '../apps/logistics/computed-needs.ts';
import { needsDocument, needsFormats, needsRequestHeader, type NeedsFormat } from '../apps/logistics/needs-export.ts';
import { pushStandards } from '../apps/logistics/push-standards.ts';
import { message, type MessageCode, type MessageParams } from '../i18n/index.ts';
import { DemandSchema, isDateTime, validate, type Demand, type RecordDraft } from '../model/index.ts';
import { NODE_OPTION } from './audit-command.ts';
import type { CliContext } from './context.ts';
import { exchangeWithNode, nodeAccess, type NodeAccess } from './node-access.ts';
import { renderRowProblem } from './render-problems.ts';

type Problem = { code: MessageCode; params: MessageParams };

const say = (ctx: CliContext, file: string, p: Problem) => ctx.io.err(message('IMPORT_FILE_PROBLEM', { file, message: message(p.code, p.params, ctx.lang) }, ctx.lang));

async function bytesOf(file: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; problem: Problem }> {
  try {
    return { ok: true, bytes: new Uint8Array(await readFile(file)) };
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${file}: not found / 見つかりません` : (e as Error).message;
    return { ok: false, problem: { code: 'FILE_NOT_READABLE', params: { detail } } };
  }
}

async function jsonOf(file: string): Promise<{ ok: true; value: unknown } | { ok: false; problem: Problem }> {
  const read = await bytesOf(file);
  if (!read.ok) return read;
  const parsed = parseJsonLocated(new TextDecoder().decode(read.bytes));
  if (parsed.ok) return parsed;
  return { ok: false, problem: { code: 'JSON_MALFORMED', params: { detail: `line ${parsed.line}, column ${parsed.column} / ${parsed.line}行 ${parsed.column}列` } } };
}

/** Write the output to a file or stdout, only once everything is known to be sound. */
async function emit(ctx: CliContext, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) ctx.io.out(text.replace(/\r?\n$/, ''));
  else await writeFile(out, text);
}

/** Every message of every file (alone or in EDXL-DE envelopes), or each file's problems; messages only when none has any. */
async function readAll(ctx: CliContext, files: readonly string[]): Promise<{ file: string; message: RmMessage }[] | undefined> {
  const read: { file: string; message: RmMessage }[] = [];
  let failed = false;
  for (const file of files) {
    const name = path.basename(file);
    const bytes = await bytesOf(file);
    const r = bytes.ok ? readRmDocument(bytes.bytes) : { ok: false as const, problems: [bytes.problem] };
    if (r.ok) read.push(...r.messages.map((message) => ({ file: name, message })));
    else {
      failed = true;
      for (const p of r.problems) say(ctx, name, p);
    }
  }
  return failed ? undefined : read;
}

const NeedsFileSchema = Type.Array(DemandSchema);

/** Needs from a JSON file: an array of demand values (what `--format json` writes). */
async function givenNeeds(ctx: CliContext, file: string): Promise<Demand[] | undefined> {
  const name = path.basename(file);
  const json = await jsonOf(file);
  if (!json.ok) return void say(ctx, name, json.problem);
  const r = validate(NeedsFileSchema, json.value);
  if (r.ok) return r.value;
  for (const p of r.problems) say(ctx, name, { code: 'LOGISTICS_CLI_NEEDS_INVALID', params: { field: p.path || '/', detail: p.message } });
  return undefined;
}

/** The evacuee count of each shelter open in the newest of Nanao's open-shelter snapshots given (CSV or GeoJSON). */
async function shelterHeadcounts(ctx: CliContext, files: readonly string[]): Promise<ShelterHeadcount[] | undefined> {
  const latest = new Map<string, { at: string; shelter: RecordDraft<'shelter'> }>();
  let failed = false;
  for (const file of files) {
    const name = path.basename(file);
    const bytes = await bytesOf(file);
    if (!bytes.ok) {
      failed = true;
      say(ctx, name, bytes.problem);
      continue;
    }
    const parsed = parseNanaoOpenShelters(name, bytes.bytes, { sourceNode: 'tsunagu-cli', now: new Date().toISOString() });
    for (const p of parsed.rejected) ctx.io.err(renderRowProblem(p, ctx.lang));
    failed ||= parsed.rejected.length > 0;
    for (const { draft } of parsed.items) {
      if (draft.type !== 'shelter') continue;
      const at = draft.data.evacueeCounts.at(-1)?.observedAt ?? '';
      const seen = latest.get(draft.id);
      if (seen && Date.parse(at) < Date.parse(seen.at)) continue;
      // Re-inserted, so that the output follows the rows of the snapshot each count comes from.
      latest.delete(draft.id);
      latest.set(draft.id, { at, shelter: draft });
    }
  }
  if (failed) return undefined;
  // Each snapshot lists the shelters open at its time: one missing from the newest snapshot had closed by then.
  const newest = Math.max(...[...latest.values()].map((l) => Date.parse(l.at)));
  return [...latest.values()].filter((l) => Date.parse(l.at) === newest).flatMap(({ shelter }) => headcountOf(shelter.id, shelter.data) ?? []);
}

interface NeedsOptions {
  needs?: string;
  shelters?: string[];
  days: string;
  neededBy?: string;
  format: string;
  contact?: string;
  out?: string;
}

async function needsAction(ctx: CliContext, o: NeedsOptions): Promise<void> {
  const fail = (p: Problem) => {
    ctx.io.err(message(p.code, p.params, ctx.lang));
    ctx.setExitCode(1);
  };
  if ((o.needs === undefined) === (o.shelters === undefined)) return fail({ code: 'LOGISTICS_CLI_NEEDS_SOURCE', params: {} });
  if (!(needsFormats as readonly string[]).includes(o.format)) return fail({ code: 'LOGISTICS_CLI_NEEDS_FORMAT', params: { format: o.format } });
  let needs: Demand[] | undefined;
  if (o.needs !== undefined) needs = await givenNeeds(ctx, o.needs);
  else {
    const days = Number(o.days);
    if (!Number.isInteger(days) || days < 1 || days > 30) return fail({ code: 'LOGISTICS_CLI_NEEDS_DAYS', params: { value: o.days } });
    if (o.neededBy === undefined) return fail({ code: 'LOGISTICS_CLI_NEEDS_NEEDED_BY_MISSING', params: {} });
    if (!isDateTime(o.neededBy)) return fail({ code: 'LOGISTICS_CLI_NEEDS_NEEDED_BY', params: { value: o.neededBy } });
    const headcounts = await shelterHeadcounts(ctx, o.shelters!);
    if (headcounts) needs = computedNeeds(headcounts, [], pushStandards, { days, neededBy: o.neededBy });
  }
  if (needs === undefined) return fail({ code: 'LOGISTICS_CLI_NOTHING_WRITTEN', params: {} });
  const id = `tsunagu-needs-${randomUUID()}`;
  const document = needsDocument(
    needs.map((demand, i) => ({ id: String(i + 1), demand })),
    o.format as NeedsFormat,
    { lang: ctx.lang, header: needsRequestHeader(id, new Date().toISOString(), o.contact), write: writeRmMessage },
  );
  if (!document.ok) {
    if (document.problems.some((p) => p.code === 'LOGISTICS_CLI_NEEDS_NONE')) return fail({ code: 'LOGISTICS_CLI_NEEDS_NONE', params: {} });
    for (const p of document.problems) ctx.io.err(message(p.code, p.params, ctx.lang));
    return fail({ code: 'LOGISTICS_CLI_NOTHING_WRITTEN', params: {} });
  }
  const text = document.text;
  await emit(ctx, text, o.out);
  if (o.out !== undefined) ctx.io.err(message('LOGISTICS_CLI_NEEDS_WRITTEN', { count: needs.length, out: o.out }, ctx.lang));
}

interface SentRequestLines {
  messageId: string;
  recipient: string;
  sentAt: string;
  answers: number;
  lines: { elementId: string; category: string; unit: string; quantity: number; committed: number; declined: number; inTransit: number; delivered: number; received: number }[];
}

/** The requests a node sent, one heading per request and one line per requested line with what its answers say. */
function sentRequestLines(ctx: CliContext, items: readonly SentRequestLines[]): string[] {
  if (items.length === 0) return [message('LOGISTICS_CLI_RM_SENT_NONE', {}, ctx.lang)];
  return items.flatMap((r) => [
    message('LOGISTICS_CLI_RM_SENT_REQUEST', { messageId: r.messageId, recipient: r.recipient, sentAt: r.sentAt, answers: r.answers }, ctx.lang),
    ...r.lines.map((l) => `  ${message('LOGISTICS_CLI_RM_SENT_LINE', { ...l }, ctx.lang)}`),
  ]);
}

interface NodeAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** A node's refusal as lines to show: its detail, then every element or field it names. */
function refusalLines(ctx: CliContext, file: string, answer: NodeAnswer): string[] {
  let body: { detail?: string; errors?: { path: string; message: string }[] } = {};
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    body = { detail: answer.text.slice(0, 500) };
  }
  return [
    message('LOGISTICS_CLI_RM_NODE_REFUSED', { file, status: answer.status, detail: body.detail ?? '' }, ctx.lang),
    ...(body.errors ?? []).map((e) => `  ${e.path}: ${e.message}`),
  ];
}

/**
 * Check every file here first (nothing is sent when any has a problem), then send each file's bytes to the node: each
 * file is taken in (or sent on) whole or not at all by the node.
 */
async function toNode(ctx: CliContext, files: readonly string[], node: string, each: (access: NodeAccess, file: string, bytes: Uint8Array) => Promise<NodeAnswer>, done: (file: string, json: Record<string, unknown>) => string): Promise<void> {
  const read = await readAll(ctx, files);
  if (!read) {
    ctx.io.err(message('LOGISTICS_CLI_NOTHING_WRITTEN', {}, ctx.lang));
    return ctx.setExitCode(1);
  }
  const access = await nodeAccess(ctx, node);
  for (const file of files) {
    const bytes = await bytesOf(file);
    if (!bytes.ok) return ctx.setExitCode(1);
    const answer = await each(access, file, bytes.bytes);
    const name = path.basename(file);
    if (answer.status >= 300) {
      for (const line of refusalLines(ctx, name, answer)) ctx.io.err(line);
      return ctx.setExitCode(1);
    }
    ctx.io.out(done(name, JSON.parse(answer.text) as Record<string, unknown>));
  }
}

const XML = 'application/xml';

export function registerLogisticsCommand(program: Command, ctxFor: () => CliContext): void {
  const logistics = program.command('logistics').description('物資支援の交換形式 / logistics exchange formats');
  const rm = logistics.command('edxl-rm').description('EDXL-RM 1.0 の資源メッセージ / EDXL-RM 1.0 resource messages');

  rm.command('validate')
    .description('スキーマと Tsunagu の記録への変換を確かめる / check against the OASIS schema and conversion to records')
    .argument('<files...>', 'RequestResource, CommitResource or ReportResourceDeploymentStatus XML files, alone or in EDXL-DE envelopes')
    .action(async (files: string[]) => {
      const ctx = ctxFor();
      for (const file of files) {
        const read = await readAll(ctx, [file]);
        if (!read) ctx.setExitCode(1);
        else for (const r of read) ctx.io.out(message('EDXL_RM_FILE_VALID', { file: r.file, type: r.message.type, lines: r.message.lines.length }, ctx.lang));
      }
    });

  rm.command('convert')
    .description('JSON に変換する（問題が一つでもあれば何も出力しない） / convert to JSON (no output if any file has a problem)')
    .argument('<files...>', 'EDXL-RM XML files')
    .option('--out <file>', 'write the JSON here instead of standard output')
    .action(async (files: string[], o: { out?: string }) => {
      const ctx = ctxFor();
      const read = await readAll(ctx, files);
      if (!read) {
        ctx.io.err(message('LOGISTICS_CLI_NOTHING_WRITTEN', {}, ctx.lang));
        return ctx.setExitCode(1);
      }
      await emit(ctx, `${JSON.stringify(read, null, 2)}\n`, o.out);
    });

  rm.command('write')
    .description('JSON のメッセージから XML を書く / write the XML of a message given as JSON')
    .argument('<message-json>', 'one message as `convert` prints it (an object, or an array of one {file, message})')
    .option('--out <file>', 'write the XML here instead of standard output')
    .action(async (file: string, o: { out?: string }) => {
      const ctx = ctxFor();
      const name = path.basename(file);
      const json = await jsonOf(file);
      if (!json.ok) {
        say(ctx, name, json.problem);
        return ctx.setExitCode(1);
      }
      const v = json.value;
      const value = Array.isArray(v) && v.length === 1 && typeof v[0] === 'object' && v[0] !== null && 'message' in v[0] ? (v[0] as { message: unknown }).message : v;
      // The writer checks the value against the message schemas before it writes anything.
      const written = writeRmMessage(value as RmMessage);
      if (!written.ok) {
        for (const p of written.problems) say(ctx, name, p);
        ctx.io.err(message('LOGISTICS_CLI_NOTHING_WRITTEN', {}, ctx.lang));
        return ctx.setExitCode(1);
      }
      await emit(ctx, written.xml, o.out);
    });

  rm.command('import')
    .description('EDXL-RM を稼働中のノードに取り込む: RequestResource は要請として、CommitResource・ReportResourceDeploymentStatus はこのノードが送った要請への答えとして（ファイルごとに全部か無し） / take EDXL-RM files into a running node: RequestResource as requests, CommitResource and ReportResourceDeploymentStatus as answers to requests the node sent (each file whole or not at all)')
    .argument('<files...>', 'EDXL-RM XML files, alone or in EDXL-DE envelopes')
    .requiredOption('--node <node>', NODE_OPTION)
    .requiredOption('--by <name>', 'who takes them in (recorded in the audit log)')
    .action(async (files: string[], o: { node: string; by: string }) => {
      const ctx = ctxFor();
      await toNode(
        ctx, files, o.node,
        (access, _file, bytes) => exchangeWithNode(ctx, access, 'POST', 'logistics/requests/edxl-rm', { by: o.by }, { contentType: XML, bytes }),
        (file, json) => {
          const taken = json.messages as { messageId: string; result: string; lines: number; withdrawn: string[]; answers?: string }[];
          const unchanged = taken.filter((m) => m.result === 'unchanged').length;
          const messages = taken.map((m) => `${m.messageId} (${m.result})`).join(', ');
          const lines = taken.reduce((n, m) => n + m.lines, 0);
          // The node decided by message type: answers name the request they answer.
          if (taken.some((m) => m.answers !== undefined)) {
            return message('LOGISTICS_CLI_RM_ANSWERS_TAKEN', { file, messages, lines, requests: [...new Set(taken.map((m) => m.answers))].join(', '), unchanged }, ctx.lang);
          }
          return message('LOGISTICS_CLI_RM_TAKEN', { file, messages, lines, withdrawn: taken.reduce((n, m) => n + m.withdrawn.length, 0), unchanged }, ctx.lang);
        },
      );
    });

  rm.command('record-sent')
    .description('データスペースの外へ（メールなどで）送った RequestResource をノードに記録し、相手の答えを取り込めるようにする / record RequestResource files sent outside the data space (by e-mail, a partner\'s own system), so that the partner\'s answers can be imported')
    .argument('<files...>', 'RequestResource XML files, alone or in EDXL-DE envelopes')
    .requiredOption('--recipient <name>', 'who the request went to (e.g. "DELSA warehouse, Subang")')
    .requiredOption('--node <node>', NODE_OPTION)
    .requiredOption('--by <name>', 'who sent them (recorded in the audit log)')
    .action(async (files: string[], o: { recipient: string; node: string; by: string }) => {
      const ctx = ctxFor();
      await toNode(
        ctx, files, o.node,
        (access, _file, bytes) => exchangeWithNode(ctx, access, 'POST', 'logistics/edxl-rm/sent', { recipient: o.recipient, by: o.by }, { contentType: XML, bytes }),
        (file, json) => message('LOGISTICS_CLI_RM_SENT_RECORDED', { file, messages: (json.messageIds as string[]).join(', '), recipient: o.recipient, result: message(json.result === 'recorded' ? 'LOGISTICS_CLI_RM_SENT_RESULT_RECORDED' : 'LOGISTICS_CLI_RM_SENT_RESULT_UNCHANGED', {}, ctx.lang) }, ctx.lang),
      );
    });

  rm.command('sent')
    .description('ノードが送った要請と、答えが伝える行ごとの引受・辞退・輸送中・配送済みの数量 / the requests a running node sent, and per line what the answers say: committed, declined, in transit, delivered')
    .requiredOption('--node <node>', NODE_OPTION)
    .option('--json', 'print the JSON the node answers')
    .action(async (o: { node: string; json?: boolean }) => {
      const ctx = ctxFor();
      const access = await nodeAccess(ctx, o.node);
      const answer = await exchangeWithNode(ctx, access, 'GET', 'logistics/edxl-rm/sent', {});
      if (answer.status >= 300) {
        for (const line of refusalLines(ctx, 'edxl-rm/sent', answer)) ctx.io.err(line);
        return ctx.setExitCode(1);
      }
      const body = JSON.parse(answer.text) as { items: SentRequestLines[] };
      if (o.json) return ctx.io.out(JSON.stringify(body, null, 2));
      for (const line of sentRequestLines(ctx, body.items)) ctx.io.out(line);
    });

  rm.command('send')
    .description("RequestResource を稼働中のノードから相手の参加者のノードへ署名して送る / send RequestResource files from a running node to a participant's node, signed, through its outbox")
    .argument('<files...>', 'RequestResource XML files, alone or in EDXL-DE envelopes')
    .requiredOption('--to <participant>', 'the participant whose node takes the request (e.g. asean-aha-centre)')
    .requiredOption('--node <node>', NODE_OPTION)
    .requiredOption('--by <name>', 'who sends them (recorded in the audit log)')
    .action(async (files: string[], o: { to: string; node: string; by: string }) => {
      const ctx = ctxFor();
      await toNode(
        ctx, files, o.node,
        (access, _file, bytes) => exchangeWithNode(ctx, access, 'POST', 'logistics/edxl-rm/send', { to: o.to, by: o.by }, { contentType: XML, bytes }),
        // The same MessageIDs again queue nothing new (the outbox's idempotency key): say so, rather than "queued".
        (file, json) => message(json.duplicate === true ? 'LOGISTICS_CLI_RM_ALREADY_QUEUED' : 'LOGISTICS_CLI_RM_SENT', { file, messages: (json.messageIds as string[]).join(', '), to: String(json.to), seq: Number(json.seq) }, ctx.lang),
      );
    });

  rm.command('answer')
    .description('送った RequestResource への答え（CommitResource）を相手のノードから読む / read the answer (CommitResource) to a RequestResource a running node sent')
    .argument('<message-id>', 'the MessageID of the RequestResource')
    .requiredOption('--from <participant>', 'the participant the request was sent to')
    .requiredOption('--node <node>', NODE_OPTION)
    .option('--out <file>', 'write the XML here instead of standard output')
    .action(async (messageId: string, o: { from: string; node: string; out?: string }) => {
      const ctx = ctxFor();
      const access = await nodeAccess(ctx, o.node);
      const answer = await exchangeWithNode(ctx, access, 'GET', `logistics/edxl-rm/answers/${encodeURIComponent(messageId)}`, { from: o.from });
      if (answer.status >= 300) {
        for (const line of refusalLines(ctx, messageId, answer)) ctx.io.err(line);
        return ctx.setExitCode(1);
      }
      await emit(ctx, answer.text, o.out);
    });

  logistics
    .command('needs')
    .description('需要を HXL の CSV・JSON・EDXL-RM で書き出す / write needs as HXL-tagged CSV, JSON or an EDXL-RM RequestResource')
    .option('--needs <file>', 'needs as a JSON array of demand values')
    .option('--shelters <files...>', "Nanao open-shelter snapshots (CSV or GeoJSON): needs computed from each shelter's latest evacuee count")
    .option('--days <n>', 'days the computed needs cover (1–30)', '3')
    .option('--needed-by <time>', 'when computed needs are needed, ISO 8601 with offset (e.g. 2024-01-06T12:00:00+09:00)')
    .option('--format <format>', 'hxl | json | edxl-rm', 'hxl')
    .option('--contact <text>', 'who asks, for --format edxl-rm (ContactDescription)')
    .option('--out <file>', 'write here instead of standard output')
    .action(async (o: NeedsOptions) => needsAction(ctxFor(), o));
}
