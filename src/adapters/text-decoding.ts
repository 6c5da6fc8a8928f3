// Turn file bytes into text. Japanese public data often arrives as Shift_JIS (CP932) or EUC-JP: we detect
// and convert it, and say so; bytes that are no known text encoding are refused rather than guessed at.
export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'euc-jp';

export type DecodedText =
  | { ok: true; text: string; encoding: DetectedEncoding }
  | { ok: false; reason: 'binary' | 'unknown-encoding' };

function tryDecode(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** How Japanese a text looks: kana and common kanji count for, replacement and control characters against. */
function japaneseScore(text: string): number {
  let score = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff5e)) score += 2;
    else if (c >= 0xff61 && c <= 0xff9f) score -= 1; // half-width katakana: a common mis-decoding symptom
    else if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) score -= 5;
  }
  return score;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    return text === undefined ? { ok: false, reason: 'unknown-encoding' } : { ok: true, text, encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = tryDecode('utf-16le', bytes.subarray(2));
    return text === undefined ? { ok: false, reason: 'unknown-encoding' } : { ok: true, text, encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = tryDecode('utf-16be', bytes.subarray(2));
    return text === undefined ? { ok: false, reason: 'unknown-encoding' } : { ok: true, text, encoding: 'utf-16be' };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'binary' };
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'utf-8' };
  const candidates = (['shift_jis', 'euc-jp'] as const)
    .map((encoding) => ({ encoding, text: tryDecode(encoding, bytes) }))
    .filter((c): c is { encoding: 'shift_jis' | 'euc-jp'; text: string } => c.text !== undefined)
    .map((c) => ({ ...c, score: japaneseScore(c.text) }))
    .sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best || best.score <= 0) return { ok: false, reason: 'unknown-encoding' };
  return { ok: true, text: best.text, encoding: best.encoding };
}
