// The plain tree of a document libxml2 has already parsed as well-formed, read from its text in JavaScript: walking
// libxml2's own tree costs a wrapper object per node across the WebAssembly boundary, three times the parse itself.
// Only screened text (no DOCTYPE, so no entities beyond XML's five and character references) may come here.
import type { XmlElementValue, XmlNode } from './xml-input.ts';

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** XML's five predefined entities and character references, as libxml2 substitutes them without a DTD. */
function decodeReferences(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return PREDEFINED[ref] ?? whole;
  });
}

/** An attribute value after XML's normalisation (§3.3.3, CDATA): each literal tab or line end is a space. */
function attributeValue(raw: string): string {
  return decodeReferences(raw.replace(/[\t\n]/g, ' '));
}

/** The local part of a qualified name: cap:alert and alert are the same element. */
const localName = (qname: string): string => {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
};

interface OpenElement {
  name: string;
  node: XmlNode;
  text: string;
  structured: boolean;
  /** Prefix → namespace in scope ('' the default), kept only when namespaces are to be skipped. */
  scope?: ReadonlyMap<string, string>;
  /** In a skipped namespace (or inside such an element): read, then left out of the tree. */
  skipped?: boolean;
}

/** The prefix part of a qualified name ('' for none). */
const prefixOf = (qname: string): string => {
  const colon = qname.indexOf(':');
  return colon < 0 ? '' : qname.slice(0, colon);
};

// \s is the very set String.prototype.trim removes (white space and line terminators).
const BLANK = /^\s*$/;
const START_TAG_NAME = /<([^\s/>]+)/y;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const START_TAG_END = /\s*(\/?)>/y;

/** A child's value under its parent: by local name, a list once the name repeats. */
function attach(parent: OpenElement, name: string, value: XmlElementValue): void {
  parent.structured = true;
  const seen = parent.node[name];
  if (seen === undefined) parent.node[name] = value;
  else if (Array.isArray(seen)) seen.push(value);
  else parent.node[name] = [seen, value];
}

/** What an element becomes: its trimmed text alone, or its attributes and children with `#text` when it has any. */
function valueOf(open: OpenElement): XmlElementValue {
  const trimmed = open.text.trim();
  if (!open.structured) return trimmed;
  if (trimmed !== '') open.node['#text'] = trimmed;
  return open.node;
}

/**
 * The plain tree of well-formed XML text: `{ rootName: value }`, child elements by local name (a list when repeated),
 * attributes as `@name` (namespace declarations are not attributes), text and CDATA joined and trimmed, as `#text`
 * when the element also has children or attributes; comments and processing instructions dropped. Throws on text
 * that is not well-formed only as far as it notices: callers first have libxml2 parse the same text.
 * `skipNamespaces`: elements in these namespaces are left out with everything inside them — what a schema lets pass
 * through an open wildcard must not be read by local name as if it were the element the reader knows.
 */
export function plainTreeOfText(input: string, skipNamespaces?: ReadonlySet<string>): XmlNode {
  // XML reads every CR LF or lone CR as LF (§2.11) before anything else, as libxml2 does.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const stack: OpenElement[] = [];
  let root: XmlNode | undefined;
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const top = stack[stack.length - 1];
    if (lt < 0 || lt > pos) {
      const end = lt < 0 ? text.length : lt;
      const piece = text.slice(pos, end);
      // Blank text before an element's first words would be trimmed away: skip it rather than join it (most text
      // between tags is indentation).
      if (top && (top.text !== '' || !BLANK.test(piece))) top.text += decodeReferences(piece);
      pos = end;
      continue;
    }
    if (text.startsWith('<!--', pos)) {
      pos = text.indexOf('-->', pos + 4) + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (top) top.text += text.slice(pos + 9, end);
      pos = end + 3;
    } else if (text.startsWith('<?', pos)) {
      pos = text.indexOf('?>', pos + 2) + 2;
    } else if (text.startsWith('</', pos)) {
      const closed = stack.pop();
      if (!closed) throw new Error('end tag without a start tag');
      const value = valueOf(closed);
      const parent = stack[stack.length - 1];
      if (closed.skipped && parent) {
        // Left out; the root itself is never skipped (a document in a skipped namespace is read as it is).
      } else if (parent) attach(parent, closed.name, value);
      else root = { [closed.name]: value };
      pos = text.indexOf('>', pos + 2) + 1;
    } else {
      START_TAG_NAME.lastIndex = pos;
      const name = START_TAG_NAME.exec(text);
      if (!name) throw new Error('unreadable start tag');
      const open: OpenElement = { name: localName(name[1]!), node: {}, text: '', structured: false };
      let declared: Map<string, string> | undefined;
      let at = START_TAG_NAME.lastIndex;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const a = ATTRIBUTE.exec(text);
        if (!a) break;
        at = ATTRIBUTE.lastIndex;
        const qname = a[1]!;
        if (qname === 'xmlns' || qname.startsWith('xmlns:')) {
          if (skipNamespaces) (declared ??= new Map(top?.scope)).set(qname === 'xmlns' ? '' : qname.slice(6), attributeValue(a[2] ?? a[3]!));
          continue;
        }
        open.node[`@${localName(qname)}`] = attributeValue(a[2] ?? a[3]!);
        open.structured = true;
      }
      if (skipNamespaces) {
        open.scope = declared ?? top?.scope ?? new Map();
        open.skipped = (top?.skipped ?? false) || skipNamespaces.has(open.scope.get(prefixOf(name[1]!)) ?? '');
      }
      START_TAG_END.lastIndex = at;
      const end = START_TAG_END.exec(text);
      if (!end) throw new Error('unreadable start tag');
      pos = START_TAG_END.lastIndex;
      if (end[1] === '/') {
        const value = valueOf(open);
        if (top && open.skipped) {
          // Left out, as above.
        } else if (top) attach(top, open.name, value);
        else root = { [open.name]: value };
      } else {
        stack.push(open);
      }
    }
    if (pos <= lt) throw new Error('unterminated markup');
  }
  if (!root || stack.length > 0) throw new Error('no complete root element');
  return root;
}
