// Parse JSON and, when it is malformed, say exactly where: V8's messages give a position only for some errors, and a
// person fixing a 400 kB GeoJSON file needs the line and column of the first mistake.
export type JsonParseResult =
  | { ok: true; value: unknown }
  | { ok: false; position: number; line: number; column: number; found: string | undefined };

export function parseJsonLocated(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const found = firstSyntaxError(text);
    // The scanner accepts everything JSON.parse accepts; should they ever disagree, point at the end.
    const position = found < 0 ? text.length : found;
    return { ok: false, position, ...lineAndColumn(text, position), found: position < text.length ? text[position] : undefined };
  }
}

/** 1-based line and column (in UTF-16 units) of an offset; CR LF and LF both end a line. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;

/**
 * Offset of the first character that makes the text invalid JSON (RFC 8259), or -1 when it is valid. Iterative with
 * an explicit stack, so deeply nested input cannot overflow the call stack.
 */
export function firstSyntaxError(s: string): number {
  const n = s.length;
  const stack: ('array' | 'object')[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after-value' = 'value';

  const skipWhitespace = () => {
    while (i < n && WHITESPACE.has(s[i]!)) i++;
  };
  /** Scan a string starting at s[i] === '"'; returns the error offset or -1. */
  const scanString = (): number => {
    i++;
    while (i < n) {
      const c = s[i]!;
      if (c === '"') {
        i++;
        return -1;
      }
      if (c === '\\') {
        const e = s[i + 1];
        if (e === undefined) return n;
        if (e === 'u') {
          if (!HEX.test(s.slice(i + 2, i + 6))) return i + 1;
          i += 6;
        } else if (SIMPLE_ESCAPES.has(e)) {
          i += 2;
        } else {
          return i + 1;
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return i;
      i++;
    }
    return n;
  };
  const digits = (): boolean => {
    const start = i;
    while (i < n && s[i]! >= '0' && s[i]! <= '9') i++;
    return i > start;
  };
  const scanNumber = (): number => {
    if (s[i] === '-') i++;
    if (s[i] === '0') i++;
    else if (!digits()) return i;
    if (s[i] === '.') {
      i++;
      if (!digits()) return i;
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i++;
      if (s[i] === '+' || s[i] === '-') i++;
      if (!digits()) return i;
    }
    return -1;
  };

  for (;;) {
    skipWhitespace();
    if (state === 'value') {
      const c = s[i];
      if (c === undefined) return n;
      if (c === '{' || c === '[') {
        i++;
        skipWhitespace();
        if (s[i] === (c === '{' ? '}' : ']')) {
          i++;
          state = 'after-value';
        } else {
          stack.push(c === '{' ? 'object' : 'array');
          state = c === '{' ? 'key' : 'value';
        }
        continue;
      }
      let err = -1;
      if (c === '"') err = scanString();
      else if (c === '-' || (c >= '0' && c <= '9')) err = scanNumber();
      else {
        const literal = ['true', 'false', 'null'].find((w) => s.startsWith(w, i));
        if (!literal) return i;
        i += literal.length;
      }
      if (err >= 0) return err;
      state = 'after-value';
    } else if (state === 'key') {
      if (s[i] !== '"') return i < n ? i : n;
      const err = scanString();
      if (err >= 0) return err;
      skipWhitespace();
      if (s[i] !== ':') return i < n ? i : n;
      i++;
      state = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : -1;
      const c = s[i];
      if (c === undefined) return n;
      if (c === ',') {
        i++;
        state = top === 'object' ? 'key' : 'value';
      } else if (c === (top === 'object' ? '}' : ']')) {
        i++;
        stack.pop();
      } else {
        return i;
      }
    }
  }
}
