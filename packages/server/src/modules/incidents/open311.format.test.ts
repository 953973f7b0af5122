import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatOfUrl,
  parseW3cDatetime,
  renderDiscovery,
  renderErrors,
  renderServiceDefinition,
  renderServiceRequests,
  renderServices,
  splitResource,
  w3cDatetime,
  xmlText,
  type Open311Request,
  type Rendered,
} from './open311.format.ts';
import { parseXml, sparkJson } from './open311.xml.test-helper.ts';

const request: Open311Request = {
  service_request_id: 'LG-2026-000123',
  status: 'open',
  status_notes: '已派单 / dispatched',
  service_name: '占道经营',
  service_code: 'street-vending',
  description: '路口有人摆摊 <b>&</b> "堵路"',
  agency_responsible: null,
  service_notice: null,
  requested_datetime: '2026-03-01T09:30:00+08:00',
  updated_datetime: '2026-03-01T09:31:00+08:00',
  expected_datetime: null,
  address: '龙港大道1号',
  address_id: '330383-G01',
  zipcode: null,
  lat: 27.578,
  long: 120.553,
  media_url: null,
};

/** The XML parses strictly and, read back by the Spark convention, is the JSON document. */
function sameDocument(render: (f: 'json' | 'xml') => Rendered, root: string): unknown {
  const json = render('json');
  const xml = render('xml');
  expect(json.contentType).toBe('application/json; charset=utf-8');
  expect(xml.contentType).toBe('text/xml; charset=utf-8');
  expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
  const tree = parseXml(xml.body);
  expect(tree.name).toBe(root);
  const fromXml = sparkJson(tree);
  const fromJson = JSON.parse(json.body) as unknown;
  expect(fromXml).toEqual(stringify(fromJson));
  return fromJson;
}

/** XML has only text: compare with the JSON's scalars as their text (null → empty element). */
function stringify(v: unknown): unknown {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map(stringify);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringify(x)]));
  return typeof v === 'string' ? v : JSON.stringify(v);
}

describe('open311 format', () => {
  it('renders services as <services><service> and a bare JSON array', () => {
    const doc = sameDocument(
      (f) =>
        renderServices(f, [
          {
            service_code: 'street-vending',
            service_name: '占道经营',
            description: '',
            metadata: true,
            type: 'realtime',
            keywords: '摊贩, 占道',
            group: '城市管理',
          },
        ]),
      'services',
    );
    expect(doc).toEqual([expect.objectContaining({ metadata: true, keywords: '摊贩, 占道' })]);
  });

  it('renders a service definition with attributes and values', () => {
    sameDocument(
      (f) =>
        renderServiceDefinition(f, {
          service_code: 'a.b',
          attributes: [
            {
              variable: true,
              code: 'kind',
              datatype: 'singlevaluelist',
              required: true,
              datatype_description: null,
              order: 1,
              description: '类型',
              values: [
                { key: 'food', name: '餐饮' },
                { key: 'goods', name: '百货' },
              ],
            },
          ],
        }),
      'service_definition',
    );
  });

  it('renders requests, created requests, tokens, discovery and errors', () => {
    sameDocument((f) => renderServiceRequests(f, [request, { ...request, status: 'closed' }]), 'service_requests');
    sameDocument(
      (f) => renderServiceRequests(f, [{ service_request_id: 'X-1', service_notice: 'ok', account_id: null }]),
      'service_requests',
    );
    sameDocument((f) => renderServiceRequests(f, [{ service_request_id: 'X-1', token: 'X-1' }]), 'service_requests');
    sameDocument(
      (f) =>
        renderDiscovery(f, {
          changeset: '2026-03-01T09:30:00+08:00',
          contact: 'c',
          key_service: 'k',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url: 'http://x/open311/v2',
              changeset: '2026-03-01T09:30:00+08:00',
              type: 'production',
              formats: ['text/xml', 'application/json'],
            },
          ],
        }),
      'discovery',
    );
    const errors = renderErrors('xml', [{ code: 403, description: 'Invalid api_key' }]);
    expect(errors.body).toContain(
      '<errors>\n  <error>\n    <code>403</code>\n    <description>Invalid api_key</description>',
    );
    expect(JSON.parse(renderErrors('json', [{ code: 400, description: 'x' }]).body)).toEqual([
      { code: 400, description: 'x' },
    ]);
    expect(renderServiceRequests('xml', []).body).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests/>\n');
  });

  it('keeps any user text well-formed XML (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const body = renderServiceRequests('xml', [{ ...request, description: text }]).body;
        const tree = parseXml(body);
        const got = tree.children[0]?.children.find((c) => c.name === 'description')?.text ?? '';
        expect(got).toBe(text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, ''));
      }),
      { numRuns: 300 },
    );
    expect(xmlText('a<&>"\'\u0001b')).toBe('a&lt;&amp;&gt;&quot;&apos;b');
  });

  it('splits resources at the last dot and reads the format of a URL', () => {
    expect(splitResource('public.lighting.json')).toEqual({ id: 'public.lighting', format: 'json' });
    expect(splitResource('LG-2026-000001.xml')).toEqual({ id: 'LG-2026-000001', format: 'xml' });
    expect(splitResource('nodot')).toEqual({ id: 'nodot', format: '' });
    expect(formatOfUrl('/open311/v2/services.json?x=1')).toBe('json');
    expect(formatOfUrl('/open311/v2/services.csv')).toBe('xml');
    expect(formatOfUrl('/open311/v2/nothing')).toBe('xml');
  });

  it('writes w3c datetimes in China Standard Time and parses only zoned ones', () => {
    expect(w3cDatetime(new Date('2026-03-01T01:30:00Z'))).toBe('2026-03-01T09:30:00+08:00');
    expect(parseW3cDatetime('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cDatetime('2010-01-01T08:00:00+08:00')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cDatetime('2010-01-01T00:00:00')).toBeNull();
    expect(parseW3cDatetime('2010-13-01T00:00:00Z')).toBeNull();
    expect(parseW3cDatetime('yesterday')).toBeNull();
  });
});
