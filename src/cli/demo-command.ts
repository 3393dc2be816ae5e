import { join } from 'node:path';
import type { Command } from 'commander';
import { MEAN_EARTH_RADIUS, TEXTBOOK_GM } from '../core/constants.js';
import { earthModel } from '../earth/earth-model.js';
import { geodesicInverse } from '../earth/geodesic.js';
import { solveEngagement } from '../engagement/intercept.js';
import { ReachTable } from '../engagement/reach-table.js';
import { flyThreat } from '../engagement/threat.js';
import { minimumEnergyBurnout } from '../flight/closed-form.js';
import { flyFromBurnout, flyRocket } from '../flight/fly.js';
import { maximumRangeOfRocket } from '../flight/max-range.js';
import { maximumRangeToward } from '../flight/max-range-toward.js';
import { flightJson } from '../report/flight-json.js';
import { parseMissileFile } from '../scenario/missile-file.js';
import { siteGeodetic } from '../scenario/site-catalog.js';
import { SHIELDLAB_VERSION } from '../version.js';
import { missileCatalog, resolveInterceptor, siteCatalog } from './catalog-files.js';
import { checkFormat } from './common-flags.js';
import { readInputFile } from './input-file.js';
import { packageRoot } from './package-root.js';
import { fixed, table, toJson } from './render.js';

const DEG = Math.PI / 180;

/**
 * The demonstration trajectory study: the numerical flight model against the textbook closed
 * form, the effect of the Earth's rotation, and a staged missile on the full Earth model.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('demonstration trajectory study, printed as tables')
    .option('--format <format>', 'json or table', 'table')
    .action((flags: { format: string }) => {
      process.stdout.write(`${runDemo(checkFormat(flags.format))}\n`);
    });
}

export function runDemo(format: 'json' | 'table'): string {
  // 1. Minimum-energy flight on the textbook Earth (sphere, no rotation, no air): closed form vs numerical.
  const R = MEAN_EARTH_RADIUS;
  const textbook = earthModel({ spherical: true, rotation: false, atmosphere: false, gm: TEXTBOOK_GM });
  const minimumEnergy = [1000, 3000, 5000, 10000, 13000].map((km) => {
    const psi = (km * 1000) / R;
    const closed = minimumEnergyBurnout(R, R, psi, TEXTBOOK_GM);
    const flown = flyFromBurnout(
      {
        site: { lat: 0, lon: 0, height: 0 },
        speed: closed.speed,
        flightPathAngle: closed.flightPathAngle,
        azimuth: 0,
      },
      textbook,
    ).summary;
    return {
      range: km * 1000,
      burnoutSpeed: closed.speed,
      burnoutAngle: closed.flightPathAngle / DEG,
      closedFormTime: closed.flight.flightTime,
      flownRange: flown.groundRange ?? 0,
      flownTime: flown.flightTime,
      apogee: flown.apogee.altitude,
    };
  });

  // 2. The Earth's rotation: one burnout state fired east and west from Tehran on the full WGS84 Earth.
  const full = earthModel({ atmosphere: false });
  const tehran = { lat: 35.689 * DEG, lon: 51.389 * DEG, height: 0 };
  const rotation = [90, 270].map((azimuth) => {
    const s = flyFromBurnout(
      { site: tehran, speed: 6000, flightPathAngle: 35 * DEG, azimuth: azimuth * DEG },
      full,
    ).summary;
    return { azimuth, range: s.groundRange ?? 0, flightTime: s.flightTime };
  });

  // 3. A staged missile on the full model: rotating oblate Earth, atmosphere, three stages.
  const file = join(packageRoot(), 'examples', 'missiles', 'illustrative-icbm.yaml');
  const { rocket } = parseMissileFile(
    'examples/missiles/illustrative-icbm.yaml',
    readInputFile(file, 'demo missile'),
  );
  const staged = flyRocket(
    rocket,
    { site: { lat: 55.75 * DEG, lon: 37.69 * DEG, height: 150 }, azimuth: 330 * DEG },
    earthModel(),
  );
  const stagedJson = flightJson(staged);

  // 4. The catalog: maximum ranges of the 2007 debate's missiles from their bases toward its cities.
  const sites = siteCatalog();
  const missiles = missileCatalog();
  const reach = [
    ['shahab-3', 'semnan', 'warsaw'],
    ['sejjil', 'semnan', 'berlin'],
    ['iran-irbm', 'tabriz', 'london'],
    ['iran-icbm', 'tabriz', 'washington'],
    ['ss-25', 'kozelsk', 'washington'],
  ].map(([missileId, from, to]) => {
    const m = missiles.get(missileId!)!;
    const a = sites.get(from!)!;
    const b = sites.get(to!)!;
    const g = geodesicInverse(a.lat, a.lon, b.lat, b.lon);
    const site = siteGeodetic(a);
    const earth = earthModel();
    const best = maximumRangeToward(site, siteGeodetic(b), earth, (az) =>
      maximumRangeOfRocket(m.rocket, site, az, earth, { history: 'events' }),
    );
    return {
      missile: missileId!,
      from: from!,
      to: to!,
      distance: g.distance,
      maxRange: best.range,
      inReach: best.range >= g.distance,
    };
  });

  // 5. Engagements: the planned interceptors at Redzikowo, committed at the threat's burnout.
  const earth = earthModel();
  const interceptor = resolveInterceptor('gbi-2stage', earth, []).interceptor;
  const table5 = new ReachTable(interceptor, siteGeodetic(sites.get('redzikowo')!), earth);
  const engagements = [
    ['iran-irbm', 'tabriz', 'london'],
    ['ss-25', 'teykovo', 'washington'],
  ].map(([missileId, from, to]) => {
    const t = flyThreat(
      missiles.get(missileId!)!.rocket,
      siteGeodetic(sites.get(from!)!),
      siteGeodetic(sites.get(to!)!),
      'min-energy',
      earth,
    );
    if (!('trajectory' in t))
      return {
        missile: missileId!,
        from: from!,
        to: to!,
        feasible: false,
        reason: t.message,
        shots: 0,
        window: undefined,
      };
    const commitTime = t.trajectory.event('burnout')?.time ?? 0;
    const r = solveEngagement(t.trajectory, table5, { commitTime });
    return {
      missile: missileId!,
      from: from!,
      to: to!,
      feasible: r.feasible,
      reason: r.reason ?? null,
      shots: r.shots,
      window: r.interceptWindow,
    };
  });

  if (format === 'json') {
    return toJson({
      shieldlabVersion: SHIELDLAB_VERSION,
      seed: null,
      minimumEnergy,
      rotation,
      stagedMissile: { missile: rocket.name, ...stagedJson },
      reach,
      engagements,
    });
  }
  const lines: string[] = [];
  lines.push(`shieldlab ${SHIELDLAB_VERSION}: demonstration trajectory study`);
  lines.push('');
  lines.push('1. Minimum-energy ballistic flight, textbook Earth (sphere R = 6371 km, no rotation, no air)');
  lines.push(
    '   burnout state from the closed form (Wheelon), then flown numerically (Dormand-Prince 8(5,3))',
  );
  lines.push(
    table(
      ['range km', 'v_bo km/s', 'gamma deg', 'flown range km', 'time closed s', 'time flown s', 'apogee km'],
      minimumEnergy.map((r) => [
        r.range / 1000,
        fixed(r.burnoutSpeed / 1000, 3),
        fixed(r.burnoutAngle, 2),
        fixed(r.flownRange / 1000, 3),
        fixed(r.closedFormTime, 2),
        fixed(r.flownTime, 2),
        fixed(r.apogee / 1000, 1),
      ]),
    ),
  );
  lines.push('');
  lines.push(
    "2. The Earth's rotation: 6.0 km/s at 35 deg (ground-relative) from Tehran, rotating WGS84 Earth, J2, no air",
  );
  lines.push(
    table(
      ['azimuth deg', 'ground range km', 'flight time s'],
      rotation.map((r) => [r.azimuth, fixed(r.range / 1000, 1), fixed(r.flightTime, 1)]),
    ),
  );
  lines.push(
    `   fired east it flies ${fixed((rotation[0]!.range - rotation[1]!.range) / 1000, 0)} km farther than fired west`,
  );
  lines.push('');
  lines.push(`3. ${rocket.name} (examples/missiles/illustrative-icbm.yaml)`);
  lines.push(
    '   from 55.75 N 37.69 E toward azimuth 330 deg; rotating oblate Earth, US Standard Atmosphere 1976',
  );
  const b = stagedJson.burnout!;
  lines.push(
    table(
      ['quantity', 'value'],
      [
        [
          'burnout',
          `${fixed(b.time, 1)} s at ${fixed(b.altitude / 1000, 1)} km, ${fixed(b.speed, 0)} m/s inertial, ${fixed(b.flightPathAngle, 1)} deg`,
        ],
        [
          'apogee',
          `${fixed(stagedJson.apogeeAltitude / 1000, 0)} km at ${fixed(stagedJson.apogeeTime, 0)} s`,
        ],
        ['ground range', `${fixed((stagedJson.groundRange ?? 0) / 1000, 0)} km`],
        ['flight time', `${fixed(stagedJson.flightTime / 60, 1)} min`],
        [
          'impact',
          stagedJson.impact
            ? `${fixed(stagedJson.impact.lat, 2)}, ${fixed(stagedJson.impact.lon, 2)} at ${fixed(stagedJson.impact.speed, 0)} m/s`
            : '-',
        ],
        [
          'max dynamic pressure',
          `${fixed(stagedJson.maxDynamicPressure.value / 1000, 0)} kPa at ${fixed(stagedJson.maxDynamicPressure.time, 0)} s`,
        ],
      ],
    ),
  );
  lines.push('');
  lines.push(
    '4. Catalog missiles (data/missiles, every parameter cited): maximum range on the bearing of a city of the debate',
  );
  lines.push(
    table(
      ['missile', 'from', 'toward', 'distance km', 'max range km', 'verdict'],
      reach.map((r) => [
        r.missile,
        r.from,
        r.to,
        fixed(r.distance / 1000, 0),
        fixed(r.maxRange / 1000, 0),
        r.inReach ? 'in reach' : 'out of reach',
      ]),
    ),
  );
  lines.push('');
  lines.push(
    `5. ${interceptor.name}, burnout ${fixed(interceptor.burnoutSpeed / 1000, 1)} km/s: engagements, committed at the threat's burnout`,
  );
  lines.push(
    table(
      ['missile', 'from', 'toward', 'intercept?', 'window s', 'shots'],
      engagements.map((e) => [
        e.missile,
        e.from,
        e.to,
        e.feasible ? 'yes' : `no: ${e.reason}`,
        e.window ? `${fixed(e.window.earliest, 0)} to ${fixed(e.window.latest, 0)}` : '-',
        String(e.shots),
      ]),
    ),
  );
  lines.push('');
  lines.push('Try: shieldlab catalog show ss-25');
  lines.push('     shieldlab fly --missile ss-25 --from kozelsk --to washington');
  lines.push(
    '     shieldlab reconstruct --apogee 4475km --range 950km --flight-time 53min --toward washington --from 39.0,125.7',
  );
  return lines.join('\n');
}
