// The fast paths of validate.ts against the slower code they replaced: the calendar check against a Date.UTC round
// trip, the date-time format against Date.parse, uniqueItems against TypeBox's own compiled check, and the walk for
// polygons still reaching every polygon once it skips points and tuples of numbers.
import { Kind, Type, TypeRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AreaGeometrySchema, PointSchema, PolygonSchema } from './geo.ts';
import { RecordEnvelopeSchemas } from './record.ts';
import { everydayTime, isDateTime, uniqueItemsKey, validate, validCalendarDate } from './validate.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The calendar check as it was: a round trip through Date.UTC. */
function roundTripDate(s: string): boolean {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** The date-time format as it was. */
function dateTimeBefore(v: string): boolean {
  return DATE_TIME.test(v) && roundTripDate(v) && !Number.isNaN(Date.parse(v));
}

const two = (n: number) => String(n).padStart(2, '0');
const four = (n: number) => String(n).padStart(4, '0');

describe('the calendar check', () => {
  it('agrees with the Date.UTC round trip on every month and day number of years around the leap rules and the edges', () => {
    for (const y of [0, 1, 99, 100, 101, 400, 1582, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 9999]) {
      for (let m = 0; m < 100; m++) {
        for (let d = 0; d < 100; d++) {
          const s = `${four(y)}-${two(m)}-${two(d)}`;
          if (validCalendarDate(s) !== roundTripDate(s)) throw new Error(`${s}: ${validCalendarDate(s)} vs ${roundTripDate(s)}`);
        }
      }
    }
  });

  it('agrees with the Date.UTC round trip on any four-digit year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        const s = `${four(y)}-${two(m)}-${two(d)}`;
        expect(validCalendarDate(s)).toBe(roundTripDate(s));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the date-time format', () => {
  it('never calls a time everyday that Date.parse refuses, over every hour, minute and second number', () => {
    for (let h = 0; h < 100; h++) {
      for (let min = 0; min < 100; min++) {
        for (const sec of ['', ...Array.from({ length: 100 }, (_, s) => `:${two(s)}`)]) {
          const s = `2024-02-29T${two(h)}:${two(min)}${sec}Z`;
          if (isDateTime(s) !== dateTimeBefore(s)) throw new Error(`${s}: ${isDateTime(s)} vs ${dateTimeBefore(s)}`);
          if (everydayTime(s) && Number.isNaN(Date.parse(s))) throw new Error(`${s} is everyday but Date.parse refuses it`);
        }
      }
    }
  });

  it('never calls an offset everyday that Date.parse refuses, over every offset hour and minute number', () => {
    for (const sign of ['+', '-']) {
      for (let h = 0; h < 100; h++) {
        for (let m = 0; m < 100; m++) {
          for (const time of ['00:00', '23:59:59', '24:00', '12:30:15.5']) {
            const s = `1999-12-31T${time}${sign}${two(h)}:${two(m)}`;
            if (isDateTime(s) !== dateTimeBefore(s)) throw new Error(`${s}: ${isDateTime(s)} vs ${dateTimeBefore(s)}`);
          }
        }
      }
    }
  });

  it('agrees with the check it replaced on fractions and on any string of the shape', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((ds) => ds.join(''));
    const shaped = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        fc.option(fc.tuple(digits(2), fc.option(fc.integer({ min: 1, max: 10 }).chain(digits), { nil: undefined })), { nil: undefined }),
        fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), digits(2), digits(2)).map(([s, h, m]) => `${s}${h}:${m}`)),
      )
      .map(([y, mo, d, h, mi, sec, off]) => `${y}-${mo}-${d}T${h}:${mi}${sec === undefined ? '' : `:${sec[0]}${sec[1] === undefined ? '' : `.${sec[1]}`}`}${off}`);
    const near = fc.oneof(
      shaped,
      shaped.map((s) => s.replace(/^\d{4}-\d{2}-\d{2}/, '2024-01-15')),
      shaped.map((s) => s.replace(/T\d{2}:\d{2}/, 'T24:00')),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(near, (s) => {
        expect(isDateTime(s)).toBe(dateTimeBefore(s));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('uniqueItems', () => {
  /** Small domains, so equal elements come up often; -0 and 0 and '1' and 1 must stay apart. */
  const element = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('a', 'b', '', '1', 'wheelchair', '要介護1'),
      fc.constantFrom(0, -0, 1, 1.5, Number.NaN),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 2 }),
      fc.dictionary(fc.constantFrom('a', 'b'), tie('value'), { maxKeys: 2 }),
    ),
  })).value;

  it('judges arrays of any elements as TypeBox compiled check does', () => {
    const schema = Type.Array(Type.Unknown(), { uniqueItems: true });
    const typebox = TypeCompiler.Compile(schema);
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), (items) => {
        expect(validate(schema, items).ok).toBe(typebox.Check(items));
      }),
      { numRuns: 5000 },
    );
  });

  it('still checks a schema of a custom kind, through the kinds TypeBox registers', () => {
    TypeRegistry.Set('TsunaguTestEven', (_schema, value) => typeof value === 'number' && value % 2 === 0);
    const schema = Type.Array(Type.Unsafe<number>({ [Kind]: 'TsunaguTestEven' }), { uniqueItems: true });
    expect(validate(schema, [2, 4]).ok).toBe(true);
    expect(validate(schema, [2, 3]).ok).toBe(false);
    expect(validate(schema, [2, 2]).ok).toBe(false);
  });

  it('gives each string itself as its key and other values TypeBox hashes', () => {
    expect(uniqueItemsKey('dialysis')).toBe('dialysis');
    expect(typeof uniqueItemsKey(1)).toBe('bigint');
    expect(uniqueItemsKey(0)).not.toBe(uniqueItemsKey(-0));
  });

  it('judges person drafts with repeated needs and weekdays as TypeBox compiled check does', () => {
    const schema = Type.Omit(RecordEnvelopeSchemas.person, ['version', 'recordedAt']);
    const typebox = TypeCompiler.Compile(schema);
    const needs = fc.array(fc.constantFrom('dialysis', 'lives-alone', 'bedridden', 'wheelchair', 'dementia', 'x'), { maxLength: 4 });
    const days = fc.array(fc.constantFrom('mon', 'tue', 'wed', 'sun', 'mon '), { maxLength: 8 });
    fc.assert(
      fc.property(needs, days, (n, d) => {
        const draft = personDraft(n, d);
        expect(validate(schema, draft).ok).toBe(typebox.Check(draft));
      }),
      { numRuns: 2000 },
    );
    expect(validate(schema, personDraft(['dialysis'], ['mon', 'wed'])).ok).toBe(true);
    expect(validate(schema, personDraft(['dialysis', 'dialysis'], ['mon'])).ok).toBe(false);
    expect(validate(schema, personDraft(['dialysis'], ['mon', 'mon'])).ok).toBe(false);
  });
});

function personDraft(needs: string[], schedule: string[]) {
  return {
    id: 'jp-172022-person-1',
    type: 'person',
    sourceNode: 'jp-172022-nanao-city',
    observedAt: '2024-01-09T17:40:00+09:00',
    quality: { level: 'verified' },
    lineage: [{ activity: 'import', file: 'persons.csv', row: 1, at: '2024-01-09T17:45:12+09:00' }],
    data: {
      name: { full: '七尾 一郎' },
      areaCode: '172022',
      location: { type: 'Point', coordinates: [136.9, 37] },
      care: { needs, dialysis: { schedule } },
      consent: { shareWithSupporters: false },
      onEvacuationSupportList: true,
      safety: { status: 'unknown' },
    },
  };
}

describe('the walk for polygons', () => {
  const open = { type: 'Polygon', coordinates: [[[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.1]]] };
  const closed = { type: 'Polygon', coordinates: [[[136.9, 37.0], [137.0, 37.0], [137.0, 37.1], [136.9, 37.0]]] };
  const expectOpenAt = (schema: TSchema, value: unknown, path: string) => {
    const r = validate(schema, value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual([path]);
  };

  it('still finds an unclosed ring beside points, inside a tuple and in a union of a point and a polygon', () => {
    const Schema = Type.Object({
      at: PointSchema,
      pair: Type.Tuple([Type.String(), AreaGeometrySchema]),
      either: Type.Union([PointSchema, PolygonSchema]),
    });
    const point = { type: 'Point', coordinates: [137, 37] };
    expect(validate(Schema, { at: point, pair: ['a', closed], either: closed }).ok).toBe(true);
    expectOpenAt(Schema, { at: point, pair: ['a', open], either: point }, '/pair/1');
    expectOpenAt(Schema, { at: point, pair: ['a', closed], either: open }, '/either');
  });

  it('still finds an unclosed ring in an object whose type may be a polygon among other literals', () => {
    const Schema = Type.Object({
      shape: Type.Object({ type: Type.Union([Type.Literal('Polygon'), Type.Literal('Box')]), coordinates: Type.Unknown() }),
    });
    expectOpenAt(Schema, { shape: open }, '/shape');
    expect(validate(Schema, { shape: { type: 'Box', coordinates: open.coordinates } }).ok).toBe(true);
  });
});
