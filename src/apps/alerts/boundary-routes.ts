// GET /alerts/boundaries/{prefecture} (operator): one prefecture's municipality boundaries as stored (TopoJSON,
// data/municipality-boundaries/), for the console's map to draw alert areas with. Public open data bundled with the
// node, read from disk once per file; the ETag is the file's SHA-256, so a console that has it asks again for nothing.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { problemResponse, requestLang, sendProblem } from '../../node/application/index.ts';
import { BOUNDARIES_DIR, municipalityBoundaries, type BoundaryIndex } from './boundaries.ts';
import { alertsMessages } from './messages.ts';

const PrefectureParams = Type.Object(
  { prefecture: Type.String({ pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])$', description: 'JIS X 0401 prefecture code, 01–47 (the first two digits of a local government code)' }) },
  { additionalProperties: false },
);

/** A day: the files change only with a new release of the node, and the ETag catches that. */
const CACHE_CONTROL = 'private, max-age=86400';

export function alertsBoundaryRoutes(options: { dir?: URL; index?: Pick<BoundaryIndex, 'files'> } = {}): FastifyPluginAsync {
  const dir = options.dir ?? BOUNDARIES_DIR;
  const files = (options.index ?? municipalityBoundaries).files;
  const held = new Map<string, Promise<{ body: Buffer; etag: string }>>();
  const read = (file: string) => {
    let entry = held.get(file);
    if (!entry) {
      entry = readFile(new URL(file, dir)).then((body) => ({ body, etag: `"${createHash('sha256').update(body).digest('hex')}"` }));
      held.set(file, entry);
    }
    return entry;
  };
  return async (app) => {
    app.get<{ Params: Static<typeof PrefectureParams> }>(
      '/alerts/boundaries/:prefecture',
      {
        schema: {
          tags: ['alerts'],
          summary: "One prefecture's municipality boundaries for the map (市区町村の境界)",
          description:
            'TopoJSON, object `areas`: every municipality, designated-city ward, designated city and the prefecture itself, each with ' +
            '`code` (local government code with check digit), `name`, `kind` and `label` ([lon, lat]). From 国土数値情報 行政区域 (N03, 2021-01-01) ' +
            'as simplified by smartnews-smri/japan-topography; see data/municipality-boundaries/NOTES.md. Cached by ETag.',
          params: PrefectureParams,
          response: { 304: Type.Null({ description: 'unchanged since the ETag sent' }), 503: problemResponse('the bundled file could not be read') },
        },
      },
      async (request, reply) => {
        const file = files.get(request.params.prefecture);
        let entry: { body: Buffer; etag: string };
        try {
          if (file === undefined) throw new Error(`no boundary file for ${request.params.prefecture}`);
          entry = await read(file);
        } catch (e) {
          if (file !== undefined) held.delete(file);
          request.log.error({ requestId: request.id, err: e }, 'boundary file not readable');
          return sendProblem(reply, alertsMessages.problem(503, 'ALERTS_BOUNDARIES_UNAVAILABLE', { prefecture: request.params.prefecture }, requestLang(request), { requestId: request.id }));
        }
        reply.header('cache-control', CACHE_CONTROL).header('etag', entry.etag);
        if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
        return reply.type('application/json; charset=utf-8').send(entry.body);
      },
    );
  };
}
