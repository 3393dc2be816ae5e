import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../../src/cli/catalog-files.js';
import { InputError } from '../../../src/core/errors.js';
import { missileClass, vehicleClassOfRange } from '../../../src/exchange/bridge/vehicle-class.js';

describe('vehicleClassOfRange: SRBM < 1000 km, MRBM 1000-3000, IRBM 3000-5500, ICBM > 5500', () => {
  it.each([
    [1, 'srbm'],
    [300e3, 'srbm'],
    [999_999.999, 'srbm'],
    [1_000_000, 'mrbm'],
    [2_999_999.999, 'mrbm'],
    [3_000_000, 'irbm'],
    [5_500_000, 'irbm'],
    [5_500_000.001, 'icbm'],
    [11_600_000, 'icbm'],
  ] as const)('%d m is %s', (range, expected) => {
    expect(vehicleClassOfRange(range)).toBe(expected);
  });

  it('refuses a range that is not a positive number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => vehicleClassOfRange(bad)).toThrow(InputError);
  });
});

describe('missileClass', () => {
  it('takes the catalog range first, then the stated class, then the range flown', () => {
    expect(missileClass({ class: 'ICBM', range: 2_000_000 }, 9e6)).toEqual({
      vehicleClass: 'mrbm',
      basis: 'catalog range',
    });
    expect(missileClass({ class: 'IRBM' }, 9e6)).toEqual({ vehicleClass: 'irbm', basis: 'catalog class' });
    expect(missileClass({}, 900e3)).toEqual({ vehicleClass: 'srbm', basis: 'flown range' });
    expect(missileClass({ class: 'unknown' }, 6e6)).toEqual({ vehicleClass: 'icbm', basis: 'flown range' });
  });

  it('agrees with the class each shipped catalog missile states, where it states a range too', () => {
    const missiles = shippedCatalog().missileCatalog().missiles;
    const both = missiles.filter((m) => m.class !== undefined && m.performance.range !== undefined);
    expect(both.length).toBeGreaterThanOrEqual(5);
    for (const m of both)
      expect([m.id, vehicleClassOfRange(m.performance.range!.value)]).toEqual([m.id, m.class!.toLowerCase()]);
  });
});
