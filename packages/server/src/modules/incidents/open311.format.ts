/**
 * Open311 GeoReport v2 documents and their two encodings (http://wiki.open311.org/GeoReport_v2).
 * Pure: no I/O. JSON follows the spec's "Spark convention" mapping of the XML: the lists
 * (services, service_requests, errors) are bare arrays, the rest objects; XML is schemaless,
 * without namespace, preceded by the UTF-8 declaration.
 */

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export function isOpen311Format(s: string): s is Open311Format {
  return (OPEN311_FORMATS as readonly string[]).includes(s);
}

/** `services/{code}.{format}`: splits at the LAST dot, since service codes may contain dots. */
export function splitResource(file: string): { id: string; format: string } {
  const dot = file.lastIndexOf('.');
  return dot <= 0 ? { id: file, format: '' } : { id: file.slice(0, dot), format: file.slice(dot + 1) };
}

/** The format a URL asks for (its extension), XML — the format the spec requires — otherwise. */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return isOpen311Format(ext) ? ext : 'xml';
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  /** Comma-separated. */
  keywords: string;
  group: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: string;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311Created {
  service_request_id: string;
  service_notice: string | null;
  account_id: string | null;
}

export interface Open311Token {
  service_request_id: string;
  token: string;
}

export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: 'production' | 'test';
    formats: string[];
  }[];
}

export interface Open311Error {
  code: number;
  description: string;
}

/** A rendered document: body and its Content-Type. */
export interface Rendered {
  contentType: string;
  body: string;
}

/** Element names of list items, by the name of their list. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  errors: 'error',
};

/** Characters XML 1.0 forbids: C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates. */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text safe inside an XML 1.0 element: markup escaped, CR kept, characters XML 1.0 forbids dropped,
 * so user text can never make the document ill-formed.
 */
export function xmlText(s: string): string {
  return (
    s
      .replace(NOT_XML_CHAR, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // XML parsers turn a raw CR into LF; a character reference keeps the text as written.
      .replace(/\r/g, '&#13;')
  );
}

type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

function xmlElement(name: string, value: XmlValue, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    if (value.length === 0) return `${indent}<${name}/>`;
    return `${indent}<${name}>\n${value.map((v) => xmlElement(item, v, `${indent}  `)).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value).map(([k, v]) => xmlElement(k, v, `${indent}  `));
    return children.length === 0
      ? `${indent}<${name}/>`
      : `${indent}<${name}>\n${children.join('\n')}\n${indent}</${name}>`;
  }
  return `${indent}<${name}>${xmlText(String(value))}</${name}>`;
}

function xmlDocument(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlElement(root, value, '')}\n`;
}

function render(format: Open311Format, root: string, value: unknown): Rendered {
  return {
    contentType: OPEN311_CONTENT_TYPES[format],
    body: format === 'json' ? JSON.stringify(value) : xmlDocument(root, value as XmlValue),
  };
}

export function renderServices(format: Open311Format, services: Open311Service[]): Rendered {
  return render(format, 'services', services);
}

export function renderServiceDefinition(format: Open311Format, def: Open311ServiceDefinition): Rendered {
  return render(format, 'service_definition', def);
}

/** `service_requests`: request lists, a created request, token lookups. */
export function renderServiceRequests(
  format: Open311Format,
  requests: Open311Request[] | Open311Created[] | Open311Token[],
): Rendered {
  return render(format, 'service_requests', requests);
}

export function renderDiscovery(format: Open311Format, d: Open311Discovery): Rendered {
  return render(format, 'discovery', d);
}

export function renderErrors(format: Open311Format, errors: Open311Error[]): Rendered {
  return render(format, 'errors', errors);
}

/**
 * A w3c datetime (ISO 8601 with offset) in China Standard Time, which has had no DST since 1991:
 * `2026-03-01T09:30:00+08:00`. Clients get the local wall time the centre works in.
 */
export function w3cDatetime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** Parses a w3c datetime; the spec requires a zone (Z or ±HH:MM). Null when invalid. */
export function parseW3cDatetime(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}
