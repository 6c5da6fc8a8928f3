import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { ParseOption, XmlCData, XmlDocument, XmlElement, XmlText } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../test/support/shared-data.ts';
import type { XmlElementValue, XmlNode } from './xml-input.ts';
import { plainTreeOfText } from './xml-tree.ts';

/**
 * The reference: the plain tree as Tsunagu built it before (up to commit 4a7fd47), by walking libxml2's own tree.
 * The reader in xml-tree.ts must give the same tree, key order included (converters walk keys in order).
 */
function libxml2Tree(element: XmlElement): XmlElementValue {
  const node: XmlNode = {};
  let text = '';
  let structured = false;
  for (const a of element.attrs) {
    node[`@${a.name}`] = a.value;
    structured = true;
  }
  for (let c = element.firstChild; c; c = c.next) {
    if (c instanceof XmlElement) {
      structured = true;
      const value = libxml2Tree(c);
      const seen = node[c.name];
      if (seen === undefined) node[c.name] = value;
      else if (Array.isArray(seen)) seen.push(value);
      else node[c.name] = [seen, value];
    } else if (c instanceof XmlText || c instanceof XmlCData) {
      text += c.content;
    }
  }
  const trimmed = text.trim();
  if (!structured) return trimmed;
  if (trimmed !== '') node['#text'] = trimmed;
  return node;
}

/** libxml2's tree of the text, or undefined when libxml2 refuses it. */
function reference(text: string): XmlNode | undefined {
  let doc: XmlDocument | undefined;
  try {
    doc = XmlDocument.fromString(text, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE, encoding: 'utf-8' });
    return { [doc.root.name]: libxml2Tree(doc.root) };
  } catch {
    return undefined;
  } finally {
    doc?.dispose();
  }
}

/** Same tree, same key order: JSON text equality says both. */
function expectSameTree(text: string, label: string): void {
  const expected = reference(text);
  expect(expected, `${label}: libxml2 reads it`).toBeDefined();
  expect(JSON.stringify(plainTreeOfText(text)), label).toBe(JSON.stringify(expected));
}

const repoFile = (path: string) => new URL(`../../../${path}`, import.meta.url);

describe('the plain tree read from text', () => {
  it("equals libxml2's tree for every JMA sample telegram, CAP sample and XML fixture of the repository", () => {
    const files: { label: string; text: string }[] = [];
    for (const dir of ['jma', 'cap']) {
      for (const f of readdirSync(sharedDataPath(dir)).filter((x) => /\.(xml|cap|edxlde)$/.test(x))) {
        files.push({ label: `${dir}/${f}`, text: readFileSync(`${sharedDataPath(dir)}/${f}`, 'utf8') });
      }
    }
    for (const dir of ['examples/alerts', 'test/fixtures/cap', 'test/fixtures/edxl-rm']) {
      for (const f of readdirSync(repoFile(dir)).filter((x) => /\.(xml|cap|edxlde)$/.test(x) && !x.startsWith('hostile'))) {
        // The ISO-8859-1 fixture is read here as Latin-1, as readXml decodes it by its declaration.
        const bytes = readFileSync(repoFile(`${dir}/${f}`));
        const text = f.includes('iso8859') ? bytes.toString('latin1') : bytes.toString('utf8');
        files.push({ label: `${dir}/${f}`, text });
      }
    }
    expect(files.length).toBeGreaterThan(95);
    for (const { label, text } of files) expectSameTree(text, label);
  });

  it('decodes the predefined entities and character references, in text and in attributes', () => {
    expectSameTree('<a x="&lt;&#65;&#x42;&amp;&quot;">&apos;&gt;&#x3042;&#12354;</a>', 'references');
    expect(plainTreeOfText('<a x="&lt;&#65;">&#x3042;</a>')).toEqual({ a: { '@x': '<A', '#text': 'あ' } });
  });

  it('normalises line ends, and tabs and line ends in attribute values, as XML does', () => {
    expectSameTree('<a x="1\t2\r\n3\n4&#10;5">one\r\ntwo\rthree</a>', 'line ends');
    expect(plainTreeOfText('<a x="1\t2\r\n3&#10;4">one\r\ntwo</a>')).toEqual({ a: { '@x': '1 2 3\n4', '#text': 'one\ntwo' } });
  });

  it('drops namespace declarations, prefixes, comments and processing instructions, and keeps CDATA as text', () => {
    const text = '<?xml version="1.0"?><!-- c --><p:a xmlns:p="urn:x" xmlns="urn:y" p:lang="ja"><p:b>1</p:b><b><![CDATA[<2>]]></b> t <!-- x --></p:a>';
    expectSameTree(text, 'namespaces');
    expect(plainTreeOfText(text)).toEqual({ a: { '@lang': 'ja', b: ['1', '<2>'], '#text': 't' } });
  });

  it('leaves out elements of the namespaces to skip, with everything inside them, whatever their prefix', () => {
    const text =
      '<r xmlns="urn:main" xmlns:x="urn:skip"><Area>a</Area><x:Area><Code>1</Code></x:Area>' +
      '<Area xmlns="urn:skip"><Code>2</Code></Area><y:Area xmlns:y="urn:skip">3</y:Area><x:Other x:at="1"/><Area>b</Area></r>';
    expect(plainTreeOfText(text, new Set(['urn:skip']))).toEqual({ r: { Area: ['a', 'b'] } });
    // Nothing skipped: the same tree as without the option.
    expect(plainTreeOfText(text, new Set())).toEqual(plainTreeOfText(text));
    // A prefix bound to the skipped namespace only inside a sibling does not reach the next one.
    expect(plainTreeOfText('<r><a xmlns:x="urn:skip"><x:b/></a><x:b xmlns:x="urn:keep">k</x:b></r>', new Set(['urn:skip']))).toEqual({ r: { a: '', b: 'k' } });
  });

  it('reads what follows a processing instruction inside an element, which the walk of libxml2-wasm 0.7 lost', () => {
    // libxml2-wasm's processing-instruction node has no `next`, so the old walk stopped at it and dropped <b>.
    const text = '<a><?pi x?><b>1</b></a>';
    expect(reference(text)).toEqual({ a: '' });
    expect(plainTreeOfText(text)).toEqual({ a: { b: '1' } });
  });

  it("equals libxml2's tree for arbitrary well-formed documents", () => {
    const name = fc.constantFrom('a', 'b', 'Code', 'Name', 'p:Area', 'q:b', 'x-y', 'z.1');
    const textChar = fc.constantFrom('x', ' ', '\n', '\r\n', '\t', '&amp;', '&lt;', '&gt;', '&#10;', '&#x3000;', '　', '>', '"', "'", 'あ', ']]');
    const text = fc.array(textChar, { maxLength: 6 }).map((a) => a.join(''));
    const attrChar = fc.constantFrom('x', ' ', '\t', '\n', '\r\n', '&amp;', '&#9;', '&#10;', '>', 'あ');
    const attrs = fc.uniqueArray(fc.record({ n: fc.constantFrom('id', 'type', 'p:unit', 'xml:lang', 'xmlns:p', 'xmlns'), v: fc.array(attrChar, { maxLength: 4 }).map((a) => a.join('')) }), { selector: (a) => a.n, maxLength: 3 });
    const { element } = fc.letrec<{ element: string; content: string }>((tie) => ({
      element: fc.tuple(name, attrs, fc.option(tie('content'), { nil: undefined })).map(([n, as, content]) => {
        const declared = as.some((a) => a.n === 'xmlns:p') ? '' : ' xmlns:p="urn:p"';
        const attributes = as.map((a) => ` ${a.n}="${a.n.startsWith('xmlns') ? 'urn:p' : a.v}"`).join('');
        const open = `${n}${declared} xmlns:q="urn:q"${attributes}`;
        return content === undefined ? `<${open}/>` : `<${open}>${content}</${n}>`;
      }),
      content: fc.array(fc.oneof({ depthSize: 'small' }, { weight: 3, arbitrary: text }, { weight: 2, arbitrary: tie('element') }, fc.constant('<!-- c -->'), fc.constant('<![CDATA[ <c> & ]]>')), { maxLength: 4 }).map((a) => a.join('')),
    }));
    fc.assert(
      fc.property(element, fc.boolean(), (doc, declaration) => {
        const source = `${declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${doc}`;
        if (reference(source) === undefined) return; // e.g. a text "]]>" is not well-formed; libxml2 is the judge
        expectSameTree(source, source);
      }),
      { numRuns: 400 },
    );
  });
});
