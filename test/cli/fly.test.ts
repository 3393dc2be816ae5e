import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MEAN_EARTH_RADIUS, TEXTBOOK_GM } from '../../src/core/constants.js';
import { minimumEnergyBurnout } from '../../src/flight/closed-form.js';
import { runCli, runJson } from './run-cli.js';

const FIXTURES = 'test/fixtures/missiles';

describe('shieldlab fly --format json: the DESIGN.md contract', () => {
  it('a burnout state on the textbook Earth reproduces the closed form, with the contract fields', async () => {
    // shared/reference section 1, 5000 km row: closed-form burnout state, flown from the CLI.
    const b = minimumEnergyBurnout(
      MEAN_EARTH_RADIUS,
      MEAN_EARTH_RADIUS,
      5000e3 / MEAN_EARTH_RADIUS,
      TEXTBOOK_GM,
    );
    const r = await runJson(
      'fly',
      '--from',
      '12.5,-40',
      '--burnout-speed',
      `${b.speed / 1000}km/s`,
      '--burnout-angle',
      `${(b.flightPathAngle * 180) / Math.PI}deg`,
      '--azimuth',
      '60',
      '--spherical',
      '--no-rotation',
      '--no-atmosphere',
    );
    expect(r.shieldlabVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    // WGS84 GM differs from the textbook's by 4.5e-9 relative: far below the 0.1 % tolerance.
    expect(Math.abs(r.groundRange / 5000e3 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.flightTime - b.flight.flightTime)).toBeLessThan(1);
    expect(r.burnout.speed).toBeCloseTo(b.speed, 3);
    expect(r.burnout.flightPathAngle).toBeCloseTo((b.flightPathAngle * 180) / Math.PI, 6);
    expect(r.burnout.altitude).toBeCloseTo(0, 6);
    expect(r.impact.time).toBeCloseTo(r.flightTime, 6);
    expect(Math.abs(r.impact.speed - b.speed)).toBeLessThan(0.01);
    expect(r.events.map((e: { name: string }) => e.name)).toEqual(['burnout', 'apogee', 'impact']);
    expect(r.apogeeAltitude).toBeGreaterThan(900e3);
  });

  it('--samples DT gives a uniform time history ending at impact; --from takes a catalog site', async () => {
    const r = await runJson(
      'fly',
      '--from',
      'tehran',
      '--burnout-speed',
      '4000',
      '--burnout-angle',
      '40',
      '--samples',
      '1 min',
    );
    expect(r.samples[1].time - r.samples[0].time).toBeCloseTo(60, 9);
    expect(r.launch).toEqual({ lat: 35.689, lon: 51.389 });
    const last = r.samples[r.samples.length - 1];
    expect(last.time).toBeCloseTo(r.flightTime, 6);
    expect(Math.abs(last.altitude)).toBeLessThan(1e-3);
  });

  it('a staged missile from a file flies on the full Earth model', async () => {
    const { code, stdout } = await runCli(
      'fly',
      '--missile',
      'examples/missiles/illustrative-icbm.yaml',
      '--from',
      '55.75,37.69',
      '--azimuth',
      '330',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.earth).toMatchObject({ rotation: true, oblateness: true, atmosphere: true });
    expect(r.groundRange).toBeGreaterThan(8e6);
    expect(r.burnout.time).toBeCloseTo(182, 6); // 60 + 62 + 60 s of burns
    expect(r.events.some((e: { name: string }) => e.name === 'stage-2-ignition')).toBe(true);
    expect(stdout).not.toMatch(/NaN|Infinity/);
  });

  it('the same inputs give the same bits and the same hash', async () => {
    const args = [
      'fly',
      '--from',
      '10,20',
      '--burnout-speed',
      '3000',
      '--burnout-angle',
      '45',
      '--format',
      'json',
    ];
    const a = await runCli(...args);
    const b = await runCli(...args);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('bad input: exit status 2, one line naming file, field, value and expectation', () => {
  it.each([
    [
      [`--missile`, `${FIXTURES}/negative-dry-mass.yaml`],
      /negative-dry-mass\.yaml:3:14: stages\[0\]\.dryMass: got "-5 kg", expected a mass > 0/,
    ],
    [
      [`--missile`, `${FIXTURES}/wrong-unit-and-unknown-field.yaml`],
      /:4:21: stages\[0\]\.propellantMass: got "1000 km", expected a mass .*\(and 1 more problems\)/,
    ],
    [
      [`--missile`, `${FIXTURES}/no-stages.yaml`],
      /no-stages\.yaml:2:9: stages: got \[\], expected at least one stage/,
    ],
    [
      [`--missile`, `${FIXTURES}/non-numeric.yaml`],
      /stages\[0\]\.propellantMass: got "abc", expected a mass/,
    ],
    [
      [`--missile`, `${FIXTURES}/broken-yaml.yaml`],
      /broken-yaml\.yaml:2:1: \(syntax\): .*expected valid YAML or JSON/,
    ],
    [
      [`--missile`, `${FIXTURES}/no-burn-time.yaml`],
      /stages\[0\]\.burnTime: got nothing, expected a burn time/,
    ],
    [
      [`--missile`, `${FIXTURES}/absent.yaml`],
      /--missile: got ".*absent\.yaml", expected a catalog missile id \(.*\) or a missile file/,
    ],
    [['--burnout-speed', '3000', '--burnout-angle', '40', '--from', '95,10'], /--from latitude: got 95/],
    [
      ['--burnout-speed', 'fast', '--burnout-angle', '40', '--from', '1,1'],
      /--burnout-speed: got "fast", expected a speed/,
    ],
    [
      ['--burnout-speed', '3 km', '--burnout-angle', '40', '--from', '1,1'],
      /--burnout-speed: got "3 km", expected a speed/,
    ],
    [
      ['--burnout-speed', '3000', '--burnout-angle', 'NaN', '--from', '1,1'],
      /--burnout-angle: got "NaN", expected an angle/,
    ],
    [
      ['--burnout-speed', '3000', '--burnout-angle', '40', '--from', '1,1', '--bogus'],
      /unknown option '--bogus'/,
    ],
    [
      ['--burnout-speed', '3000', '--burnout-angle', '40', '--from', '1,1', '--format', 'xml'],
      /--format: got "xml"/,
    ],
    [
      ['--burnout-speed', '3000', '--burnout-angle', '40', '--from', '1,1', '--samples', '-5'],
      /--samples: got "-5"/,
    ],
  ])('fly %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(
      'fly',
      ...(args as string[]),
      ...(args.includes('--from') ? [] : ['--from', '10,10']),
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an escape trajectory is a result, not an error, and prints no NaN', async () => {
    const r = await runJson('fly', '--from', '0,0', '--burnout-speed', '13km/s', '--burnout-angle', '40');
    expect(r.groundRange).toBeNull();
    expect(r.impact).toBeNull();
    expect(r.reason).toMatch(/no impact/);
  });
});

describe('the installed command', () => {
  it('runs as a separate process and exits 2 on bad input (no stack trace)', () => {
    const run = (args: string[]) => {
      try {
        return {
          code: 0,
          out: execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        };
      } catch (e) {
        const err = e as { status: number; stderr: string };
        return { code: err.status, out: err.stderr };
      }
    };
    const ok = run(['fly', '--from', '10,10', '--burnout-speed', '3000', '--burnout-angle', '45']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/ground range/);
    const bad = run(['fly', '--from', 'north', '--burnout-speed', '3000', '--burnout-angle', '45']);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe(
      'shieldlab: --from: got "north", expected a site id (such as redzikowo, brdy, fylingdales; see data/sites.yaml) or LAT,LON in degrees, latitude in [-90, 90] and longitude in [-180, 360]\n',
    );
  });
});
