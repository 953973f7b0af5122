import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bboxOf, haversineMeters, parseOutlines, pointInGeometry } from './geo.engine.ts';

const square = (x0: number, y0: number, size: number): [number, number][] => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];
const pt = fc.record({
  lat: fc.double({ min: -80, max: 80, noNaN: true }),
  lng: fc.double({ min: -179, max: 179, noNaN: true }),
});

describe('geo engine', () => {
  it('measures 1° of latitude as about 111.2 km', () => {
    expect(haversineMeters({ lat: 27.5, lng: 120.5 }, { lat: 28.5, lng: 120.5 })).toBeCloseTo(111_195, -1);
    expect(haversineMeters({ lat: 27.5, lng: 120.5 }, { lat: 27.5, lng: 120.5 })).toBe(0);
  });

  it('haversine is symmetric and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(pt, pt, pt, (a, b, c) => {
        expect(haversineMeters(a, b)).toBeCloseTo(haversineMeters(b, a), 6);
        expect(haversineMeters(a, c)).toBeLessThanOrEqual(haversineMeters(a, b) + haversineMeters(b, c) + 1e-6);
      }),
      { numRuns: 500 },
    );
  });

  it('point in polygon agrees with a brute force on squares and respects holes', () => {
    const coord = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 10);
    fc.assert(
      fc.property(
        coord,
        coord,
        fc.integer({ min: 1, max: 500 }).map((v) => v / 10),
        coord,
        coord,
        (x0, y0, size, px, py) => {
          // Keep the point off the boundary, where either answer is acceptable.
          fc.pre(px !== x0 && px !== x0 + size && py !== y0 && py !== y0 + size);
          const lng = px;
          const lat = py;
          const outer = square(x0, y0, size);
          const inside = lng > x0 && lng < x0 + size && lat > y0 && lat < y0 + size;
          expect(pointInGeometry({ lat, lng }, { type: 'Polygon', coordinates: [outer] })).toBe(inside);
          // A hole: the middle third.
          const h = size / 3;
          const hole = square(x0 + h, y0 + h, h);
          const inHole = lng > x0 + h && lng < x0 + 2 * h && lat > y0 + h && lat < y0 + 2 * h;
          const onHoleEdge = lng === x0 + h || lng === x0 + 2 * h || lat === y0 + h || lat === y0 + 2 * h;
          fc.pre(!onHoleEdge);
          expect(pointInGeometry({ lat, lng }, { type: 'Polygon', coordinates: [outer, hole] })).toBe(
            inside && !inHole,
          );
          const multi = { type: 'MultiPolygon', coordinates: [[square(500, 500, 1)], [outer, hole]] };
          expect(pointInGeometry({ lat, lng }, multi)).toBe(inside && !inHole);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('handles concave outlines and junk geometry', () => {
    // An L shape: the notch at the top right is outside.
    const l = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [1, 2],
          [0, 2],
          [0, 0],
        ],
      ],
    };
    expect(pointInGeometry({ lng: 0.5, lat: 1.5 }, l)).toBe(true);
    expect(pointInGeometry({ lng: 1.5, lat: 1.5 }, l)).toBe(false);
    expect(pointInGeometry({ lng: 1.5, lat: 0.5 }, l)).toBe(true);
    expect(pointInGeometry({ lng: 0, lat: 0 }, null)).toBe(false);
    expect(pointInGeometry({ lng: 0, lat: 0 }, { type: 'Point', coordinates: [0, 0] })).toBe(false);
    expect(bboxOf(l)).toEqual({ minLat: 0, minLng: 0, maxLat: 2, maxLng: 2 });
  });

  it('validates outline collections feature by feature', () => {
    const sut = parseOutlines({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'G01' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [120, 27],
                [121, 27],
                [121, 28],
              ],
            ],
          },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } },
        { type: 'Feature', properties: { code: 'G02' }, geometry: { type: 'Point', coordinates: [0, 0] } },
        {
          type: 'Feature',
          properties: { code: 'G03' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [200, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
        { type: 'Feature', properties: { code: 'G01' }, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } },
        {
          type: 'Feature',
          properties: { code: 'G04' },
          geometry: { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)]] },
        },
      ],
    });
    expect(sut.items.map((i) => i.code)).toEqual(['G01', 'G04']);
    // The unclosed ring was closed.
    expect((sut.items[0]!.geometry as { coordinates: number[][][] }).coordinates[0]).toHaveLength(4);
    expect(sut.errors.map((e) => [e.index, e.path])).toEqual([
      [1, 'features[1].properties.code'],
      [2, 'features[2].geometry.type'],
      [3, 'features[3].geometry.coordinates[0][1]'],
      [4, 'features[4].properties.code'],
    ]);
    expect(parseOutlines({ type: 'Feature' }).errors[0]!.index).toBe(-1);
  });
});
