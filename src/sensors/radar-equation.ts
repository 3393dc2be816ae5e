import { InputError } from '../core/errors.js';

/** Boltzmann constant (J/K), exact in the 2019 SI. */
export const BOLTZMANN = 1.380649e-23;
/** Speed of light in vacuum (m/s), exact. */
export const SPEED_OF_LIGHT = 299_792_458;

/**
 * What the radar equation needs of a radar, in SI (ratios linear, not dB). The form is the
 * energy form for a given dwell: the signal-to-noise ratio after integrating average power P over
 * a dwell t_d is SNR = P t_d G A_e sigma / ((4 pi)^2 k T_s L R^4), with the gain of the same
 * aperture G = 4 pi A_e / lambda^2 (Skolnik, Introduction to Radar Systems, 3rd ed., ch. 2;
 * Barton, Radar Equations for Modern Radar, ch. 1).
 */
export interface RadarEquationInput {
  /** Average transmitted power (W). */
  readonly averagePower: number;
  /** Physical antenna area (m^2) and aperture efficiency (effective area / physical area). */
  readonly aperture: number;
  readonly apertureEfficiency: number;
  /** Carrier frequency (Hz). */
  readonly frequency: number;
  /** System noise temperature (K). */
  readonly systemNoiseTemperature: number;
  /** Total system losses (linear, >= 1). */
  readonly losses: number;
  /** Signal-to-noise ratio needed for detection (linear). */
  readonly requiredSnr: number;
  /** Coherent dwell on the target (s). */
  readonly dwellTime: number;
}

/** Decibels to a linear power ratio. */
export function fromDecibels(db: number): number {
  return 10 ** (db / 10);
}

/**
 * Range (m) at which a target of radar cross-section sigma (m^2) gives the required SNR:
 * R^4 = P t_d A_e^2 sigma / (4 pi lambda^2 k T_s L SNR).
 */
export function detectionRange(radar: RadarEquationInput, radarCrossSection: number): number {
  const { averagePower, aperture, apertureEfficiency, frequency, systemNoiseTemperature, losses } = radar;
  const { requiredSnr, dwellTime } = radar;
  if (!(radarCrossSection > 0))
    throw new InputError('radarCrossSection', radarCrossSection, 'an area > 0 (m^2)');
  const lambda = SPEED_OF_LIGHT / frequency;
  const effectiveArea = apertureEfficiency * aperture;
  const numerator = averagePower * dwellTime * effectiveArea * effectiveArea * radarCrossSection;
  const denominator =
    4 * Math.PI * lambda * lambda * BOLTZMANN * systemNoiseTemperature * losses * requiredSnr;
  return (numerator / denominator) ** 0.25;
}
