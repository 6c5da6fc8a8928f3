// Encode text as Shift_JIS (CP932) or EUC-JP for tests. TextEncoder only writes UTF-8, so the tables are built once by
// decoding every two-byte sequence with TextDecoder and inverting the result; that is slow-ish but exact.
function invert(label: string, leads: number[], trails: number[]): Map<string, Uint8Array> {
  const decoder = new TextDecoder(label);
  const table = new Map<string, Uint8Array>();
  for (const lead of leads) {
    for (const trail of trails) {
      const bytes = new Uint8Array([lead, trail]);
      const ch = decoder.decode(bytes);
      // The first sequence wins: CP932 has duplicate NEC/IBM codes for some characters, and decoders map both back.
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, bytes);
    }
  }
  return table;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

let shiftJisTable: Map<string, Uint8Array> | undefined;
let eucJpTable: Map<string, Uint8Array> | undefined;

function encodeWith(text: string, table: Map<string, Uint8Array>, single: (code: number) => number[] | undefined, label: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const one = single(code);
    if (one) out.push(...one);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`${label} cannot encode ${JSON.stringify(ch)} (U+${code.toString(16).toUpperCase()})`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

/** Shift_JIS as Windows writes it (CP932, which WHATWG's shift_jis decoder reads). Throws on unencodable characters. */
export function encodeShiftJis(text: string): Uint8Array {
  shiftJisTable ??= invert('shift_jis', [...range(0x81, 0x9f), ...range(0xe0, 0xfc)], [...range(0x40, 0x7e), ...range(0x80, 0xfc)]);
  return encodeWith(
    text,
    shiftJisTable,
    (c) => (c < 0x80 ? [c] : c >= 0xff61 && c <= 0xff9f ? [c - 0xff61 + 0xa1] : undefined),
    'Shift_JIS',
  );
}

/** EUC-JP (JIS X 0208 and half-width katakana). Throws on unencodable characters. */
export function encodeEucJp(text: string): Uint8Array {
  eucJpTable ??= invert('euc-jp', range(0xa1, 0xfe), range(0xa1, 0xfe));
  return encodeWith(
    text,
    eucJpTable,
    (c) => (c < 0x80 ? [c] : c >= 0xff61 && c <= 0xff9f ? [0x8e, c - 0xff61 + 0xa1] : undefined),
    'EUC-JP',
  );
}

/** Whether every character of the text can be written in Shift_JIS. */
export function shiftJisEncodable(text: string): boolean {
  try {
    encodeShiftJis(text);
    return true;
  } catch {
    return false;
  }
}
