import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../../src/core/errors.js';
import { DormandPrince54 } from '../../src/flight/dormand-prince-54.js';
import { DormandPrince853 } from '../../src/flight/dormand-prince-853.js';
import type { EventDetector } from '../../src/flight/event.js';
import type { IntegratorOptions } from '../../src/flight/integrator.js';

// Reference problems with closed-form solutions (Hairer, Norsett & Wanner, "Solving ODEs I",
// section II.10 uses the same kind of test set).

// One shared contract test for every implementation of the integrator (STYLE.md).
const methods = [
  ['Dormand-Prince 5(4)', (n: number, o: IntegratorOptions) => new DormandPrince54(n, o)],
  ['Dormand-Prince 8(5,3)', (n: number, o: IntegratorOptions) => new DormandPrince853(n, o)],
] as const;

describe.each(methods)('%s on problems with known solutions', (_name, make) => {
  it("harmonic oscillator y'' = -y over 10 periods matches cos/sin to the tolerance", () => {
    const dp = make(2, { rtol: 1e-10, atol: 1e-12 });
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    const tEnd = 20 * Math.PI;
    dp.integrate(f, 0, Float64Array.of(1, 0), tEnd);
    expect(dp.t).toBe(tEnd);
    // Global error grows roughly linearly over the periods; 1e-8 is 100x the local tolerance.
    expect(Math.abs(dp.y[0]! - Math.cos(tEnd))).toBeLessThan(1e-8);
    expect(Math.abs(dp.y[1]! + Math.sin(tEnd))).toBeLessThan(1e-8);
  });

  it("exponential decay y' = -2y: error shrinks as the tolerance tightens (high-order behaviour)", () => {
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = -2 * y[0]!;
    };
    const errors = [1e-5, 1e-8, 1e-11].map((tol) => {
      const dp = make(1, { rtol: tol, atol: tol * 1e-3 });
      dp.integrate(f, 0, Float64Array.of(1), 3);
      return Math.abs(dp.y[0]! - Math.exp(-6));
    });
    expect(errors[0]!).toBeLessThan(1e-5 * Math.exp(-6) * 10);
    expect(errors[1]!).toBeLessThan(errors[0]!);
    expect(errors[2]!).toBeLessThan(errors[1]!);
    expect(errors[2]!).toBeLessThan(1e-11);
  });

  it('dense output reproduces the exact solution inside steps (continuous extension)', () => {
    const dp = make(2, { rtol: 1e-9, atol: 1e-12 });
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    let worst = 0;
    const out = new Float64Array(2);
    dp.integrate(f, 0, Float64Array.of(0, 1), 10, [], (s) => {
      for (let k = 1; k < 4; k++) {
        const t = s.tOld + (k / 4) * s.hLast;
        s.interpolate(t, out);
        worst = Math.max(worst, Math.abs(out[0]! - Math.sin(t)));
      }
    });
    expect(worst).toBeLessThan(1e-8);
  });

  it('locates an event root to the time threshold: first zero of cos t at pi/2', () => {
    const dp = make(2, { rtol: 1e-8, atol: 1e-10, eventTimeTolerance: 1e-12 });
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    const zero: EventDetector = { name: 'zero', g: (_t, y) => y[0]!, direction: -1, action: 'stop' };
    const res = dp.integrate(f, 0, Float64Array.of(1, 0), 10, [zero]);
    expect(res.stoppedBy?.detector.name).toBe('zero');
    expect(Math.abs(res.t - Math.PI / 2)).toBeLessThan(1e-8);
    expect(Math.abs(dp.y[1]! + 1)).toBeLessThan(1e-8);
  });

  it('records continuing events in order and respects the direction filter', () => {
    const dp = make(2, { rtol: 1e-9, atol: 1e-12 });
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    // y = sin t: rising zeros at 2 pi k (t = 0 included: it starts there, rising), falling at pi (2k + 1).
    const rising: EventDetector = { name: 'up', g: (_t, y) => y[0]!, direction: 1, action: 'continue' };
    const res = dp.integrate(f, 0, Float64Array.of(0, 1), 13, [rising]);
    expect(res.events.map((e) => e.detector.name)).toEqual(['up', 'up', 'up']);
    expect(res.events[0]!.time).toBe(0);
    expect(Math.abs(res.events[1]!.time - 2 * Math.PI)).toBeLessThan(1e-7);
    expect(Math.abs(res.events[2]!.time - 4 * Math.PI)).toBeLessThan(1e-7);
  });

  it('an event at the very start (g = 0 at t0) is not a crossing', () => {
    const dp = make(2, { rtol: 1e-9, atol: 1e-12 });
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    const surface: EventDetector = { name: 'impact', g: (_t, y) => y[0]!, direction: -1, action: 'stop' };
    const res = dp.integrate(f, 0, Float64Array.of(0, 1), 10, [surface]);
    expect(Math.abs(res.t - Math.PI)).toBeLessThan(1e-7);
  });

  it('a start exactly on zero moving the watched way is an event at t0 (a descending start has impacted)', () => {
    const dp = make(2, { rtol: 1e-9, atol: 1e-12 });
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    };
    // y = -sin t: starts at 0 going down.
    const surface: EventDetector = { name: 'impact', g: (_t, y) => y[0]!, direction: -1, action: 'stop' };
    const res = dp.integrate(f, 0, Float64Array.of(0, -1), 10, [surface]);
    expect(res.stoppedBy?.detector.name).toBe('impact');
    expect(res.t).toBe(0);
  });

  it('a root exactly at the end of the integration is located there, not earlier', () => {
    const dp = make(1, { rtol: 1e-9, atol: 1e-12 });
    const f = (_t: number, _y: Float64Array, d: Float64Array) => {
      d[0] = 1;
    };
    const clock: EventDetector = { name: 'minute', g: (t) => t - 60, direction: 1, action: 'continue' };
    const res = dp.integrate(f, 0, Float64Array.of(0), 60, [clock]);
    expect(res.events).toHaveLength(1);
    expect(res.events[0]!.time).toBe(60);
  });

  it('raises a clear error instead of hanging when it cannot advance', () => {
    // y' = y^2 from y(0) = 1 blows up at t = 1.
    const f = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[0]! * y[0]!;
    };
    const dp = make(1, { rtol: 1e-9, atol: 1e-12, maxSteps: 100_000 });
    expect(() => dp.integrate(f, 0, Float64Array.of(1), 2)).toThrow(IntegrationError);
  });

  it('rejects a non-finite derivative with an IntegrationError', () => {
    const f = (_t: number, _y: Float64Array, d: Float64Array) => {
      d[0] = Number.NaN;
    };
    const dp = make(1, { rtol: 1e-6, atol: 1e-9 });
    expect(() => dp.integrate(f, 0, Float64Array.of(1), 1)).toThrow(/non-finite/);
  });
});
