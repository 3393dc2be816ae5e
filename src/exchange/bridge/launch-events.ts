import { InputError } from '../../core/errors.js';
import { geodesicInverse } from '../../earth/geodesic.js';
import type { Threat } from '../../engagement/threat.js';
import { epochMillis } from '../../report/scenario-time.js';
import { InlineMissiles } from '../../scenario/inline-missiles.js';
import type { InfraredConstellation } from '../../sensors/infrared.js';
import type { Radar } from '../../sensors/radar.js';
import { OWN_SENSORS, type SharingArrangement } from '../../sensors/sharing.js';
import { defenceTimeline } from '../../sensors/timeline.js';
import type { CheckedRun } from '../../studies/run-scenario-text.js';
import { flyScenarioThreat } from '../../studies/scenario-catalog.js';
import type { Circle } from '../messages/geometry.js';
import { type MessageOf, type MessageStatus, SCHEMA_VERSION } from '../messages/message.js';
import { EARTH_DIAMETER_GEODESIC, partnerId } from '../messages/primitives.js';
import { LAUNCH_EVENT_NAMESPACE, nameBasedUuid } from './name-based-id.js';
import { type ClassBasis, missileClass } from './vehicle-class.js';

/**
 * The bridge from the simulator to the exchange: the launch events a partner's own sensors detect
 * in a scenario run, as the `launch-event` messages (basis `detected`) that partner publishes.
 *
 * Input: a checked run (`runScenarioText`), whose scenario, catalog and Earth model fly each threat
 * again, as the exports do (result.json keeps summaries, not trajectories), and the publisher: its
 * exchange partner id, its party in data/sharing.yaml, and which of that party's sensors report.
 * Each threat's detection is computed afresh with those sensors (sensors/timeline.ts, with the
 * party as the defence; an optional sharing arrangement adds the sensors that cue them), so it does
 * not depend on the scenario's studies or its defence: a sensing study with the same sensors,
 * party and arrangement gives the same first detections.
 *
 * What a message says, and why:
 * - vehicleClass: vehicle-class.ts (catalog range by the standard bands);
 * - launchTime: the scenario's epoch (report/scenario-time.ts; 2007-06-08 by default) plus the
 *   threat's `launchTime`; impactTime: plus the flight time to impact;
 * - launchArea: a circle at the launch point of the flight; its radius says how well the sender
 *   knows that point: 5 km when one of its infrared sensors saw the boost by the time the message
 *   is sent (DSP gave the launch point "to within five km", Reuters 1991, the `reuters1991` source
 *   of data/sensors/ew-satellites.yaml), else 50 km, an assumption for a radar that first sees the
 *   missile above its horizon and extrapolates back to the ground;
 * - impactArea: a circle at the impact point of the flight, 100 km by default (an assumption: the
 *   simulator has no model of the prediction error). Either radius can be given instead;
 * - azimuth and reach.range: the WGS84 geodesic from the launch point to the impact point (the
 *   centres of the two circles, so a receiver recomputes the same numbers from them);
 * - reach.apogee: the flight's highest altitude above the ellipsoid.
 * (With a scenario on a spherical Earth, positions and apogee are on the model's figure; azimuth
 * and range are still the WGS84 geodesic between the positions, as a receiver would compute them.)
 * The positions and times are the simulation's truth with a stated radius: coarsening what a
 * partner receives is the release policy's job (policy/), not the sender's.
 *
 * The envelope: `sender` is the publisher; `sequence` counts up from the caller's start in the
 * order of first detection (the caller knows the last sequence it published, `GET /v1/me`);
 * `sent` is the first detection plus a reporting latency (60 s by default, "within a minute" from
 * detection to commanders, the same Reuters 1991 account); `status` is `exercise` unless `test`
 * is asked for, and `actual` is refused: a simulated launch is never a real notification.
 *
 * Ids are name-based (name-based-id.ts) over the scenario hash, threat, sender, status and time
 * shift, so publishing the same batch again sends the same ids and the exchange absorbs the
 * copies. Anything else that changes the content under the same id (another sequence start,
 * latency or radius) is answered as a conflicting duplicate, which is what it is.
 *
 * Times: in simulation time a message's `sent` lies in the scenario's year, and the exchange
 * refuses a live message sent more than 300 s ago. With `now` (ms since 1970, e.g. Date.now()),
 * every time in the batch (launch, impact, detection, sent) moves by one shift, in whole
 * milliseconds, that puts the first message's `sent` at `now`; all intervals stay as simulated.
 * The shift is returned, not written into the bodies (they keep the schema). Later messages are
 * then dated in the future, as their launches were later: a publisher sends each at its `sent`,
 * since the exchange refuses messages dated more than 30 s ahead.
 */

/** Who publishes: the exchange partner, its party in data/sharing.yaml, and its reporting sensors. */
export interface Publisher {
  /** Exchange partner id, the messages' `sender` (e.g. "us"). */
  readonly partner: string;
  /** The party whose sensors these are (e.g. "united-states"); every sensor must belong to it. */
  readonly party: string;
  /** Catalog sensor ids (data/sensors); only their detections are published. */
  readonly sensors: readonly string[];
}

export interface LaunchEventOptions {
  /** Sequence of the first message (an integer >= 1), one more for each next message. */
  readonly firstSequence: number;
  /** `exercise` (default) or `test`; `actual` is refused. */
  readonly status?: MessageStatus;
  /** From the first detection to `sent` (s); default 60. */
  readonly reportingLatency?: number;
  /** Launch-area radius (m); default 5 km after an infrared detection, else 50 km. */
  readonly launchAreaRadius?: number;
  /** Impact-area radius (m); default 100 km. */
  readonly impactAreaRadius?: number;
  /**
   * A sharing arrangement of data/sharing.yaml: the sensors it shares with the party cue the
   * publisher's narrow-beam radars (their own detections are not published); default none, the
   * publisher's sensors cue each other.
   */
  readonly sharing?: string;
  /** Wall-clock now (ms since 1970 UTC): shift the batch so the first `sent` is now. */
  readonly now?: number;
}

export const DEFAULT_REPORTING_LATENCY = 60;
export const INFRARED_LAUNCH_AREA_RADIUS = 5_000;
export const RADAR_LAUNCH_AREA_RADIUS = 50_000;
export const DEFAULT_IMPACT_AREA_RADIUS = 100_000;

/** One message of the batch, with what it was made from. */
export interface DetectedLaunchEvent {
  readonly threat: string;
  /** The publisher's sensor that saw the threat first, and when (UTC, shifted like the message). */
  readonly sensor: string;
  readonly detection: string;
  readonly vehicleClassBasis: ClassBasis;
  readonly message: MessageOf<'launch-event'>;
}

export interface LaunchEventBatch {
  /** In order of first detection, sequences increasing. */
  readonly events: readonly DetectedLaunchEvent[];
  /** Added to every simulated time (ms); 0 without `now`. */
  readonly shift: number;
  /** Threats with no message, and why (not detected, not flown, no impact). */
  readonly skipped: ReadonlyArray<{ readonly threat: string; readonly reason: string }>;
}

/** What the bridge reads of a run. */
export type BridgeRun = Pick<CheckedRun, 'result' | 'scenario' | 'catalog' | 'earth' | 'library'>;

const DEG = 180 / Math.PI;

/**
 * The launch-event messages of the threats the publisher's sensors detected in a run.
 * @throws InputError for a bad partner id, an unknown sensor or one of another party, status
 *   `actual`, or a bad sequence, latency, radius, arrangement or `now`.
 */
export function detectedLaunchEvents(
  run: BridgeRun,
  publisher: Publisher,
  options: LaunchEventOptions,
): LaunchEventBatch {
  const status = checkStatus(options.status ?? 'exercise');
  if (!partnerId.safeParse(publisher.partner).success)
    throw new InputError(
      'partner',
      publisher.partner,
      'a partner id: lower-case letters, digits and dashes, starting with a letter (at most 64)',
    );
  if (!(Number.isSafeInteger(options.firstSequence) && options.firstSequence >= 1))
    throw new InputError('firstSequence', options.firstSequence, 'a sequence number: an integer >= 1');
  const latency = options.reportingLatency ?? DEFAULT_REPORTING_LATENCY;
  if (!(Number.isFinite(latency) && latency >= 0))
    throw new InputError('reportingLatency', latency, 'a reporting latency >= 0 (s)');
  for (const [name, radius] of [
    ['launchAreaRadius', options.launchAreaRadius],
    ['impactAreaRadius', options.impactAreaRadius],
  ] as const)
    if (radius !== undefined && !(radius > 0 && radius <= EARTH_DIAMETER_GEODESIC))
      throw new InputError(name, radius, `a radius > 0 and <= ${EARTH_DIAMETER_GEODESIC} (m)`);
  if (options.now !== undefined && !Number.isFinite(options.now))
    throw new InputError('now', options.now, 'a time in ms since 1970 UTC');
  const sensors = publisherSensors(run, publisher);
  const arrangement = options.sharing === undefined ? OWN_SENSORS : findArrangement(run, options.sharing);

  const { scenario, catalog, earth } = run;
  const epoch = epochMillis(scenario.epoch);
  /** ms since 1970 of a scenario time (s), to the millisecond. */
  const at = (seconds: number) => Math.round(epoch + seconds * 1000);
  const inline = new InlineMissiles(scenario, run.result.scenario.file);
  const skipped: Array<{ threat: string; reason: string }> = [];
  const found: Array<Omit<DetectedLaunchEvent, 'detection' | 'message'> & Draft> = [];

  scenario.threats.forEach((spec, order) => {
    const flown = flyScenarioThreat(spec, catalog, earth);
    if (!('trajectory' in flown)) {
      skipped.push({ threat: spec.id, reason: `not flown: ${flown.message}` });
      return;
    }
    const { summary } = flown.flight;
    if (!summary.impact) {
      skipped.push({ threat: spec.id, reason: 'no impact (orbital or escaping flight)' });
      return;
    }
    const seen = firstDetections(flown, sensors, publisher.party, arrangement, run);
    const first = seen[0];
    if (!first) {
      skipped.push({ threat: spec.id, reason: `not detected by ${publisher.sensors.join(', ')}` });
      return;
    }
    const launchTime = spec.launchTime?.value ?? 0;
    const sentTime = first.time + latency;
    const infraredBySent = seen.some((s) => s.kind === 'infrared' && s.time <= sentTime);
    const launch = { lat: summary.launch.lat * DEG, lon: summary.launch.lon * DEG };
    const impact = { lat: summary.impact.lat * DEG, lon: summary.impact.lon * DEG };
    const line = geodesicInverse(launch.lat, launch.lon, impact.lat, impact.lon);
    const missile = inline.has(spec.missile)
      ? inline.missile(spec.missile)
      : run.library.missileCatalog().get(spec.missile);
    const { vehicleClass, basis } = missileClass(
      { class: missile?.class, range: missile?.performance.range?.value },
      line.distance,
    );
    found.push({
      threat: spec.id,
      order,
      sensor: first.sensor,
      vehicleClassBasis: basis,
      detectionSeconds: launchTime + first.time,
      detectionMs: at(launchTime + first.time),
      sentMs: at(launchTime + sentTime),
      launchMs: at(launchTime),
      impactMs: at(launchTime + summary.impact.time),
      vehicleClass,
      launchArea: circle(
        launch,
        options.launchAreaRadius ?? (infraredBySent ? INFRARED_LAUNCH_AREA_RADIUS : RADAR_LAUNCH_AREA_RADIUS),
      ),
      impactArea: circle(impact, options.impactAreaRadius ?? DEFAULT_IMPACT_AREA_RADIUS),
      azimuth: azimuth0To360(line.azimuth1),
      range: line.distance,
      apogee: summary.apogee.altitude,
    });
  });

  found.sort((a, b) => a.detectionSeconds - b.detectionSeconds || a.order - b.order);
  const shift =
    options.now === undefined || found.length === 0 ? 0 : Math.round(options.now) - found[0]!.sentMs;
  const iso = (ms: number) => new Date(ms + shift).toISOString();
  const events = found.map((d, k): DetectedLaunchEvent => {
    const id = launchEventId(run.result.scenarioHash, d.threat, publisher.partner, status, shift);
    return {
      threat: d.threat,
      sensor: d.sensor,
      detection: iso(d.detectionMs),
      vehicleClassBasis: d.vehicleClassBasis,
      message: {
        schemaVersion: SCHEMA_VERSION,
        id,
        sender: publisher.partner,
        sequence: options.firstSequence + k,
        sent: iso(d.sentMs),
        status,
        references: [],
        type: 'launch-event',
        body: {
          basis: 'detected',
          vehicleClass: d.vehicleClass,
          launchTime: iso(d.launchMs),
          launchArea: d.launchArea,
          azimuth: d.azimuth,
          impactArea: d.impactArea,
          impactTime: iso(d.impactMs),
          reach: { range: d.range, apogee: d.apogee },
        },
      },
    };
  });
  return { events, shift, skipped };
}

/**
 * The id of the launch event a sender publishes for a threat of a scenario (by the SHA-256 of its
 * text), with a status and a time shift (ms): the same inputs give the same id.
 */
export function launchEventId(
  scenarioHash: string,
  threat: string,
  sender: string,
  status: MessageStatus,
  shift: number,
): string {
  return nameBasedUuid(
    LAUNCH_EVENT_NAMESPACE,
    JSON.stringify(['launch-event', scenarioHash, threat, sender, status, shift]),
  );
}

/**
 * The catalog sensors of a party, for a publisher that reports with all of them
 * (e.g. `partySensors(run.library, 'united-states')`).
 */
export function partySensors(library: BridgeRun['library'], party: string): string[] {
  return [...library.sensorFiles().keys()].filter((id) => {
    const file = library.sensor(id, []);
    return (file?.kind === 'radar' ? file.radar.party : file?.constellation.party) === party;
  });
}

/** Shift every time of a launch-event message by `shift` ms (what `now` does to a batch). */
export function shiftLaunchEvent(
  message: MessageOf<'launch-event'>,
  shift: number,
): MessageOf<'launch-event'> {
  const move = (t: string) => new Date(Date.parse(t) + shift).toISOString();
  const { impactTime, ...body } = message.body;
  return {
    ...message,
    sent: move(message.sent),
    body: {
      ...body,
      launchTime: move(body.launchTime),
      ...(impactTime !== undefined ? { impactTime: move(impactTime) } : {}),
    },
  };
}

/** What is known of a threat before the batch is put in order. */
interface Draft {
  readonly order: number;
  readonly detectionSeconds: number;
  readonly detectionMs: number;
  readonly sentMs: number;
  readonly launchMs: number;
  readonly impactMs: number;
  readonly vehicleClass: MessageOf<'launch-event'>['body']['vehicleClass'];
  readonly launchArea: Circle;
  readonly impactArea: Circle;
  readonly azimuth: number;
  readonly range: number;
  readonly apogee: number;
}

function checkStatus(status: MessageStatus): Exclude<MessageStatus, 'actual'> {
  if (status === 'exercise' || status === 'test') return status;
  throw new InputError(
    'status',
    status,
    '"exercise" or "test": a simulated launch is never published as an actual notification',
  );
}

type Sensor = Radar | InfraredConstellation;

/** The publisher's sensors as the run's catalog resolves them (with the scenario's overrides). */
function publisherSensors(run: BridgeRun, publisher: Publisher): Sensor[] {
  if (publisher.sensors.length === 0)
    throw new InputError('sensors', '[]', `at least one sensor of ${publisher.party}`);
  const known = [...run.library.sensorFiles().keys()];
  return [...new Set(publisher.sensors)].map((id, i) => {
    if (!known.includes(id))
      throw new InputError(`sensors[${i}]`, id, `a catalog sensor id (${known.join(', ')})`);
    const sensor = run.catalog.sensor(id, 'warhead');
    if (sensor.party !== publisher.party)
      throw new InputError(
        `sensors[${i}]`,
        id,
        `a sensor of ${publisher.party} (${id} belongs to ${sensor.party}): a partner publishes what its own sensors detect`,
      );
    return sensor;
  });
}

/** An arrangement of data/sharing.yaml, as the run's catalog has it (with its overrides). */
function findArrangement(run: BridgeRun, id: string): SharingArrangement {
  const ids = [OWN_SENSORS.id, ...run.library.sharingCatalog().arrangements.map((a) => a.id)];
  if (!ids.includes(id)) throw new InputError('sharing', id, `a sharing arrangement (${ids.join(', ')})`);
  return run.catalog.arrangement(id);
}

/**
 * Each of the publisher's sensors' first detection of the threat (s from its launch), earliest
 * first. The sensors the arrangement shares with the party fly along: their tracks cue the
 * publisher's narrow-beam radars, but their own detections are not the publisher's to report.
 */
function firstDetections(
  threat: Threat,
  own: readonly Sensor[],
  party: string,
  arrangement: SharingArrangement,
  run: BridgeRun,
): Array<{ sensor: string; kind: 'radar' | 'infrared'; time: number }> {
  const ownIds = new Map(own.map((s, i) => [s.id, i]));
  const shared = [...new Set(arrangement.shares.filter((x) => x.to === party).map((x) => x.sensor))]
    .filter((id) => !ownIds.has(id))
    .map((id) => run.catalog.sensor(id, 'warhead'));
  const sensors = [...own, ...shared];
  const timeline = defenceTimeline(
    threat.trajectory,
    {
      radars: sensors.filter((s): s is Radar => 'detectionRange' in s),
      infrared: sensors.filter((s): s is InfraredConstellation => 'geostationaryLongitudes' in s),
    },
    party,
    arrangement,
    run.earth,
    { refraction: run.scenario.defence?.refraction ? 4 / 3 : 1 },
  );
  return timeline.sensors
    .filter((s) => ownIds.has(s.id))
    .map((s) => ({
      sensor: s.id,
      kind: s.kind,
      time: s.kind === 'radar' ? s.track.firstDetection : s.report.detection,
    }))
    .filter((s): s is { sensor: string; kind: 'radar' | 'infrared'; time: number } => s.time !== undefined)
    .sort((a, b) => a.time - b.time || ownIds.get(a.sensor)! - ownIds.get(b.sensor)!);
}

function circle(centre: { lat: number; lon: number }, radius: number): Circle {
  return { kind: 'circle', centre, radius };
}

/** An azimuth (deg) in [0, 360), as the schema has it (GeographicLib gives [-180, 180]). */
function azimuth0To360(azimuth: number): number {
  const a = azimuth < 0 ? azimuth + 360 : azimuth;
  return a >= 360 ? 0 : a + 0;
}
