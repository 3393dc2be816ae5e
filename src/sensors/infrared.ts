import { findRoot } from '../core/optimize.js';
import { type ECEF, vec3 } from '../core/vector.js';
import type { EarthModel } from '../earth/earth-model.js';
import { geodesicBetween } from '../earth/geodesic.js';
import { ecefToGeodetic, type Geodetic, heightAndNormalInto } from '../earth/geodetic.js';
import type { ThreatPath } from './threat-path.js';

/** Radius of the geostationary orbit (m): (GM / omega^2)^(1/3) for the WGS84 GM and rotation rate. */
export function geostationaryRadius(earth: EarthModel): number {
  return (earth.gm / (earth.rotationRate * earth.rotationRate)) ** (1 / 3);
}

/**
 * An infrared early-warning constellation (DSP, SBIRS): satellites that see a booster's plume once
 * it has climbed above the clouds, and report launch time, launch area and a rough azimuth after a
 * latency. They see only the burning booster: no midcourse track.
 */
export interface InfraredConstellation {
  readonly id: string;
  readonly name: string;
  readonly party: string;
  /** Sub-satellite longitudes of geostationary satellites (rad). */
  readonly geostationaryLongitudes: readonly number[];
  /**
   * A coverage assumption instead of orbits: every launch is seen once the plume clears the
   * detection altitude (the usual assumption of studies that do not model the satellites).
   */
  readonly assumedCoverage?: boolean;
  /** Lowest elevation of a satellite, seen from the plume, at which it sees the plume (rad). */
  readonly minElevation: number;
  /** Plume height at which it is seen (m). */
  readonly detectionAltitude: number;
  /** From detection to the report reaching its users (s). */
  readonly reportingLatency: number;
  /** Watching time before a rough azimuth can be given (s). */
  readonly azimuthAfter: number;
}

export interface InfraredReport {
  /** First sight of the plume (s from threat launch); undefined if never seen while burning. */
  readonly detection: number | undefined;
  /** When the launch report reaches its users, and when a rough azimuth does. */
  readonly launchReport: number | undefined;
  readonly azimuthReport: number | undefined;
  /** Longitude of the satellite that sees it first (rad). */
  readonly satelliteLongitude: number | undefined;
  /** Last sight: the booster's burnout (s), when seen at all. */
  readonly lastSight: number | undefined;
  /**
   * What the report says: the launch point (the plume's track followed back to the ground; taken
   * here as the true launch point, the sensor's position error is not modelled) and a rough azimuth
   * (rad, from the launch point to the plume after `azimuthAfter` s of watching).
   */
  readonly launchPoint: Geodetic | undefined;
  readonly azimuth: number | undefined;
}

/**
 * When the constellation sees a threat: the first moment, while the booster still burns (before
 * `burnoutTime`), at which the plume is above the detection altitude and some satellite stands
 * above the minimum elevation over it. Both conditions are switching functions located by root
 * finding on the trajectory's dense output.
 */
export function infraredDetection(
  constellation: InfraredConstellation,
  path: ThreatPath,
  burnoutTime: number,
  earth: EarthModel,
): InfraredReport {
  const none: InfraredReport = {
    detection: undefined,
    launchReport: undefined,
    azimuthReport: undefined,
    satelliteLongitude: undefined,
    lastSight: undefined,
    launchPoint: undefined,
    azimuth: undefined,
  };
  const radius = geostationaryRadius(earth);
  const satellites = constellation.geostationaryLongitudes.map((lon) => [
    radius * Math.cos(lon),
    radius * Math.sin(lon),
    0,
  ]);
  const assumed = constellation.assumedCoverage === true;
  if (satellites.length === 0 && !assumed) return none;
  const p: [number, number, number] = [0, 0, 0];
  const scratch = { height: 0, nx: 0, ny: 0, nz: 1 };
  const height = (t: number) => {
    path.positionAt(t, p);
    return heightAndNormalInto(p[0], p[1], p[2], earth.ellipsoid, scratch).height;
  };
  /** Best satellite elevation over the plume minus the minimum (rad), and which satellite. */
  const seen = (t: number): { margin: number; index: number } => {
    if (assumed) return { margin: 1, index: -1 };
    path.positionAt(t, p);
    heightAndNormalInto(p[0], p[1], p[2], earth.ellipsoid, scratch);
    const up = [scratch.nx, scratch.ny, scratch.nz];
    let margin = Number.NEGATIVE_INFINITY;
    let index = -1;
    satellites.forEach((s, k) => {
      const d = [s[0]! - p[0], s[1]! - p[1], s[2]! - p[2]];
      const elevation = Math.asin(
        (d[0]! * up[0]! + d[1]! * up[1]! + d[2]! * up[2]!) / Math.hypot(d[0]!, d[1]!, d[2]!),
      );
      if (elevation - constellation.minElevation > margin) {
        margin = elevation - constellation.minElevation;
        index = k;
      }
    });
    return { margin, index };
  };
  const end = Math.min(burnoutTime, path.endTime);
  const start = path.startTime;
  // The plume clears the detection altitude (height rises monotonically during the boost).
  let t0 = start;
  const h0 = height(start) - constellation.detectionAltitude;
  if (h0 < 0) {
    const h1 = height(end) - constellation.detectionAltitude;
    if (h1 < 0) return none;
    t0 = findRoot((t) => height(t) - constellation.detectionAltitude, start, end, h0, h1, 1e-3).x;
  }
  // Then the first moment some satellite sees it (grid of 1 s, root between).
  let detection: number | undefined;
  let previous = seen(t0);
  if (previous.margin >= 0) detection = t0;
  for (let a = t0; detection === undefined && a < end; a += 1) {
    const b = Math.min(a + 1, end);
    const now = seen(b);
    if (now.margin >= 0)
      detection = findRoot((x) => seen(x).margin, a, b, previous.margin, now.margin, 1e-3).x;
    previous = now;
  }
  if (detection === undefined) return none;
  const index = seen(detection).index;
  const launchPoint = ecefToGeodetic(vec3<ECEF>(...path.positionAt(start, [0, 0, 0])), earth.ellipsoid);
  const watched = ecefToGeodetic(
    vec3<ECEF>(...path.positionAt(Math.min(end, detection + constellation.azimuthAfter), [0, 0, 0])),
    earth.ellipsoid,
  );
  return {
    detection,
    launchReport: detection + constellation.reportingLatency,
    // Watching ends at burnout at the latest: a short burn gives a rougher azimuth, not a later one.
    azimuthReport: Math.min(end, detection + constellation.azimuthAfter) + constellation.reportingLatency,
    satelliteLongitude: constellation.geostationaryLongitudes[index],
    lastSight: end,
    launchPoint,
    azimuth: geodesicBetween(launchPoint, watched, earth.ellipsoid).azimuth1,
  };
}
