import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Geodetic } from '../earth/geodetic.js';
import type { InfraredConstellation } from '../sensors/infrared.js';
import type { Radar, RadarCoverage, RadarTrackSettings } from '../sensors/radar.js';
import { detectionRange, fromDecibels, type RadarEquationInput } from '../sensors/radar-equation.js';
import { attributeError, type CatalogParameter, parseCatalogEntry } from './catalog-entry.js';
import type { Override } from './overrides.js';
import { LATITUDE, LONGITUDE, NON_NEGATIVE, POSITIVE, param, quantity } from './schema-quantity.js';
import { type SiteCatalog, siteGeodetic } from './site-catalog.js';

/**
 * A sensor file (data/sensors/<id>.yaml): a radar (site, faces or steered mount, limits, the
 * radar-equation parameters, the cross-sections of threat objects, track build-up times) or an
 * infrared early-warning constellation; every quantity a cited value.
 */

const ANGLE_0_90 = { gte: -Math.PI / 2, lte: Math.PI / 2, words: 'in [-90, 90] deg' };
const ANGLE_0_360 = { gte: 0, lte: 2 * Math.PI, words: 'in [0, 360] deg' };
const ANGLE_0_180 = { gt: 0, lte: Math.PI, words: 'in (0, 180] deg' };

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'a lower-case id such as "emr-brdy"' });
const sources = z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional();
/** An inline position (for a sensor not at a catalog site): cited as a whole, like a site. */
const position = z.strictObject({
  lat: quantity('angle', LATITUDE),
  lon: quantity('angle', LONGITUDE),
  /** Ground height above the ellipsoid (m); the antenna height is added to it. */
  height: quantity('length', { gte: -500, lte: 9000, words: 'in [-500, 9000] m' }).optional(),
  source: z.string().min(1),
  note: z.string().optional(),
});

const radarSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  kind: z.literal('radar'),
  party: id,
  site: id.optional(),
  position: position.optional(),
  antennaHeight: param('length', NON_NEGATIVE).optional(),
  sources,
  radar: z.strictObject({
    band: z.string().optional(),
    frequency: param('frequency', POSITIVE),
    averagePower: param('power', POSITIVE),
    aperture: param('area', POSITIVE),
    apertureEfficiency: param('dimensionless', { gt: 0, lte: 1, words: 'in (0, 1]' }),
    systemNoiseTemperature: param('dimensionless', { gt: 0, words: '> 0 K' }),
    lossesDb: param('dimensionless', { gte: 0, words: '>= 0 dB' }),
    requiredSnrDb: param('dimensionless', { words: 'in dB' }),
    dwellTime: param('time', POSITIVE),
    instrumentedRange: param('length', POSITIVE).optional(),
    minimumRange: param('length', NON_NEGATIVE).optional(),
    elevation: z.strictObject({ min: param('angle', ANGLE_0_90), max: param('angle', ANGLE_0_90) }),
    steering: z.enum(['mechanical', 'faces']),
    fieldOfRegard: z
      .strictObject({ azimuthCentre: param('angle', ANGLE_0_360), azimuthWidth: param('angle', ANGLE_0_360) })
      .optional(),
    faces: z
      .array(
        z.strictObject({
          azimuth: param('angle', ANGLE_0_360),
          tilt: param('angle', ANGLE_0_90),
          maxScan: param('angle', ANGLE_0_180),
        }),
      )
      .min(1)
      .optional(),
    needsCue: z.boolean(),
  }),
  track: z.strictObject({
    firmTrackTime: param('time', NON_NEGATIVE),
    fireControlTime: param('time', NON_NEGATIVE),
    fireControlQuality: z.boolean(),
  }),
  radarCrossSection: z.record(id, param('area', POSITIVE)),
});

const infraredSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  kind: z.literal('infrared-constellation'),
  party: id,
  sources,
  infrared: z.strictObject({
    geostationaryLongitudes: z.array(param('angle', LONGITUDE)).min(1).optional(),
    /** Instead of orbits: every launch seen once the plume clears the detection altitude. */
    assumedCoverage: z.boolean().optional(),
    minElevation: param('angle', ANGLE_0_90),
    detectionAltitude: param('length', NON_NEGATIVE),
    reportingLatency: param('time', NON_NEGATIVE),
    azimuthAfter: param('time', NON_NEGATIVE),
  }),
});

export const sensorSchema = z.discriminatedUnion('kind', [radarSchema, infraredSchema]);

/** A radar as catalogued: everything but the detection range, which depends on the target. */
export interface RadarSpec extends Omit<Radar, 'detectionRange'> {
  readonly equation: RadarEquationInput;
  /** A range stated by a source (m); the detection range never exceeds it. */
  readonly instrumentedRange: number | undefined;
  /** Radar cross-section of each threat object (m^2), at this radar's band. */
  readonly radarCrossSection: Readonly<Record<string, number>>;
}

export type SensorFile = {
  readonly description: string | undefined;
  readonly sources: Readonly<Record<string, string>>;
  readonly parameters: readonly CatalogParameter[];
} & (
  | { readonly kind: 'radar'; readonly radar: RadarSpec }
  | { readonly kind: 'infrared'; readonly constellation: InfraredConstellation }
);

export function parseSensorFile(
  file: string,
  text: string,
  sites: SiteCatalog,
  overrides: readonly Override[] = [],
): SensorFile {
  const { doc, entry, sources, parameters } = parseCatalogEntry(file, text, sensorSchema, overrides);
  const common = { description: entry.description, sources, parameters };
  if (entry.kind === 'infrared-constellation') {
    const ir = entry.infrared;
    if (!ir.geostationaryLongitudes && ir.assumedCoverage !== true) {
      throw attributeError(
        new InputError(
          'infrared.geostationaryLongitudes',
          undefined,
          'satellite longitudes, or assumedCoverage: true',
        ),
        doc,
      );
    }
    return {
      ...common,
      kind: 'infrared',
      constellation: {
        id: entry.id,
        name: entry.name,
        party: entry.party,
        geostationaryLongitudes: (ir.geostationaryLongitudes ?? []).map((l) => l.value),
        assumedCoverage: ir.assumedCoverage === true,
        minElevation: ir.minElevation.value,
        detectionAltitude: ir.detectionAltitude.value,
        reportingLatency: ir.reportingLatency.value,
        azimuthAfter: ir.azimuthAfter.value,
      },
    };
  }
  try {
    const r = entry.radar;
    let place: Geodetic;
    if (entry.site !== undefined) {
      const site = sites.get(entry.site);
      if (!site) throw new InputError('site', entry.site, 'a site id of data/sites.yaml');
      place = siteGeodetic(site);
    } else if (entry.position) {
      place = { lat: entry.position.lat, lon: entry.position.lon, height: entry.position.height ?? 0 };
    } else {
      throw new InputError('site', undefined, 'a site id, or a position { lat, lon }');
    }
    place = { ...place, height: place.height + (entry.antennaHeight?.value ?? 0) };
    if (r.elevation.max.value <= r.elevation.min.value)
      throw new InputError('radar.elevation.max', r.elevation.max.value, 'an elevation above the minimum');
    let coverage: RadarCoverage;
    if (r.steering === 'mechanical') {
      if (!r.fieldOfRegard)
        throw new InputError('radar.fieldOfRegard', undefined, 'the azimuth sector a steered radar covers');
      coverage = {
        kind: 'mechanical',
        azimuthCentre: r.fieldOfRegard.azimuthCentre.value,
        azimuthWidth: r.fieldOfRegard.azimuthWidth.value,
      };
    } else {
      if (!r.faces)
        throw new InputError('radar.faces', undefined, 'one or more faces for a radar with fixed faces');
      coverage = {
        kind: 'faces',
        faces: r.faces.map((f) => ({
          azimuth: f.azimuth.value,
          tilt: f.tilt.value,
          maxScan: f.maxScan.value,
        })),
      };
    }
    const track: RadarTrackSettings = {
      firmTrackTime: entry.track.firmTrackTime.value,
      fireControlTime: entry.track.fireControlTime.value,
      fireControlQuality: entry.track.fireControlQuality,
    };
    const losses = fromDecibels(r.lossesDb.value);
    const radarCrossSection = Object.fromEntries(
      Object.entries(entry.radarCrossSection).map(([k, v]) => [k, v.value]),
    );
    return {
      ...common,
      kind: 'radar',
      radar: {
        id: entry.id,
        name: entry.name,
        party: entry.party,
        site: place,
        minElevation: r.elevation.min.value,
        maxElevation: r.elevation.max.value,
        minRange: r.minimumRange?.value ?? 0,
        coverage,
        needsCue: r.needsCue,
        track,
        equation: {
          averagePower: r.averagePower.value,
          aperture: r.aperture.value,
          apertureEfficiency: r.apertureEfficiency.value,
          frequency: r.frequency.value,
          systemNoiseTemperature: r.systemNoiseTemperature.value,
          losses,
          requiredSnr: fromDecibels(r.requiredSnrDb.value),
          dwellTime: r.dwellTime.value,
        },
        instrumentedRange: r.instrumentedRange?.value,
        radarCrossSection,
      },
    };
  } catch (e) {
    throw e instanceof InputError ? attributeError(e, doc) : e;
  }
}

/**
 * The radar against one threat object: its detection range is the radar equation's for the
 * object's cross-section at this radar's band, never beyond a range a source states.
 */
export function radarAgainst(spec: RadarSpec, object: string): Radar {
  const sigma = spec.radarCrossSection[object];
  if (sigma === undefined) {
    throw new InputError(
      `${spec.id}.radarCrossSection`,
      object,
      `a threat object this radar's file gives a cross-section for (${Object.keys(spec.radarCrossSection).join(', ')})`,
    );
  }
  const equationRange = detectionRange(spec.equation, sigma);
  const range = Math.min(equationRange, spec.instrumentedRange ?? Number.POSITIVE_INFINITY);
  if (!Number.isFinite(range) || !(range > 0))
    throw new InputError(
      `${spec.id}.radar`,
      equationRange,
      'radar-equation parameters that give a finite detection range (or an instrumentedRange)',
    );
  const { equation: _e, instrumentedRange: _i, radarCrossSection: _r, ...radar } = spec;
  return { ...radar, detectionRange: range };
}
