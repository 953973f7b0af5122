// saxes is exceljs's strict XML parser (installed with it): tests use it to prove documents well-formed.
import { SaxesParser } from 'saxes';

/** An XML element read back for tests. */
export interface XmlNode {
  name: string;
  text: string;
  selfClosing: boolean;
  children: XmlNode[];
}

/** Parses strictly (throws on anything ill-formed) into a tree of elements. */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, text: '', selfClosing: tag.isSelfClosing, children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

const LISTS = new Set(['services', 'attributes', 'values', 'endpoints', 'formats', 'service_requests', 'errors']);

/** The JSON an Open311 XML document maps to (Spark convention): lists → arrays, `<x/>` → null. */
export function sparkJson(node: XmlNode): unknown {
  if (LISTS.has(node.name)) return node.children.map(sparkJson);
  if (node.children.length > 0) return Object.fromEntries(node.children.map((c) => [c.name, sparkJson(c)]));
  return node.selfClosing ? null : node.text;
}
