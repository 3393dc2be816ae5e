/**
 * Closed-form ballistic (Keplerian) flight over a non-rotating spherical Earth: the textbook
 * results the numerical flight is checked against, and the literature's standard calculation of
 * the burnout state a trajectory needs.
 *
 * Sources: A. D. Wheelon, "Free flight of a ballistic missile", ARS Journal 29 (1959) 915-926
 * (minimum-energy speed and angle, free-flight range equation); R. R. Bate, D. D. Mueller and
 * J. E. White, "Fundamentals of Astrodynamics" (1971), ch. 6 (ballistic missile trajectories)
 * and ch. 5 (minimum-energy transfer between two radii, Lambert); Kepler's equation for times.
 * SI units throughout; angles in rad.
 */

/** A Keplerian free flight from radius r1 to radius r2 on the descending branch. */
export interface KeplerFlight {
  /** Central angle travelled (rad). */
  readonly rangeAngle: number;
  /** Time from burnout to arrival at r2 (s). */
  readonly flightTime: number;
  /** Apogee radius (m). */
  readonly apogeeRadius: number;
  /** Semi-major axis (m) and eccentricity of the conic. */
  readonly semiMajorAxis: number;
  readonly eccentricity: number;
}

/**
 * Free flight from radius r1 (m) with inertial speed v (m/s) and flight-path angle gamma (rad)
 * to radius r2 (m), descending. Undefined if the conic is not an ellipse or never reaches r2.
 */
export function keplerFreeFlight(
  r1: number,
  v: number,
  gamma: number,
  r2: number,
  gm: number,
): KeplerFlight | undefined {
  const energy = (v * v) / 2 - gm / r1;
  if (!(energy < 0)) return undefined;
  const a = -gm / (2 * energy);
  const h = r1 * v * Math.cos(gamma);
  const p = (h * h) / gm;
  const e = Math.sqrt(Math.max(0, 1 - p / a));
  const apogeeRadius = a * (1 + e);
  if (r2 > apogeeRadius || e === 0) return undefined;
  const nu1 = Math.atan2(Math.sqrt(p / gm) * v * Math.sin(gamma), p / r1 - 1);
  const cos2 = Math.max(-1, Math.min(1, (p / r2 - 1) / e));
  const nu2 = 2 * Math.PI - Math.acos(cos2);
  const meanAnomaly = (nu: number, turn: number) => {
    let E = Math.atan2(Math.sqrt(1 - e * e) * Math.sin(nu), e + Math.cos(nu));
    if (turn && E < 0) E += 2 * Math.PI;
    return E - e * Math.sin(E);
  };
  const n = Math.sqrt(gm / (a * a * a));
  const flightTime = (meanAnomaly(nu2, 1) - meanAnomaly(nu1, 0)) / n;
  return { rangeAngle: nu2 - nu1, flightTime, apogeeRadius, semiMajorAxis: a, eccentricity: e };
}

/**
 * The free-flight range equation (Wheelon) for burnout and impact at the same radius r:
 * cos(psi/2) = (1 - Q cos^2 gamma) / sqrt(1 + Q (Q - 2) cos^2 gamma), Q = v^2 r / gm.
 */
export function freeFlightRangeAngle(v: number, gamma: number, r: number, gm: number): number {
  const q = (v * v * r) / gm;
  const c2 = Math.cos(gamma) ** 2;
  return 2 * Math.acos((1 - q * c2) / Math.sqrt(1 + q * (q - 2) * c2));
}

/** The minimum-energy burnout state joining two radii a central angle apart. */
export interface MinimumEnergyBurnout {
  /** Inertial burnout speed (m/s). */
  readonly speed: number;
  /** Burnout flight-path angle (rad). */
  readonly flightPathAngle: number;
  /** The resulting flight. */
  readonly flight: KeplerFlight;
}

/**
 * Minimum-energy burnout state from radius r1 to radius r2 (m) over a central angle psi (rad):
 * the ellipse of least semi-major axis through both points, a = s / 2 with s the semi-perimeter of
 * the triangle (r1, r2, chord). For r1 = r2 = R this is Wheelon's
 * v^2 = (gm/R) 2 sin(psi/2) / (1 + sin(psi/2)), gamma = (pi - psi) / 4.
 */
export function minimumEnergyBurnout(r1: number, r2: number, psi: number, gm: number): MinimumEnergyBurnout {
  const chord = Math.sqrt(r1 * r1 + r2 * r2 - 2 * r1 * r2 * Math.cos(psi));
  const s = (r1 + r2 + chord) / 2;
  const a = s / 2;
  const speed = Math.sqrt(gm * (2 / r1 - 1 / a));
  // Semi-latus rectum of the minimum-energy ellipse, whose empty focus lies on the chord
  // (Bate, Mueller & White, Fundamentals of Astrodynamics, ch. 5, the Gauss problem):
  // p = r1 r2 (1 - cos psi) / chord.
  const p = (r1 * r2 * (1 - Math.cos(psi))) / chord;
  const cosGamma = Math.min(1, Math.sqrt(gm * p) / (r1 * speed));
  // The ascending solution: the minimum-energy ellipse climbs from burnout when its apogee lies
  // between the two points, which holds for every case of interest here (r1 - r2 << chord).
  const flightPathAngle = Math.acos(cosGamma);
  const flight = keplerFreeFlight(r1, speed, flightPathAngle, r2, gm);
  if (!flight) throw new RangeError(`no minimum-energy ellipse from r1=${r1} to r2=${r2} over psi=${psi}`);
  return { speed, flightPathAngle, flight };
}
