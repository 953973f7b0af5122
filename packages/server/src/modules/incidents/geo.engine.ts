/**
 * Geometry for placing incidents: distances, point in grid outline (GeoJSON, WGS-84, lng/lat
 * order) and validation of uploaded outlines. Pure; planar ray casting is exact enough at the
 * scale of a grid (a few hundred metres).
 */

const EARTH_RADIUS_M = 6_371_008.8;

type Position = readonly [number, number];
type Ring = readonly Position[];
type PolygonCoords = readonly Ring[];

/** Great-circle distance in metres. */
export function haversineMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(x: number, y: number, poly: PolygonCoords): boolean {
  if (poly.length === 0 || !inRing(x, y, poly[0]!)) return false;
  for (let k = 1; k < poly.length; k++) if (inRing(x, y, poly[k]!)) return false;
  return true;
}

function polygonsOf(geometry: unknown): PolygonCoords[] {
  if (!geometry || typeof geometry !== 'object') return [];
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (!Array.isArray(g.coordinates)) return [];
  if (g.type === 'Polygon') return [g.coordinates as PolygonCoords];
  if (g.type === 'MultiPolygon') return g.coordinates as PolygonCoords[];
  return [];
}

/** GeoJSON Polygon or MultiPolygon (lng, lat order), holes respected. Anything else: false. */
export function pointInGeometry(point: { lat: number; lng: number }, geometry: unknown): boolean {
  return polygonsOf(geometry).some((p) => inPolygon(point.lng, point.lat, p));
}

/** Bounding box of a Polygon/MultiPolygon (outer rings); all NaN-free input assumed (see parseOutlines). */
export function bboxOf(geometry: unknown): { minLat: number; minLng: number; maxLat: number; maxLng: number } {
  let minLat = Infinity;
  let minLng = Infinity;
  let maxLat = -Infinity;
  let maxLng = -Infinity;
  for (const poly of polygonsOf(geometry)) {
    for (const [lng, lat] of poly[0] ?? []) {
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
    }
  }
  if (minLat > maxLat) throw new RangeError('geometry has no coordinates');
  return { minLat, minLng, maxLat, maxLng };
}

type Problem = { path: string; message: string };

function checkRing(ring: unknown, path: string): { ring?: Position[]; problem?: Problem } {
  if (!Array.isArray(ring))
    return { problem: { path, message: '环必须是坐标数组 / ring must be an array of positions' } };
  const out: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const p: unknown = ring[i];
    const lng: unknown = Array.isArray(p) ? p[0] : undefined;
    const lat: unknown = Array.isArray(p) ? p[1] : undefined;
    if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
      return { problem: { path: `${path}[${i}]`, message: '坐标必须是 [经度, 纬度] / position must be [lng, lat]' } };
    }
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
      return { problem: { path: `${path}[${i}]`, message: '经纬度超出范围 / lng/lat out of range' } };
    }
    out.push([lng, lat]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  // Unclosed rings are common in hand-made files: close them rather than refuse.
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push(first);
  if (out.length < 4)
    return { problem: { path, message: '环至少需要 3 个不同的点 / ring needs at least 3 distinct points' } };
  return { ring: out };
}

function checkPolygon(coords: unknown, path: string): { poly?: Position[][]; problem?: Problem } {
  if (!Array.isArray(coords) || coords.length === 0) {
    return { problem: { path, message: '多边形至少需要一个外环 / polygon needs an outer ring' } };
  }
  const poly: Position[][] = [];
  for (let i = 0; i < coords.length; i++) {
    const r = checkRing(coords[i], `${path}[${i}]`);
    if (r.problem) return { problem: r.problem };
    poly.push(r.ring!);
  }
  return { poly };
}

function checkGeometry(g: unknown, path: string): { geometry?: unknown; problem?: Problem } {
  const geom = g as { type?: unknown; coordinates?: unknown } | null;
  if (!geom || typeof geom !== 'object' || (geom.type !== 'Polygon' && geom.type !== 'MultiPolygon')) {
    return {
      problem: {
        path: `${path}.type`,
        message: '几何必须是 Polygon 或 MultiPolygon / geometry must be a Polygon or MultiPolygon',
      },
    };
  }
  if (geom.type === 'Polygon') {
    const r = checkPolygon(geom.coordinates, `${path}.coordinates`);
    return r.problem ? { problem: r.problem } : { geometry: { type: 'Polygon', coordinates: r.poly } };
  }
  if (!Array.isArray(geom.coordinates) || geom.coordinates.length === 0) {
    return { problem: { path: `${path}.coordinates`, message: '至少需要一个多边形 / needs at least one polygon' } };
  }
  const polys: Position[][][] = [];
  for (let i = 0; i < geom.coordinates.length; i++) {
    const r = checkPolygon(geom.coordinates[i], `${path}.coordinates[${i}]`);
    if (r.problem) return { problem: r.problem };
    polys.push(r.poly!);
  }
  return { geometry: { type: 'MultiPolygon', coordinates: polys } };
}

/**
 * Validates a GeoJSON FeatureCollection whose features carry properties.code; returns the valid
 * features (geometry normalised: [lng, lat] positions, rings closed) and one error per bad
 * feature (index -1 for the collection itself). A repeated code is an error on the repeat.
 */
export function parseOutlines(fc: unknown): {
  items: { code: string; geometry: unknown }[];
  errors: { index: number; path: string; message: string }[];
} {
  const items: { code: string; geometry: unknown }[] = [];
  const errors: { index: number; path: string; message: string }[] = [];
  const c = fc as { type?: unknown; features?: unknown } | null;
  if (!c || typeof c !== 'object' || c.type !== 'FeatureCollection' || !Array.isArray(c.features)) {
    errors.push({
      index: -1,
      path: 'type',
      message: '需要 GeoJSON FeatureCollection / a GeoJSON FeatureCollection is required',
    });
    return { items, errors };
  }
  const seen = new Set<string>();
  c.features.forEach((f: unknown, index: number) => {
    const base = `features[${index}]`;
    const feature = f as { type?: unknown; properties?: { code?: unknown } | null; geometry?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      errors.push({ index, path: `${base}.type`, message: '必须是 Feature / must be a Feature' });
      return;
    }
    const code = feature.properties?.code;
    if (typeof code !== 'string' || code.trim() === '') {
      errors.push({ index, path: `${base}.properties.code`, message: '缺少区域代码 / properties.code is required' });
      return;
    }
    if (seen.has(code)) {
      errors.push({ index, path: `${base}.properties.code`, message: `区域代码重复 / duplicate code ${code}` });
      return;
    }
    const g = checkGeometry(feature.geometry, `${base}.geometry`);
    if (g.problem) {
      errors.push({ index, ...g.problem });
      return;
    }
    seen.add(code);
    items.push({ code, geometry: g.geometry });
  });
  return { items, errors };
}
