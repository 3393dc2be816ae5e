/**
 * U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562 = NASA-TM-X-74335, U.S. Government Printing
 * Office, October 1976; NTRS 19770009539), with a documented extension from 86 to 1000 km.
 *
 * Input is geometric altitude above mean sea level (m); outputs are SI.
 *
 * - Below 86 km: the standard's defining equations, exactly. Geopotential altitude
 *   H = r0 Z / (r0 + Z) (eq. 18), seven layers of linear molecular-scale temperature TM (Table 4),
 *   hydrostatic pressure (eqs. 33a, 33b), density rho = P M0 / (R* TM) (eq. 42), speed of sound
 *   sqrt(gamma R* TM / M0) (eq. 50). Between 80 and 86 km the kinetic temperature is
 *   T = TM (M / M0), with M / M0 interpolated linearly in the standard's Table 8 (geometric
 *   altitude, every 0.5 km). Pressure and density are unaffected by that ratio (the standard
 *   integrates the hydrostatic equation in TM).
 * - From -5 to 0 km the first layer is extended downward, as the standard's tables are; below
 *   -5 km every output is clamped to its -5 km value.
 * - 86 to 1000 km (extension): kinetic temperature from the standard's own closed forms for
 *   86-1000 km (isothermal, elliptical, linear and exponential segments, Part 1 Table 5).
 *   Pressure and density are interpolated (monotone cubic in the logarithm, C1 and exact at the
 *   nodes) between the standard's tabulated values
 *   (Table I, geometric altitude), stored verbatim below with their sources. The 86 km node of each
 *   table is replaced by the formula value at 86 km (differences from the printed values are
 *   below 3e-5), so the junction is continuous.
 * - Above 1000 km: pressure and density are 0 (no drag above the top); temperature and speed of
 *   sound stay at their 1000 km values.
 *
 * Speed of sound above 86 km is not defined by the standard. This module uses
 * sqrt(gamma R* T / M7), with T the kinetic temperature and M7 = 28.9522 kg/kmol the standard's
 * mean molecular weight at 86 km (M0 times the Table 8 ratio 0.999579): the sound speed of a gas
 * that kept its 86 km composition. It is continuous at 86 km (T / M7 = TM / M0 there) and is meant
 * only for Mach numbers in drag tables, where drag above 86 km is negligible anyway.
 *
 * The hot path (`atmosphereDensity`, `standardAtmosphere` with a caller-owned record) allocates
 * nothing: layer base values, logarithms, slopes and a 1 km bucket index into each table are
 * precomputed at module load.
 */

import { evaluateSegment, type MonotoneCubic, monotoneCubic } from '../core/monotone-cubic.js';

/** Mutable output record, reused by callers to avoid allocation. */
export interface AtmosphereSample {
  /** Kinetic temperature (K). */
  temperature: number;
  /** Pressure (Pa). */
  pressure: number;
  /** Mass density (kg/m^3). */
  density: number;
  /** Speed of sound (m/s); above 86 km by the convention in the module note. */
  speedOfSound: number;
}

/** Top of the model (m, geometric): density and pressure are 0 above it. */
export const ATMOSPHERE_TOP_ALTITUDE = 1_000_000;

// Defining constants, Part 1 Table 2 and sec. 1.2 of the standard.
/** Effective Earth radius for geopotential altitude, r0 (m). */
const R0 = 6_356_766;
/** Sea-level gravity g0 (m/s^2, and m^2/(s^2 m') for geopotential). */
const G0 = 9.80665;
/** Sea-level mean molecular weight M0 (kg/kmol). */
const M0 = 28.9644;
/** Universal gas constant R* (J/(kmol K)). */
const RSTAR = 8314.32;
/** Ratio of specific heats of air (dimensionless). */
const GAMMA = 1.4;
/** Sea-level temperature T0 (K). */
const T0 = 288.15;
/** Sea-level pressure P0 (Pa). */
const P0 = 101_325;
/** Hydrostatic constant g0 M0 / R* (K/m'). */
const GMR = (G0 * M0) / RSTAR;

/** Lowest altitude of the standard's tables (m); lower altitudes are clamped to it. */
const BOTTOM_ALTITUDE = -5_000;
/** Geometric altitude where the defining equations end and the extension begins (m). */
const Z7 = 86_000;

// Table 4: base geopotential height (m') and molecular-scale temperature gradient (K/m') of the
// seven layers. The last layer ends at 84.8520 km' = 86 km geometric.
const LAYER_BASE_H = Float64Array.of(0, 11_000, 20_000, 32_000, 47_000, 51_000, 71_000);
const LAYER_LAPSE = Float64Array.of(-0.0065, 0, 0.001, 0.0028, 0, -0.0028, -0.002);
const LAYER_COUNT = LAYER_BASE_H.length;

/** Base molecular-scale temperature of each layer (K), from T0 and Table 4. */
const LAYER_BASE_T = new Float64Array(LAYER_COUNT);
/** Base pressure of each layer (Pa), by eqs. 33a/33b from P0. */
const LAYER_BASE_P = new Float64Array(LAYER_COUNT);
/** Per layer: -g0 M0 / (R* L) for gradient layers (pressure exponent), -g0 M0 / (R* Tb) for isothermal ones. */
const LAYER_COEFFICIENT = new Float64Array(LAYER_COUNT);
{
  let t = T0;
  let p = P0;
  for (let b = 0; b < LAYER_COUNT; b++) {
    const lapse = LAYER_LAPSE[b]!;
    LAYER_BASE_T[b] = t;
    LAYER_BASE_P[b] = p;
    LAYER_COEFFICIENT[b] = lapse === 0 ? -GMR / t : -GMR / lapse;
    if (b + 1 < LAYER_COUNT) {
      const dh = LAYER_BASE_H[b + 1]! - LAYER_BASE_H[b]!;
      if (lapse === 0) {
        p *= Math.exp((-GMR * dh) / t);
      } else {
        const top = t + lapse * dh;
        p *= (top / t) ** (-GMR / lapse);
        t = top;
      }
    }
  }
}

// Table 8: M / M0 at geometric altitudes 80.0, 80.5, ..., 86.0 km. Identical in independent
// transcriptions in Java, Julia, Python, Rust and C++ codes (among them NASA JSC Trick CML
// STD1976, which also prints the geopotential-grid column of the same table).
// biome-ignore format: keep the table compact
const MOLECULAR_WEIGHT_RATIO = Float64Array.of(
  1.0, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909, 0.99987, 0.999829, 0.999786, 0.999741, 0.999694,
  0.999641, 0.999579,
);
const RATIO_START = 80_000;
const RATIO_STEP = 500;
/** Mean molecular weight at 86 km, M7 = M0 (M/M0 at 86 km) (kg/kmol). */
const M7 = M0 * MOLECULAR_WEIGHT_RATIO[MOLECULAR_WEIGHT_RATIO.length - 1]!;

// Kinetic temperature above 86 km: the closed forms and constants of Part 1, Table 5 (as also coded in
// PDAS atmos76.f90, KineticTemperature).
/** Isothermal 86-91 km (K). */
const T7 = 186.8673;
/** Elliptical segment 91-110 km: Tc (K), A (K), a (m). */
const ELLIPSE_TC = 263.1905;
const ELLIPSE_A = -76.3232;
const ELLIPSE_SEMI_AXIS = -19_942.9;
/** Linear segment 110-120 km: T9 (K) and gradient (K/m). */
const T9 = 240;
const LAPSE_9 = 0.012;
/** Exponential segment above 120 km: T10 (K), T-infinity (K), lambda (1/m). */
const T10 = 360;
const T_INFINITY = 1000;
const LAMBDA = 0.01875e-3;
const Z8 = 91_000;
const Z9 = 110_000;
const Z10 = 120_000;

// Density above 86 km: Table I of the standard (geometric altitude), as transcribed with document
// page numbers (pp. 68-73) in JusHoya/star_reacher, cpp/src/models/atmosphere_ussa76.cpp (commit
// 06b2f6e). Cross-checked value by value against other transcriptions, with no disagreement:
// Pietrobon's UASA2000 16-level table (86-1000 km), a 27-row Table I excerpt (86-1000 km), Curtis,
// "Orbital Mechanics for Engineering Students", app. D atmosphere.m (its 100 km 5.606e-7 is
// the one outlier against 5.604e-7 everywhere else), and a 0.5 km transcription of 86-102 km.
// It also agrees with the independent pressure table below through rho = P M / (R* T), with the
// mean molecular weight M printed beside those pressures, to within 0.1 % at all 65 shared
// altitudes: a transcription error in either table would show there.
// Columns: altitude (km), density (kg/m^3).
// biome-ignore format: table laid out by hand, five rows a line
const DENSITY_TABLE: readonly number[] = [
  86, 6.958e-6, 87, 5.824e-6, 88, 4.875e-6, 89, 4.081e-6, 90, 3.416e-6,
  91, 2.86e-6, 92, 2.393e-6, 93, 2.0e-6, 94, 1.67e-6, 95, 1.393e-6,
  96, 1.162e-6, 97, 9.685e-7, 98, 8.071e-7, 99, 6.725e-7, 100, 5.604e-7,
  102, 3.935e-7, 104, 2.769e-7, 106, 1.954e-7, 108, 1.381e-7, 110, 9.708e-8,
  112, 6.838e-8, 114, 4.975e-8, 116, 3.72e-8, 118, 2.847e-8, 120, 2.222e-8,
  122, 1.767e-8, 124, 1.428e-8, 126, 1.171e-8, 128, 9.717e-9, 130, 8.152e-9,
  132, 6.904e-9, 134, 5.897e-9, 136, 5.074e-9, 138, 4.396e-9, 140, 3.831e-9,
  142, 3.358e-9, 144, 2.958e-9, 146, 2.618e-9, 148, 2.326e-9, 150, 2.076e-9,
  155, 1.585e-9, 160, 1.233e-9, 165, 9.75e-10, 170, 7.815e-10, 175, 6.339e-10,
  180, 5.194e-10, 185, 4.295e-10, 190, 3.581e-10, 195, 3.006e-10, 200, 2.541e-10,
  205, 2.16e-10, 210, 1.846e-10, 215, 1.585e-10, 220, 1.367e-10, 225, 1.184e-10,
  230, 1.029e-10, 235, 8.979e-11, 240, 7.858e-11, 245, 6.898e-11, 250, 6.073e-11,
  255, 5.36e-11, 260, 4.742e-11, 265, 4.206e-11, 270, 3.738e-11, 275, 3.329e-11,
  280, 2.971e-11, 285, 2.656e-11, 290, 2.378e-11, 295, 2.133e-11, 300, 1.916e-11,
  310, 1.552e-11, 320, 1.264e-11, 340, 8.503e-12, 360, 5.805e-12, 380, 4.013e-12,
  400, 2.803e-12, 420, 1.975e-12, 440, 1.402e-12, 460, 1.002e-12, 480, 7.208e-13,
  500, 5.215e-13, 525, 3.509e-13, 550, 2.384e-13, 575, 1.637e-13, 600, 1.137e-13,
  625, 7.998e-14, 650, 5.712e-14, 675, 4.148e-14, 700, 3.07e-14, 725, 2.318e-14,
  750, 1.788e-14, 775, 1.41e-14, 800, 1.136e-14, 825, 9.339e-15, 850, 7.824e-15,
  875, 6.664e-15, 900, 5.759e-15, 925, 5.038e-15, 950, 4.453e-15, 975, 3.968e-15,
  1000, 3.561e-15,
];

// Pressure above 86 km: the standard's tabulated pressures (with N77-16482 as the cited source) in
// NASA JSC's Trick CML model STD1976 (B. Wang, 2017, default data table PY_table). Cross-checked:
// Pietrobon's UASA2000 16-level table agrees at all its levels, the 27-row Table I excerpt at 25 of
// 26 shared altitudes (105 km: 1.4481e-2 there, 1.4477e-2 here; rho R* T / M gives 1.4480e-2, so
// the two differ by less than the rounding of M), and the 0.5 km transcription of 86-102 km
// everywhere. PDAS atmos76.f90 (Carmichael and Pietrobon), which prints values computed by a
// full-model program rather than read from the table, differs in the fifth digit at 135 and
// 160-200 km. Columns: altitude (km), pressure (Pa).
// biome-ignore format: table laid out by hand, five rows a line
const PRESSURE_TABLE: readonly number[] = [
  86, 3.7338e-1, 87, 3.1259e-1, 88, 2.6173e-1, 89, 2.1919e-1, 90, 1.8359e-1,
  91, 1.5381e-1, 93, 1.0801e-1, 95, 7.5966e-2, 97, 5.3571e-2, 99, 3.7948e-2,
  101, 2.7192e-2, 103, 1.9742e-2, 105, 1.4477e-2, 107, 1.0751e-2, 109, 8.1142e-3,
  110, 7.1042e-3, 111, 6.2614e-3, 112, 5.5547e-3, 113, 4.957e-3, 114, 4.4473e-3,
  115, 4.0096e-3, 116, 3.6312e-3, 117, 3.3022e-3, 118, 3.0144e-3, 119, 2.7615e-3,
  120, 2.5382e-3, 125, 1.7354e-3, 130, 1.2505e-3, 135, 9.3568e-4, 140, 7.2028e-4,
  145, 5.6691e-4, 150, 4.5422e-4, 160, 3.0395e-4, 170, 2.121e-4, 180, 1.5271e-4,
  190, 1.1266e-4, 200, 8.4736e-5, 210, 6.4756e-5, 220, 5.0149e-5, 230, 3.9276e-5,
  240, 3.1059e-5, 250, 2.4767e-5, 260, 1.9894e-5, 270, 1.6083e-5, 280, 1.3076e-5,
  290, 1.0683e-5, 300, 8.7704e-6, 310, 7.2285e-6, 320, 5.9796e-6, 330, 4.963e-6,
  340, 4.132e-6, 350, 3.4498e-6, 360, 2.8878e-6, 370, 2.4234e-6, 380, 2.0384e-6,
  390, 1.7184e-6, 400, 1.4518e-6, 410, 1.2291e-6, 420, 1.0427e-6, 430, 8.8645e-7,
  440, 7.5517e-7, 450, 6.4468e-7, 460, 5.5155e-7, 470, 4.7292e-7, 480, 4.0642e-7,
  490, 3.5011e-7, 500, 3.0236e-7, 525, 2.12e-7, 550, 1.5137e-7, 575, 1.1028e-7,
  600, 8.213e-8, 625, 6.2601e-8, 650, 4.8865e-8, 675, 3.9048e-8, 700, 3.1908e-8,
  725, 2.6611e-8, 750, 2.2599e-8, 775, 1.9493e-8, 800, 1.7036e-8, 825, 1.5051e-8,
  850, 1.3415e-8, 875, 1.2043e-8, 900, 1.0873e-8, 925, 9.8635e-9, 950, 8.9816e-9,
  975, 8.2043e-9, 1000, 7.5138e-9,
];

/** An interpolation table over [86 km, 1000 km] in log space, ready for allocation-free lookups. */
interface LogTable {
  /** Node altitudes (m). */
  readonly z: Float64Array;
  /** Monotone cubic (PCHIP) through the natural logarithms of the node values against altitude. */
  readonly curve: MonotoneCubic;
  /** For each whole kilometre k above 86 km, the segment that contains 86 km + k km. */
  readonly bucket: Uint16Array;
}

function buildLogTable(pairs: readonly number[], bottomValue: number): LogTable {
  const n = pairs.length / 2;
  const z = new Float64Array(n);
  const logValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = pairs[2 * i]! * 1000;
    logValue[i] = Math.log(i === 0 ? bottomValue : pairs[2 * i + 1]!);
  }
  const curve = monotoneCubic(z, logValue);
  const buckets = (ATMOSPHERE_TOP_ALTITUDE - Z7) / 1000 + 1;
  const bucket = new Uint16Array(buckets);
  let segment = 0;
  for (let k = 0; k < buckets; k++) {
    const zk = Z7 + 1000 * k;
    while (segment < n - 2 && zk >= z[segment + 1]!) segment++;
    bucket[k] = segment;
  }
  return { z, curve, bucket };
}

/**
 * Interpolation in `table` at 86 km <= z <= 1000 km (m): a monotone cubic in the logarithm, so the
 * density is smooth (C1) across table nodes, which the integrator's error control needs, and
 * exact at the nodes.
 */
function interpolateLog(table: LogTable, z: number): number {
  const zs = table.z;
  const last = zs.length - 2;
  let i = table.bucket[Math.floor((z - Z7) / 1000)]!;
  while (i < last && z >= zs[i + 1]!) i++;
  return Math.exp(evaluateSegment(table.curve, i, z));
}

// Scratch outputs of `lowerAtmosphere`, so it returns two numbers without allocating.
let lowerTm = 0;
let lowerPressure = 0;

/**
 * The defining equations at geometric altitude -5 km <= z <= 86 km (m): sets `lowerTm` (K) and
 * `lowerPressure` (Pa).
 */
function lowerAtmosphere(z: number): void {
  const h = (R0 * z) / (R0 + z);
  let b = LAYER_COUNT - 1;
  while (b > 0 && h < LAYER_BASE_H[b]!) b--;
  const tb = LAYER_BASE_T[b]!;
  const lapse = LAYER_LAPSE[b]!;
  const dh = h - LAYER_BASE_H[b]!;
  if (lapse === 0) {
    lowerTm = tb;
    lowerPressure = LAYER_BASE_P[b]! * Math.exp(LAYER_COEFFICIENT[b]! * dh);
  } else {
    lowerTm = tb + lapse * dh;
    // (TM / Tb)^c as exp(c ln(TM / Tb)): the same value to rounding, at a third of the cost of
    // the power operator (this runs inside the integrator's right-hand side).
    lowerPressure = LAYER_BASE_P[b]! * Math.exp(LAYER_COEFFICIENT[b]! * Math.log(lowerTm / tb));
  }
}

/** M / M0 at geometric altitude z (m), from Table 8 (1 below 80 km). */
function molecularWeightRatio(z: number): number {
  if (z <= RATIO_START) return 1;
  const x = (z - RATIO_START) / RATIO_STEP;
  const i = Math.min(Math.floor(x), MOLECULAR_WEIGHT_RATIO.length - 2);
  const r0 = MOLECULAR_WEIGHT_RATIO[i]!;
  return r0 + (MOLECULAR_WEIGHT_RATIO[i + 1]! - r0) * (x - i);
}

/** Kinetic temperature (K) at geometric altitude 86 km <= z <= 1000 km (m), Part 1 Table 5. */
function upperTemperature(z: number): number {
  if (z <= Z8) return T7;
  if (z <= Z9) {
    const x = (z - Z8) / ELLIPSE_SEMI_AXIS;
    return ELLIPSE_TC + ELLIPSE_A * Math.sqrt(1 - x * x);
  }
  if (z <= Z10) return T9 + LAPSE_9 * (z - Z9);
  const xi = ((z - Z10) * (R0 + Z10)) / (R0 + z);
  return T_INFINITY - (T_INFINITY - T10) * Math.exp(-LAMBDA * xi);
}

lowerAtmosphere(Z7);
const DENSITY_86 = (lowerPressure * M0) / (RSTAR * lowerTm);
const DENSITY = buildLogTable(DENSITY_TABLE, DENSITY_86);
const PRESSURE = buildLogTable(PRESSURE_TABLE, lowerPressure);
const TOP_TEMPERATURE = upperTemperature(ATMOSPHERE_TOP_ALTITUDE);
const TOP_SPEED_OF_SOUND = Math.sqrt((GAMMA * RSTAR * TOP_TEMPERATURE) / M7);

/** A new zeroed {@link AtmosphereSample}, to be reused across calls. */
export function createAtmosphereSample(): AtmosphereSample {
  return { temperature: 0, pressure: 0, density: 0, speedOfSound: 0 };
}

/**
 * US Standard Atmosphere 1976 at geometric altitude h (m); writes into and returns `out`.
 *
 * Temperature (K) is the kinetic temperature, pressure in Pa, density in kg/m^3, speed of sound in
 * m/s. Altitudes below -5 km (and NaN) give the -5 km values; above 1000 km density and pressure are
 * 0 and temperature and speed of sound keep their 1000 km values. Never returns NaN. Allocates only
 * when `out` is omitted.
 */
export function standardAtmosphere(
  h: number,
  out: AtmosphereSample = createAtmosphereSample(),
): AtmosphereSample {
  // biome-ignore lint/complexity/useMathMinMax: Math.max would pass NaN through; this maps it to the bottom
  const z = h >= BOTTOM_ALTITUDE ? h : BOTTOM_ALTITUDE;
  if (z <= Z7) {
    lowerAtmosphere(z);
    out.temperature = lowerTm * molecularWeightRatio(z);
    out.pressure = lowerPressure;
    out.density = (lowerPressure * M0) / (RSTAR * lowerTm);
    out.speedOfSound = Math.sqrt((GAMMA * RSTAR * lowerTm) / M0);
  } else if (z <= ATMOSPHERE_TOP_ALTITUDE) {
    const t = upperTemperature(z);
    out.temperature = t;
    out.pressure = interpolateLog(PRESSURE, z);
    out.density = interpolateLog(DENSITY, z);
    out.speedOfSound = Math.sqrt((GAMMA * RSTAR * t) / M7);
  } else {
    out.temperature = TOP_TEMPERATURE;
    out.pressure = 0;
    out.density = 0;
    out.speedOfSound = TOP_SPEED_OF_SOUND;
  }
  return out;
}

/**
 * Density only (kg/m^3) at geometric altitude h (m), fastest path; equal to
 * `standardAtmosphere(h).density`, 0 above 1000 km.
 */
export function atmosphereDensity(h: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Math.max would pass NaN through; this maps it to the bottom
  const z = h >= BOTTOM_ALTITUDE ? h : BOTTOM_ALTITUDE;
  if (z <= Z7) {
    lowerAtmosphere(z);
    return (lowerPressure * M0) / (RSTAR * lowerTm);
  }
  return z <= ATMOSPHERE_TOP_ALTITUDE ? interpolateLog(DENSITY, z) : 0;
}
