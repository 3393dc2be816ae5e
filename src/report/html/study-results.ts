/**
 * The shapes of each study kind's results in result.json (src/studies/scenario-run.ts writes
 * them as plain JSON; these types name the fields the report reads). Times are s from threat
 * launch, lengths m, speeds m/s, latitudes, longitudes and angles degrees.
 */

export interface Window {
  readonly earliest: number;
  readonly latest: number;
}

export interface TrajectoryRow {
  readonly threat: string;
  readonly groundRange?: number | null;
  readonly flightTime?: number;
  readonly apogeeAltitude?: number;
  readonly burnout?: {
    readonly time: number;
    readonly speed: number;
    readonly flightPathAngle: number;
  } | null;
  readonly reason?: string;
}

export interface SensingSensor {
  readonly id: string;
  readonly kind: 'radar' | 'infrared';
  readonly intervals: ReadonlyArray<{ readonly start: number; readonly end: number }>;
  readonly cue: number | null;
  readonly firstDetection: number | null;
  readonly firstTrack: number | null;
  readonly fireControlTrack: number | null;
  readonly launchReport?: number | null;
}

export interface SensingResult {
  readonly threat: string;
  readonly reason?: string;
  readonly sharing?: string;
  readonly warning?: number | null;
  readonly firstTrack?: number | null;
  readonly fireControlTrack?: number | null;
  readonly commit?: number | null;
  readonly sensors?: readonly SensingSensor[];
}

export interface Intercept {
  readonly launchTime: number;
  readonly time: number;
  readonly altitude: number;
  readonly lat: number;
  readonly lon: number;
}

export interface EngagementRow {
  readonly threat: string;
  readonly interceptorSite: string;
  readonly inventory: number;
  readonly commitTime?: number | null;
  readonly feasible?: boolean;
  readonly reason?: string | null;
  readonly launchWindow?: Window | null;
  readonly interceptWindow?: Window | null;
  readonly intercepts?: readonly Intercept[];
  readonly shots?: number;
}

export interface FootprintPoint {
  readonly lat: number;
  readonly lon: number;
  readonly status: 'defended' | 'not defended' | 'out of range' | 'not aimed';
  readonly shots: number;
}

export interface FootprintResult {
  readonly threat: string;
  /** What the grid points are (targets by default). */
  readonly over?: 'targets' | 'launch-points';
  readonly grid: { south: number; north: number; west: number; east: number; spacing: number };
  readonly summary: {
    points: number;
    defended: number;
    notDefended: number;
    outOfRange: number;
    notAimed?: number;
  };
  readonly points: readonly FootprintPoint[];
}

export interface SweepStep {
  readonly value: string | number;
  readonly results: ReadonlyArray<{
    readonly threat: string;
    readonly interceptorSite: string;
    readonly commitTime: number | null;
    readonly feasible: boolean;
    readonly reason: string | null;
    readonly shots: number;
    readonly interceptWindow: Window | null;
  }>;
}

export interface RussiaRow {
  readonly base: string;
  readonly missile: string;
  readonly target: string;
  readonly flightTime: number | null;
  readonly unflyable: string | null;
  readonly results: ReadonlyArray<{
    readonly burnoutSpeed: number;
    readonly feasible: boolean;
    /** Absent when the threat was not flown. */
    readonly shots?: number;
    readonly reason: string | null;
  }>;
}
