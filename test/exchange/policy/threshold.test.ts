import { describe, expect, it } from 'vitest';
import { BODY_FIELDS } from '../../../src/exchange/messages/bodies.js';
import type { MessageOf } from '../../../src/exchange/messages/message.js';
import { parseReleasePolicy, type ReleasePolicy } from '../../../src/exchange/policy/policy.js';
import { release } from '../../../src/exchange/policy/release.js';
import { exceedsThreshold, PLNS_THRESHOLD } from '../../../src/exchange/policy/threshold.js';
import { launchEvent, preLaunch } from '../messages/fixtures.js';

/** The next double above x (x > 0): the smallest possible step past the threshold. */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

const B = 500_000;
const ABOVE = nextUp(B);
const BELOW = 499_999.999;

describe('PLNS 500 km threshold', () => {
  it('is strict in both range and apogee: exactly 500 km is below, the next double above is notifiable', () => {
    expect(ABOVE).toBeGreaterThan(B);
    expect(ABOVE - B).toBeLessThan(1e-9);
    const cases: Array<[{ range?: number; apogee?: number }, boolean]> = [
      [{ range: B, apogee: B }, false],
      [{ range: ABOVE, apogee: B }, true],
      [{ range: B, apogee: ABOVE }, true],
      [{ range: BELOW, apogee: BELOW }, false],
      [{ range: ABOVE }, true],
      [{ range: B }, false],
      [{ apogee: ABOVE }, true],
      [{ apogee: B }, false],
      [{ range: 10_000_000, apogee: 100_000 }, true], // an ICBM on a depressed trajectory
      [{ range: 300_000, apogee: 80_000 }, false], // a Scud
    ];
    for (const [reach, expected] of cases)
      expect(exceedsThreshold(reach), JSON.stringify(reach)).toBe(expected);
    expect(exceedsThreshold({ range: 1000 }, { range: 999, apogee: 1e9 })).toBe(true);
  });

  it('withholds launch notifications at the boundary and releases them just above (default policy threshold)', () => {
    const parsed = parseReleasePolicy({
      id: 'p',
      partner: 'us',
      statuses: ['actual'],
      types: { 'launch-event': ['reach'], 'pre-launch': ['reach'] },
      precision: { area: { kind: 'exact' }, time: 1, azimuth: 1, reach: 1 },
    });
    if (!parsed.ok) throw new Error('bad policy');
    const policy: ReleasePolicy = parsed.value;
    expect(policy.threshold).toEqual(PLNS_THRESHOLD);
    const later = Date.parse('2008-01-01T00:00:00.000Z');
    const event = (reach: { range?: number; apogee?: number }): MessageOf<'launch-event'> => ({
      ...launchEvent,
      body: { ...launchEvent.body, reach },
    });
    const notice = (reach: { range?: number; apogee?: number }): MessageOf<'pre-launch'> => ({
      ...preLaunch,
      body: { ...preLaunch.body, reach },
    });
    for (const make of [event, notice]) {
      expect(release(make({ range: B, apogee: B }), policy, later)).toEqual({
        released: false,
        code: 'below-threshold',
        reason:
          'range 500000 m and apogee 500000 m do not exceed the threshold (range > 500000 m or apogee > 500000 m)',
      });
      expect(release(make({ range: ABOVE, apogee: B }), policy, later).released).toBe(true);
      expect(release(make({ apogee: ABOVE }), policy, later).released).toBe(true);
      expect(release(make({ apogee: B }), policy, later)).toMatchObject({
        code: 'below-threshold',
        reason: expect.stringContaining('range not given'),
      });
    }
    // Released just above: the coarsened reach (1 m cells) rounds up, so it still reads above 500 km.
    const copy = release(event({ range: ABOVE }), policy, later);
    expect(copy.released && copy.message.body).toEqual({ reach: { range: 500_001 } });
  });

  it('applies only to launch notifications, and a policy may set its own', () => {
    const parsed = parseReleasePolicy({
      id: 'p',
      partner: 'us',
      statuses: ['actual', 'test'],
      types: { heartbeat: [...BODY_FIELDS.heartbeat], 'launch-event': ['reach'] },
      precision: { area: { kind: 'exact' }, time: 1, azimuth: 1, reach: 1 },
      threshold: { range: 0, apogee: 0 },
    });
    if (!parsed.ok) throw new Error('bad policy');
    const later = Date.parse('2008-01-01T00:00:00.000Z');
    const scud = { ...launchEvent, body: { ...launchEvent.body, reach: { range: 300_000, apogee: 80_000 } } };
    expect(release(scud, parsed.value, later).released).toBe(true);
  });
});
