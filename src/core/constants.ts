/**
 * Physical constants of the Earth model, in SI units.
 *
 * WGS84 values from NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed.,
 * amendment 2 (2004): Table 3.1 (defining parameters) and Table 3.4 (J2 from the normalized C20).
 */

/** WGS84 semi-major axis (m). */
export const WGS84_A = 6_378_137.0;
/** WGS84 flattening (dimensionless). */
export const WGS84_F = 1 / 298.257223563;
/** WGS84 Earth gravitational parameter GM, including the atmosphere (m^3/s^2). */
export const WGS84_GM = 3.986004418e14;
/**
 * Second zonal harmonic J2 (dimensionless). TR8350.2 gives the normalized coefficient
 * C̄2,0 = -0.484166774985e-3; J2 = -sqrt(5) * C̄2,0.
 */
export const WGS84_J2 = 1.082629989052e-3;
/** Earth rotation rate, WGS84 nominal mean angular velocity (rad/s). */
export const EARTH_ROTATION_RATE = 7.292115e-5;

/** Mean Earth radius used by the `spherical` switch and by textbook range tables (m). */
export const MEAN_EARTH_RADIUS = 6_371_000.0;
/**
 * Gravitational parameter used by the textbook (closed-form) tables of the reference data
 * (shared/reference section 1): 398600.44 km^3/s^2.
 */
export const TEXTBOOK_GM = 3.9860044e14;

/** Standard gravity, used to convert specific impulse in seconds to effective exhaust speed (m/s^2). */
export const STANDARD_GRAVITY = 9.80665;

export const DEG = Math.PI / 180;
