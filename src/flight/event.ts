/**
 * The one event contract (after Orekit's EventDetector): a continuous switching function g(t, y)
 * whose sign change is located by the integrator's root finder on its dense output.
 *
 * Burnout and staging at known times end an integration phase exactly; everything else (apogee,
 * altitude crossings, impact, user events) is a detector.
 */
export interface EventDetector {
  /** Name recorded in the event log (`apogee`, `impact`, `altitude-100km`, ...). */
  readonly name: string;
  /**
   * Switching function; its roots are the events. Must be continuous in t along the trajectory.
   * `y` is the integrator's state vector (for flight: ECI position m, velocity m/s, mass kg).
   */
  g(t: number, y: Float64Array): number;
  /** Which sign changes count: +1 rising (- to +), -1 falling (+ to -), 0 both. */
  readonly direction: -1 | 0 | 1;
  /** `stop` ends the integration at the event; `continue` records it and goes on. */
  readonly action: 'stop' | 'continue';
}

/** An event located by the integrator. */
export interface LocatedEvent {
  readonly detector: EventDetector;
  /** Time of the root (s). */
  readonly time: number;
  /** State at the root (a copy). */
  readonly state: Float64Array;
}
