import fc from 'fast-check';
import type { VehicleClass } from '../../../src/exchange/messages/bodies.js';
import type { Area, Position } from '../../../src/exchange/messages/geometry.js';
import type { Message, MessageStatus } from '../../../src/exchange/messages/message.js';
import { NAMED_AREA_IDS, namedArea } from '../../../src/exchange/messages/named-areas.js';

/**
 * fast-check generators of valid published messages of every type, with every kind of area, for
 * the property tests. Values span the whole schema: positions anywhere on Earth (poles and the
 * antimeridian included), radii from 1 m to 3,000 km, ranges and apogees around the 500 km
 * threshold and far from it, times from 2000 to 2030 to the millisecond.
 */

const T0 = Date.parse('2000-01-01T00:00:00.000Z');
const T1 = Date.parse('2030-01-01T00:00:00.000Z');

export const instantMs = fc.integer({ min: T0, max: T1 });
const iso = (ms: number) => new Date(ms).toISOString();

export const uuid = fc.uuid({ version: 4 });

/** A double in [min, max] without -0 (JSON has no -0, so a round trip would change it). */
const double = (min: number, max: number, maxExcluded = false) =>
  fc.double({ min, max, maxExcluded, noNaN: true }).map((x) => x + 0);

export const position: fc.Arbitrary<Position> = fc.record({ lat: double(-90, 90), lon: double(-180, 180) });

/** Log-uniform in [10^lo, 10^hi]. */
const logUniform = (lo: number, hi: number) => double(lo, hi).map((x) => 10 ** x);

export const circle: fc.Arbitrary<Area> = fc.record({
  kind: fc.constant('circle' as const),
  centre: position,
  radius: logUniform(0, 6.5),
});

/** A polygon of 3 to 8 distinct vertices inside a random box (sizes from metres to tens of degrees). */
export const polygon: fc.Arbitrary<Area> = fc
  .record({
    centre: position,
    halfLat: logUniform(-4, 1.3),
    halfLon: logUniform(-4, 1.6),
    corners: fc.array(fc.tuple(double(-1, 1), double(-1, 1)), {
      minLength: 3,
      maxLength: 8,
    }),
  })
  .map(({ centre, halfLat, halfLon, corners }) => {
    const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
    const ring = corners.map(([u, v]) => ({
      lat: clamp(centre.lat + u * halfLat, -90, 90),
      lon: clamp(centre.lon + v * halfLon, -180, 180),
    }));
    ring.push({ ...ring[0]! });
    return { kind: 'polygon' as const, ring };
  })
  .filter((area) => {
    const ring = area.ring;
    if (new Set(ring.map((p) => `${p.lat},${p.lon}`)).size < 3) return false;
    let twice = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      twice += ring[i]!.lon * ring[i + 1]!.lat - ring[i + 1]!.lon * ring[i]!.lat;
    return twice !== 0;
  });

export const named: fc.Arbitrary<Area> = fc
  .constantFrom(...NAMED_AREA_IDS)
  .map((id) => ({ kind: 'named' as const, id }));

/** A small circle well inside a named area, so coarsening to named areas has something to find. */
export const circleInNamedArea: fc.Arbitrary<Area> = fc
  .record({
    id: fc.constantFrom(...NAMED_AREA_IDS),
    u: double(0.2, 0.8),
    v: double(0.2, 0.8),
    radius: logUniform(0, 4),
  })
  .map(({ id, u, v, radius }) => {
    const n = namedArea(id)!;
    const lat = Math.min(n.north - 1, Math.max(n.south + 1, n.south + u * (n.north - n.south)));
    return { kind: 'circle' as const, centre: { lat, lon: n.west + v * (n.east - n.west) }, radius };
  });

export const area: fc.Arbitrary<Area> = fc.oneof(
  { weight: 2, arbitrary: circle },
  { weight: 2, arbitrary: polygon },
  named,
  circleInNamedArea,
);

export const vehicleClass = fc.constantFrom<VehicleClass>(
  'srbm',
  'mrbm',
  'irbm',
  'icbm',
  'slbm',
  'space-launch-vehicle',
);
export const status = fc.constantFrom<MessageStatus>('actual', 'exercise', 'test');
const azimuth = double(0, 360, true);

/** Range or apogee (m): often near 500 km, sometimes far from it. */
const distance = fc.oneof(double(400_000, 600_000), logUniform(2, 7), fc.constant(500_000));
export const reach = fc
  .record({ range: fc.option(distance, { nil: undefined }), apogee: fc.option(distance, { nil: undefined }) })
  .filter((r) => r.range !== undefined || r.apogee !== undefined)
  .map((r) => ({
    ...(r.range !== undefined ? { range: r.range } : {}),
    ...(r.apogee !== undefined ? { apogee: r.apogee } : {}),
  }));

interface EnvelopeParts {
  id: string;
  sender: string;
  sequence: number;
  sentMs: number;
  status: MessageStatus;
  extraRefs: string[];
}

const envelope: fc.Arbitrary<EnvelopeParts> = fc.record({
  id: uuid,
  sender: fc.constantFrom('us', 'ru', 'ir', 'uk', 'exchange'),
  sequence: fc.integer({ min: 1, max: 1_000_000 }),
  sentMs: instantMs,
  status,
  extraRefs: fc.uniqueArray(uuid, { maxLength: 3 }),
});

function build(e: EnvelopeParts, type: Message['type'], body: object, linked: string[] = []): Message {
  const references = [...new Set([...linked, ...e.extraRefs])].filter((r) => r !== e.id);
  return {
    schemaVersion: 1,
    id: e.id,
    sender: e.sender,
    sequence: e.sequence,
    sent: iso(e.sentMs),
    status: e.status,
    references,
    type,
    body,
  } as Message;
}

export const preLaunch = fc
  .record({
    e: envelope,
    vehicleClass,
    start: instantMs,
    length: fc.integer({ min: 1, max: 30 * 86_400_000 }),
    launchArea: area,
    plannedAzimuth: fc.option(azimuth, { nil: undefined }),
    impactAreas: fc.option(fc.array(area, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    reach,
  })
  .filter((r) => r.plannedAzimuth !== undefined || r.impactAreas !== undefined)
  .map((r) =>
    build(r.e, 'pre-launch', {
      vehicleClass: r.vehicleClass,
      launchWindow: { start: iso(r.start), end: iso(r.start + r.length) },
      launchArea: r.launchArea,
      ...(r.plannedAzimuth !== undefined ? { plannedAzimuth: r.plannedAzimuth } : {}),
      ...(r.impactAreas !== undefined ? { impactAreas: r.impactAreas } : {}),
      reach: r.reach,
    }),
  );

const windowExtension = fc
  .record({ e: envelope, notification: uuid, end: instantMs })
  .filter((r) => r.notification !== r.e.id)
  .map((r) =>
    build(r.e, 'window-extension', { notification: r.notification, launchWindowEnd: iso(r.end) }, [
      r.notification,
    ]),
  );

const cancellation = fc
  .record({ e: envelope, notification: uuid })
  .filter((r) => r.notification !== r.e.id)
  .map((r) => build(r.e, 'cancellation', { notification: r.notification }, [r.notification]));

export const launchEvent = fc
  .record({
    e: envelope,
    basis: fc.constantFrom('declared' as const, 'detected' as const),
    notification: fc.option(uuid, { nil: undefined }),
    vehicleClass,
    launch: instantMs,
    flight: fc.integer({ min: 1, max: 7_200_000 }),
    launchArea: area,
    azimuth,
    impactArea: area,
    reach,
  })
  .filter((r) => r.notification !== r.e.id)
  .map((r) =>
    build(
      r.e,
      'launch-event',
      {
        basis: r.basis,
        ...(r.notification !== undefined ? { notification: r.notification } : {}),
        vehicleClass: r.vehicleClass,
        launchTime: iso(r.launch),
        launchArea: r.launchArea,
        azimuth: r.azimuth,
        impactArea: r.impactArea,
        impactTime: iso(r.launch + r.flight),
        reach: r.reach,
      },
      r.notification !== undefined ? [r.notification] : [],
    ),
  );

const receipt = fc
  .record({ e: envelope, message: uuid, sha: fc.stringMatching(/^[0-9a-f]{64}$/) })
  .filter((r) => r.message !== r.e.id)
  .map((r) => build(r.e, 'receipt', { message: r.message, sha256: r.sha }, [r.message]));

const acknowledgement = fc
  .record({ e: envelope, message: uuid, operator: fc.constantFrom('watch officer', 'NMCC-1', 'jdec.duty') })
  .filter((r) => r.message !== r.e.id)
  .map((r) => build(r.e, 'acknowledgement', { message: r.message, operator: r.operator }, [r.message]));

const heartbeat = fc
  .record({ e: envelope, interval: double(0.5, 3600) })
  .map((r) => build(r.e, 'heartbeat', { interval: r.interval }));

const errorMessage = fc
  .record({
    e: envelope,
    code: fc.constantFrom('malformed', 'sequence', 'stale' as const),
    reason: fc.constantFrom('bad', 'sequence does not increase'),
    message: fc.option(uuid, { nil: undefined }),
  })
  .filter((r) => r.message !== r.e.id)
  .map((r) =>
    build(
      r.e,
      'error',
      { code: r.code, reason: r.reason, ...(r.message !== undefined ? { message: r.message } : {}) },
      r.message !== undefined ? [r.message] : [],
    ),
  );

/** A valid published message of any type (launch notifications more often). */
export const message: fc.Arbitrary<Message> = fc.oneof(
  { weight: 4, arbitrary: preLaunch },
  { weight: 4, arbitrary: launchEvent },
  windowExtension,
  cancellation,
  receipt,
  acknowledgement,
  heartbeat,
  errorMessage,
);
