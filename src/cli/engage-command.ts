import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { geodesicBetween } from '../earth/geodesic.js';
import { type EngagementResult, solveEngagement } from '../engagement/intercept.js';
import { ReachTable } from '../engagement/reach-table.js';
import { flyThreat } from '../engagement/threat.js';
import type { TrajectoryFamily } from '../flight/aim.js';
import { parseOverride } from '../scenario/overrides.js';
import { resolveInterceptor, resolveMissile } from './catalog-files.js';
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

const DEG = Math.PI / 180;

interface EngageFlags extends CommonFlags {
  threat?: string;
  from?: string;
  to?: string;
  trajectory: string;
  interceptor?: string;
  site?: string;
  commitTime?: string;
  killAssessment: string;
  set: string[];
}

export function registerEngage(program: Command): void {
  const cmd = program
    .command('engage')
    .description('one threat against an interceptor site: launch and intercept windows, intercepts, shots')
    .option('--threat <id|file>', 'threat missile (catalog id or file)')
    .option('--from <site|lat,lon>', 'threat launch site')
    .option('--to <site|lat,lon>', 'threat target')
    .option('--trajectory <family>', 'threat trajectory: min-energy, lofted or depressed', 'min-energy')
    .option('--interceptor <id|file>', 'interceptor type (catalog id or file)', 'gbi-2stage')
    .option('--site <site|lat,lon>', 'interceptor site', 'redzikowo')
    .option('--commit-time <time>', "decision to engage, from threat launch (default: the threat's burnout)")
    .option(
      '--kill-assessment <time>',
      'time to assess a kill before the next shot (shoot-look-shoot)',
      '60s',
    );
  addCommonOptions(addSetOption(cmd)).action((flags: EngageFlags) => {
    process.stdout.write(`${runEngage(flags)}\n`);
  });
}

export function runEngage(flags: EngageFlags): string {
  const { format, earth } = parseCommon(flags);
  if (flags.threat === undefined)
    throw new InputError(
      '--threat',
      undefined,
      'a threat missile: a catalog id (e.g. ss-25) or a missile file',
    );
  const from = requirePlace(flags.from, '--from', 'the threat launch site');
  const to = requirePlace(flags.to, '--to', 'the threat target');
  const site = requirePlace(flags.site, '--site', 'the interceptor site');
  if (geodesicBetween(from, to).distance < 50e3) {
    throw new InputError('--to', flags.to, 'a target at least 50 km from the threat launch site');
  }
  const family = flags.trajectory as TrajectoryFamily;
  if (!['min-energy', 'lofted', 'depressed'].includes(family))
    throw new InputError('--trajectory', flags.trajectory, 'min-energy, lofted or depressed');
  const overrides = flags.set.map((s) => parseOverride(s));
  const { missile, text: missileText } = resolveMissile(flags.threat, '--threat', overrides);
  const {
    interceptor,
    text: interceptorText,
    boosterModel,
  } = resolveInterceptor(flags.interceptor ?? 'gbi-2stage', earth, overrides);
  const killAssessmentTime = flagQuantity(flags.killAssessment, 'time', '--kill-assessment');
  if (!(killAssessmentTime >= 0 && killAssessmentTime <= 3600))
    throw new InputError('--kill-assessment', flags.killAssessment, 'a time in [0, 3600] s');
  const inputs: Record<string, unknown> = { ...flags, missileText, interceptorText };

  const threat = flyThreat(missile.rocket, from, to, family, earth);
  if (!('trajectory' in threat)) {
    const message = `threat cannot be flown to its target: ${threat.message}`;
    return format === 'json'
      ? toJson({ ...resultHeader(inputs, earth), feasible: false, reason: message })
      : message;
  }
  const burnout = threat.trajectory.event('burnout')?.time ?? 0;
  const commitTime =
    flags.commitTime === undefined ? burnout : flagQuantity(flags.commitTime, 'time', '--commit-time');
  if (!(commitTime >= 0 && commitTime <= 10_000))
    throw new InputError('--commit-time', flags.commitTime, 'a time in [0, 10000] s from threat launch');
  const reach = new ReachTable(interceptor, site, earth);
  const result = solveEngagement(threat.trajectory, reach, { commitTime, killAssessmentTime });
  const json = engagementJson(result);
  if (format === 'json') {
    return toJson({
      ...resultHeader(inputs, earth),
      threat: {
        missile: missile.rocket.name,
        flightTime: r3(threat.trajectory.endTime),
        burnoutTime: r3(burnout),
      },
      interceptor: {
        id: interceptor.id,
        name: interceptor.name,
        burnoutSpeed: r3(interceptor.burnoutSpeed),
        booster: boosterModel,
      },
      commitTime: r3(commitTime),
      ...json,
    });
  }
  const pairs: Array<readonly [string, string]> = [
    [
      'threat',
      `${missile.rocket.name}, ${family}, ${fixed(threat.trajectory.endTime / 60, 1)} min of flight`,
    ],
    [
      'interceptor',
      `${interceptor.name}, burnout ${fixed(interceptor.burnoutSpeed / 1000, 2)} km/s (${boosterModel === 'fitted' ? 'booster fitted to it' : 'from its stages'})`,
    ],
    [
      'commit',
      `${fixed(commitTime, 0)} s after threat launch${flags.commitTime === undefined ? ' (threat burnout)' : ''}`,
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
  return `${keyValues(pairs)}\n\n${shots}`;
}

const r3 = (v: number) => Number(v.toFixed(3));

/** The engagement in the JSON of the command-line contract (s, m, m/s; degrees). */
export function engagementJson(result: EngagementResult) {
  return {
    feasible: result.feasible,
    reason: result.reason ?? null,
    launchWindow: result.launchWindow
      ? { earliest: r3(result.launchWindow.earliest), latest: r3(result.launchWindow.latest) }
      : null,
    interceptWindow: result.interceptWindow
      ? { earliest: r3(result.interceptWindow.earliest), latest: r3(result.interceptWindow.latest) }
      : null,
    intercepts: result.intercepts.map((i) => ({
      launchTime: r3(i.launchTime),
      time: r3(i.time),
      altitude: r3(i.altitude),
      lat: Number((i.lat / DEG).toFixed(6)),
      lon: Number((i.lon / DEG).toFixed(6)),
      closingSpeed: r3(i.closingSpeed),
      geometryAngle: Number((i.geometryAngle / DEG).toFixed(3)),
      launchAzimuth: Number(((i.azimuth / DEG + 360) % 360).toFixed(4)),
      loft: Number((i.loft / DEG).toFixed(4)),
      thrustCutoff: r3(i.cutoff),
      miss: r3(i.miss),
      initialMiss: r3(i.initialMiss),
      divertNeeded: r3(i.divertNeeded),
      divertOk: i.divertOk,
    })),
    shots: result.shots,
    ...(result.latestUsefulLaunch !== undefined ? { latestUsefulLaunch: r3(result.latestUsefulLaunch) } : {}),
    timeline: result.timeline.map((e) => ({ time: r3(e.time), event: e.event })),
    note: 'divert needed assumes a perfect track at commit: miss after fire-control corrections over the time to go after seeker acquisition',
  };
}
