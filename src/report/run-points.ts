import type { StudyResult } from '../studies/scenario-run.js';

/**
 * The points of a run's results that exports draw, read back from the studies as they are written
 * to result.json (degrees, metres, seconds from threat launch).
 */

/** One planned shot's intercept point on a threat's trajectory. */
export interface InterceptPoint {
  readonly threat: string;
  readonly study: string;
  readonly interceptorSite: string;
  /** 1 for the first shot of shoot-look-shoot. */
  readonly shot: number;
  /** Seconds from threat launch. */
  readonly time: number;
  readonly lat: number;
  readonly lon: number;
  readonly altitude: number;
}

/** A footprint study's grid of targets for one threat. */
export interface FootprintGrid {
  readonly study: string;
  readonly threat: string;
  /** What the grid points are: targets, or launch points. */
  readonly over: 'targets' | 'launch-points';
  readonly points: ReadonlyArray<{ lat: number; lon: number; status: string; shots: number }>;
}

interface EngagementRow {
  threat: string;
  interceptorSite?: string;
  intercepts?: Array<{ time: number; lat: number; lon: number; altitude: number }>;
}

/** Every intercept of the engagement studies, in study, site and shot order. */
export function interceptPoints(studies: readonly StudyResult[]): InterceptPoint[] {
  return studies
    .filter((s) => s.kind === 'engagement')
    .flatMap((s) =>
      (s.results as EngagementRow[]).flatMap((r) =>
        (r.intercepts ?? []).map((i, k) => ({
          threat: r.threat,
          study: s.id,
          interceptorSite: r.interceptorSite ?? '',
          shot: k + 1,
          time: i.time,
          lat: i.lat,
          lon: i.lon,
          altitude: i.altitude,
        })),
      ),
    );
}

/** Every footprint grid of the footprint studies. */
export function footprintGrids(studies: readonly StudyResult[]): FootprintGrid[] {
  return studies
    .filter((s) => s.kind === 'footprint')
    .flatMap((s) =>
      (
        s.results as Array<{ threat: string; over?: FootprintGrid['over']; points: FootprintGrid['points'] }>
      ).map((r) => ({
        study: s.id,
        threat: r.threat,
        over: r.over ?? 'targets',
        points: r.points,
      })),
    );
}
