/**
 * What the globe draws of one run: plain data built by the physics worker from the run's results
 * (latitudes and longitudes in degrees, altitudes and distances in metres, times in seconds from
 * the scenario epoch). The globe never flies anything itself.
 */
export interface GlobeScene {
  /** ISO 8601 UTC instant of t = 0 (the scenario's epoch, or the exports' default). */
  readonly epoch: string;
  readonly threats: readonly GlobeThreat[];
  readonly intercepts: readonly GlobeIntercept[];
  readonly radars: readonly GlobeRadar[];
  readonly interceptorSites: readonly GlobeInterceptorSite[];
  /** Launch sites and targets, labelled on the globe. */
  readonly places: ReadonlyArray<{
    readonly id: string;
    readonly role: string;
    readonly lat: number;
    readonly lon: number;
  }>;
}

export interface GlobePoint {
  /** s from the scenario epoch. */
  readonly time: number;
  readonly lat: number;
  readonly lon: number;
  /** m above the WGS84 ellipsoid. */
  readonly altitude: number;
}

export interface GlobeThreat {
  readonly id: string;
  readonly missile: string;
  /** Thinned samples (at most a few hundred), increasing in time, key events included. */
  readonly points: readonly GlobePoint[];
  /** Burnout, apogee, impact. */
  readonly events: ReadonlyArray<GlobePoint & { readonly name: string }>;
}

export interface GlobeIntercept extends GlobePoint {
  readonly threat: string;
  readonly interceptorSite: string;
  /** 1 for the first shot of shoot-look-shoot. */
  readonly shot: number;
}

export interface GlobeRadar {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  /** Detection range against the threat's warhead (m): drawn as a dome of this slant range. */
  readonly range: number;
}

export interface GlobeInterceptorSite {
  readonly id: string;
  readonly interceptor: string;
  readonly lat: number;
  readonly lon: number;
  /** Largest ground range (m) at which the interceptor reaches any intercept altitude; null when unknown. */
  readonly reach: number | null;
}
