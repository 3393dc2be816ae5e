import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { type EngagementResult, solveEngagement } from '../engagement/intercept.js';
import { ReachTable } from '../engagement/reach-table.js';
import { engagementJson } from '../report/engagement-json.js';
import { timelineJson } from '../report/timeline-json.js';
import { parseOverride } from '../scenario/overrides.js';
import { OWN_SENSORS } from '../sensors/sharing.js';
import { resolveInterceptor } from './catalog-files.js';
import {
  addCommonOptions,
  addSetOption,
  type CommonFlags,
  parseCommon,
  requirePlace,
  resultHeader,
} from './common-flags.js';
import { flagQuantity } from './parse-options.js';
import { fixed, keyValues, table, toJson } from './render.js';
import { addSensorOptions, resolveSensors, type SensorFlags, timelineFor } from './sensor-options.js';
import { addThreatOptions, resolveThreat, type ThreatFlags } from './threat-options.js';

const DEG = Math.PI / 180;

interface EngageFlags extends CommonFlags, ThreatFlags, SensorFlags {
  interceptor?: string;
  site?: string;
  commitTime?: string;
  killAssessment: string;
  set: string[];
}

export function registerEngage(program: Command): void {
  const cmd = addThreatOptions(
    program
      .command('engage')
      .description('one threat against an interceptor site: launch and intercept windows, intercepts, shots'),
  )
    .option('--interceptor <id|file>', 'interceptor type (catalog id or file)', 'gbi-2stage')
    .option('--site <site|lat,lon>', 'interceptor site', 'redzikowo')
    .option(
      '--commit-time <time>',
      "decision to engage, from threat launch (default: from --sensors' timeline, else the threat's burnout)",
    )
    .option(
      '--kill-assessment <time>',
      'time to assess a kill before the next shot (shoot-look-shoot)',
      '60s',
    );
  addCommonOptions(addSetOption(addSensorOptions(cmd))).action((flags: EngageFlags) => {
    process.stdout.write(`${runEngage(flags)}\n`);
  });
}

export function runEngage(flags: EngageFlags): string {
  const { format, earth } = parseCommon(flags);
  const overrides = flags.set.map((s) => parseOverride(s));
  const threatInput = resolveThreat(flags, overrides, earth);
  const site = requirePlace(flags.site, '--site', 'the interceptor site');
  const {
    interceptor,
    text: interceptorText,
    boosterModel,
  } = resolveInterceptor(flags.interceptor ?? 'gbi-2stage', earth, overrides);
  const killAssessmentTime = flagQuantity(flags.killAssessment, 'time', '--kill-assessment');
  if (!(killAssessmentTime >= 0 && killAssessmentTime <= 3600))
    throw new InputError('--kill-assessment', flags.killAssessment, 'a time in [0, 3600] s');
  if (flags.sensors !== undefined && flags.commitTime !== undefined)
    throw new InputError(
      '--commit-time',
      flags.commitTime,
      'no commit time when --sensors give it (one or the other)',
    );
  const sensors = flags.sensors !== undefined ? resolveSensors(flags, overrides) : undefined;
  const inputs: Record<string, unknown> = {
    ...flags,
    missileText: threatInput.missileText,
    interceptorText,
    ...(sensors ? { sensors: sensors.texts } : {}),
  };
  const { family } = threatInput;

  if (!('trajectory' in threatInput.flight)) {
    const message = `threat cannot be flown to its target: ${threatInput.flight.message}`;
    return format === 'json'
      ? toJson({ ...resultHeader(inputs, earth), feasible: false, reason: message })
      : message;
  }
  const threat = threatInput.flight;
  const burnout = threat.trajectory.event('burnout')?.time ?? 0;
  const reach = new ReachTable(interceptor, site, earth);
  const engage = (commit: number) =>
    solveEngagement(threat.trajectory, reach, { commitTime: commit, killAssessmentTime });
  // With sensors the commit is the defence's fire-control track; without, the flag or the burnout.
  const timeline = sensors ? timelineFor(threat.trajectory, sensors, flags, earth) : undefined;
  const commitTime =
    timeline !== undefined
      ? timeline.commit
      : flags.commitTime === undefined
        ? burnout
        : flagQuantity(flags.commitTime, 'time', '--commit-time');
  if (commitTime !== undefined && !(commitTime >= 0 && commitTime <= 10_000))
    throw new InputError('--commit-time', flags.commitTime, 'a time in [0, 10000] s from threat launch');
  const result = commitTime === undefined ? undefined : engage(commitTime);
  // The value of shared data: the same engagement with the defence's own sensors only.
  const own =
    sensors && timeline && sensors.arrangement.id !== OWN_SENSORS.id
      ? (() => {
          const t = timelineFor(threat.trajectory, sensors, flags, earth, OWN_SENSORS);
          return { timeline: t, result: t.commit === undefined ? undefined : engage(t.commit) };
        })()
      : undefined;
  // `--sharing each`: every arrangement against own sensors (the main result).
  const comparison = (sensors?.compare ?? []).map((a) => {
    const t = timelineFor(threat.trajectory, sensors!, flags, earth, a);
    const r = t.commit === undefined ? undefined : engage(t.commit);
    const span = (x: EngagementResult | undefined) =>
      x?.interceptWindow ? x.interceptWindow.latest - x.interceptWindow.earliest : 0;
    return {
      sharing: a.id,
      name: a.name,
      warning: t.warning === undefined ? null : r3(t.warning),
      commit: t.commit === undefined ? null : r3(t.commit),
      feasible: r?.feasible ?? false,
      shots: r?.shots ?? 0,
      interceptWindow: r?.interceptWindow
        ? { earliest: r3(r.interceptWindow.earliest), latest: r3(r.interceptWindow.latest) }
        : null,
      commitEarlierBy: t.commit !== undefined && commitTime !== undefined ? r3(commitTime - t.commit) : null,
      windowLongerBy: r3(span(r) - span(result)),
      extraShots: (r?.shots ?? 0) - (result?.shots ?? 0),
    };
  });
  const noTrack = {
    feasible: false,
    reason: 'no fire-control track' as const,
    launchWindow: null,
    interceptWindow: null,
    intercepts: [],
    shots: 0,
    timeline: [],
  };
  const json = result ? engagementJson(result) : noTrack;
  const sensing = timeline
    ? {
        sensing: {
          ...timelineJson(timeline, sensors!.detectionRanges),
          ...(comparison.length > 0 ? { sharingComparison: comparison } : {}),
          ...(own
            ? {
                ownSensors: {
                  commit: own.timeline.commit === undefined ? null : r3(own.timeline.commit),
                  feasible: own.result?.feasible ?? false,
                  shots: own.result?.shots ?? 0,
                  interceptWindow: own.result?.interceptWindow
                    ? {
                        earliest: r3(own.result.interceptWindow.earliest),
                        latest: r3(own.result.interceptWindow.latest),
                      }
                    : null,
                },
                valueOfSharing: {
                  commitEarlierBy:
                    timeline.commit !== undefined && own.timeline.commit !== undefined
                      ? r3(own.timeline.commit - timeline.commit)
                      : null,
                  extraShots: (result?.shots ?? 0) - (own.result?.shots ?? 0),
                  windowLongerBy:
                    result?.interceptWindow && own.result?.interceptWindow
                      ? r3(
                          result.interceptWindow.latest -
                            result.interceptWindow.earliest -
                            (own.result.interceptWindow.latest - own.result.interceptWindow.earliest),
                        )
                      : null,
                },
              }
            : {}),
        },
      }
    : {};
  if (format === 'json') {
    return toJson({
      ...resultHeader(inputs, earth),
      threat: {
        missile: threatInput.missileName,
        flightTime: r3(threat.trajectory.endTime),
        burnoutTime: r3(burnout),
      },
      interceptor: {
        id: interceptor.id,
        name: interceptor.name,
        burnoutSpeed: r3(interceptor.burnoutSpeed),
        booster: boosterModel,
      },
      commitTime: commitTime === undefined ? null : r3(commitTime),
      ...json,
      ...sensing,
    });
  }
  if (!result || commitTime === undefined) {
    return (
      keyValues([
        [
          'threat',
          `${threatInput.missileName}, ${family}, ${fixed(threat.trajectory.endTime / 60, 1)} min of flight`,
        ],
        [
          'sensors',
          `sharing: ${timeline?.arrangement}; warning ${at(timeline?.warning)}, first track ${at(timeline?.firstTrack)}`,
        ],
        ['result', 'no intercept: no fire-control track (no sensor the defence receives gives one)'],
      ]) + comparisonTable(comparison)
    );
  }
  const pairs: Array<readonly [string, string]> = [
    [
      'threat',
      `${threatInput.missileName}, ${family}, ${fixed(threat.trajectory.endTime / 60, 1)} min of flight`,
    ],
    [
      'interceptor',
      `${interceptor.name}, burnout ${fixed(interceptor.burnoutSpeed / 1000, 2)} km/s (${boosterModel === 'fitted' ? 'booster fitted to it' : 'from its stages'})`,
    ],
    [
      'commit',
      `${fixed(commitTime, 0)} s after threat launch${timeline ? ` (fire-control track, sharing: ${timeline.arrangement})` : flags.commitTime === undefined ? ' (threat burnout)' : ''}`,
    ],
    [
      'result',
      result.feasible
        ? `intercept possible, ${result.shots} shot${result.shots === 1 ? '' : 's'} (shoot-look-shoot)`
        : `no intercept: ${result.reason}${result.latestUsefulLaunch !== undefined ? ` (a launch by ${fixed(result.latestUsefulLaunch, 0)} s would have met it)` : ''}`,
    ],
  ];
  if (result.launchWindow)
    pairs.push([
      'launch window',
      `${fixed(result.launchWindow.earliest, 0)} to ${fixed(result.launchWindow.latest, 0)} s`,
    ]);
  if (result.interceptWindow)
    pairs.push([
      'intercept window',
      `${fixed(result.interceptWindow.earliest, 0)} to ${fixed(result.interceptWindow.latest, 0)} s`,
    ]);
  const shots = table(
    [
      'shot',
      'launch s',
      'intercept s',
      'altitude km',
      'lat',
      'lon',
      'closing km/s',
      'angle deg',
      'miss m',
      'divert m/s',
    ],
    result.intercepts.map((i, k) => [
      String(k + 1),
      fixed(i.launchTime, 1),
      fixed(i.time, 1),
      fixed(i.altitude / 1000, 0),
      fixed(i.lat / DEG, 2),
      fixed(i.lon / DEG, 2),
      fixed(i.closingSpeed / 1000, 2),
      fixed(i.geometryAngle / DEG, 0),
      fixed(i.miss, 0),
      fixed(i.divertNeeded, 1),
    ]),
  );
  if (own)
    pairs.push([
      'own sensors only',
      own.result
        ? `commit ${fixed(own.timeline.commit, 0)} s, ${own.result.shots} shot${own.result.shots === 1 ? '' : 's'}`
        : 'no fire-control track: no intercept',
    ]);
  return `${keyValues(pairs)}\n\n${shots}${comparisonTable(comparison)}`;
}

/** The `--sharing each` comparison as a text table (empty without one). */
function comparisonTable(comparison: ReadonlyArray<Comparison>): string {
  return comparison.length > 0
    ? `\n\nShared data against own sensors (commit, window and shots of each arrangement):\n${table(
        ['sharing', 'commit s', 'earlier by s', 'window s', 'longer by s', 'shots', 'extra shots'],
        comparison.map((c) => [
          c.sharing,
          c.commit === null ? 'never' : fixed(c.commit, 0),
          c.commitEarlierBy === null ? '-' : fixed(c.commitEarlierBy, 0),
          c.interceptWindow
            ? `${fixed(c.interceptWindow.earliest, 0)}-${fixed(c.interceptWindow.latest, 0)}`
            : '-',
          fixed(c.windowLongerBy, 0),
          String(c.shots),
          String(c.extraShots),
        ]),
      )}`
    : '';
}

type Comparison = {
  sharing: string;
  commit: number | null;
  commitEarlierBy: number | null;
  interceptWindow: { earliest: number; latest: number } | null;
  windowLongerBy: number;
  shots: number;
  extraShots: number;
};

function at(t: number | undefined): string {
  return t === undefined ? 'never' : `${fixed(t, 0)} s`;
}

const r3 = (v: number) => Number(v.toFixed(3));
