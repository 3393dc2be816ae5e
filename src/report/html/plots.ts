import type { TopLevelSpec } from 'vega-lite';
import { PLOT_CONFIG } from './plot-style.js';
import type { ThreatTrack } from './report-input.js';
import type { EngagementRow, SensingResult, SweepStep } from './study-results.js';

/**
 * The report's charts as Vega-Lite specs (rendered to SVG by vega-svg.ts). Inputs are SI;
 * kilometres and km/s are for the axes only.
 */

const WIDE = 700;
const HALF = 330;

/** Events at the same instant (burnout, separation, ignition) as one labelled point. */
function mergedEvents(track: ThreatTrack) {
  const byTime = new Map<number, { names: string[]; time: number; altitude: number; groundRange: number }>();
  for (const e of track.events) {
    const at = byTime.get(e.time);
    if (at) at.names.push(e.name);
    else
      byTime.set(e.time, { names: [e.name], time: e.time, altitude: e.altitude, groundRange: e.groundRange });
  }
  return [...byTime.values()].map((e) => ({
    event: e.names.join(' / '),
    time: e.time,
    altitudeKm: e.altitude / 1000,
    rangeKm: e.groundRange / 1000,
  }));
}

/**
 * Altitude and ground range against time, and altitude against ground range (the shape of the
 * trajectory), with the flight's events marked.
 */
export function trajectorySpec(track: ThreatTrack): TopLevelSpec {
  const samples = track.samples.map((s) => ({
    time: s.time,
    altitudeKm: s.altitude / 1000,
    rangeKm: s.groundRange / 1000,
  }));
  const events = mergedEvents(track);
  const time = { field: 'time', title: 'time from launch (s)' };
  const altitude = { field: 'altitudeKm', title: 'altitude (km)' };
  const range = { field: 'rangeKm', title: 'ground range from launch (km)' };
  const panel = (x: { field: string; title: string }, y: { field: string; title: string }) => ({
    width: HALF,
    height: 240,
    layer: [
      {
        data: { values: samples },
        mark: { type: 'line', color: '#3b6ea5', strokeWidth: 2 },
        encoding: { x: { ...x, type: 'quantitative' }, y: { ...y, type: 'quantitative' } },
      },
      {
        data: { values: events },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { ...x, type: 'quantitative' },
          y: { ...y, type: 'quantitative' },
          color: { field: 'event', type: 'nominal', title: 'event', sort: null },
          shape: { field: 'event', type: 'nominal', title: 'event', sort: null },
        },
      },
    ],
  });
  return {
    config: PLOT_CONFIG,
    title: `${track.id}: ${track.missile}, ${track.trajectory} trajectory`,
    vconcat: [{ hconcat: [panel(time, altitude), panel(time, range)] }, panel(range, altitude)],
  } as TopLevelSpec;
}

interface GanttBar {
  row: string;
  start: number;
  end: number;
  what: string;
}
interface GanttMark {
  row: string;
  time: number;
  event: string;
}

const BAR_COLORS: Record<string, string> = {
  'threat flight': '#c9c9c9',
  'sensor sees the threat': '#7fa7d1',
  'launch window': '#f2b45c',
  'intercept window': '#8cc084',
  'interceptor fly-out': '#b07cc6',
};

const EVENT_SHAPES: Record<string, [string, string]> = {
  cue: ['#6a3d9a', 'triangle-right'],
  'launch report': ['#ff7f00', 'triangle-up'],
  'first detection': ['#1f78b4', 'circle'],
  'firm track': ['#33a02c', 'square'],
  'fire-control track': ['#e31a1c', 'diamond'],
  warning: ['#ff7f00', 'triangle-down'],
  commit: ['#000000', 'cross'],
  intercept: ['#b2182b', 'cross'],
};

/**
 * Rows of bars (intervals) with events marked on them, and the commit as a dashed rule across
 * every row: the shape of both the sensing and the engagement timelines.
 */
function ganttSpec(
  title: string,
  rows: readonly string[],
  bars: readonly GanttBar[],
  marks: readonly GanttMark[],
  commit: number | null,
): TopLevelSpec {
  const y = {
    field: 'row',
    type: 'nominal',
    title: null,
    sort: rows,
    scale: { domain: rows },
    axis: { labelLimit: 260 },
  } as const;
  const barKinds = Object.keys(BAR_COLORS).filter((k) => bars.some((b) => b.what === k));
  const eventKinds = Object.keys(EVENT_SHAPES).filter((k) => marks.some((m) => m.event === k));
  const x = { title: 'time from threat launch (s)', type: 'quantitative' } as const;
  return {
    config: PLOT_CONFIG,
    title,
    width: WIDE,
    height: 26 * rows.length,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', height: 14 },
        encoding: {
          x: { ...x, field: 'start' },
          x2: { field: 'end' },
          y,
          // Fill, not color: the events' color and shape then share one legend.
          fill: {
            field: 'what',
            type: 'nominal',
            title: 'interval',
            scale: { domain: barKinds, range: barKinds.map((k) => BAR_COLORS[k]!) },
          },
        },
      },
      ...(commit === null
        ? []
        : [
            {
              data: { values: [{ time: commit, label: `commit ${commit} s` }] },
              layer: [
                {
                  mark: { type: 'rule', strokeDash: [4, 3], color: '#000' },
                  encoding: { x: { ...x, field: 'time' } },
                },
                {
                  mark: { type: 'text', align: 'left', dx: 4, y: -6, fontSize: 10 },
                  encoding: { x: { ...x, field: 'time' }, text: { field: 'label' } },
                },
              ],
            },
          ]),
      {
        data: { values: marks },
        mark: { type: 'point', filled: true, size: 80, stroke: 'white', strokeWidth: 0.6 },
        encoding: {
          x: { ...x, field: 'time' },
          y,
          color: {
            field: 'event',
            type: 'nominal',
            title: 'event',
            scale: { domain: eventKinds, range: eventKinds.map((k) => EVENT_SHAPES[k]![0]) },
          },
          shape: {
            field: 'event',
            type: 'nominal',
            title: 'event',
            scale: { domain: eventKinds, range: eventKinds.map((k) => EVENT_SHAPES[k]![1]) },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Each sensor's visibility intervals with its cue, detection and tracks, then the defence's decision. */
export function sensingSpec(sensing: SensingResult, flightTime: number | null): TopLevelSpec {
  const sensors = sensing.sensors ?? [];
  const rows = ['threat flight', ...sensors.map((s) => `${s.id} (${s.kind})`), 'defence'];
  const bars: GanttBar[] = [
    ...(flightTime === null ? [] : [{ row: rows[0]!, start: 0, end: flightTime, what: 'threat flight' }]),
    ...sensors.flatMap((s) =>
      s.intervals.map((i) => ({
        row: `${s.id} (${s.kind})`,
        start: i.start,
        end: i.end,
        what: 'sensor sees the threat',
      })),
    ),
  ];
  const marks: GanttMark[] = [];
  const mark = (row: string, time: number | null | undefined, event: string) => {
    if (time !== null && time !== undefined) marks.push({ row, time, event });
  };
  for (const s of sensors) {
    const row = `${s.id} (${s.kind})`;
    mark(row, s.cue, 'cue');
    mark(row, s.firstDetection, 'first detection');
    mark(row, s.launchReport, 'launch report');
    mark(row, s.firstTrack, 'firm track');
    mark(row, s.fireControlTrack, 'fire-control track');
  }
  mark('defence', sensing.warning, 'warning');
  mark('defence', sensing.firstTrack, 'firm track');
  mark('defence', sensing.fireControlTrack, 'fire-control track');
  mark('defence', sensing.commit, 'commit');
  return ganttSpec(`Sensing timeline: ${sensing.threat}`, rows, bars, marks, sensing.commit ?? null);
}

/** The threat's flight, the launch and intercept windows and each shot from launch to intercept. */
export function engagementSpec(e: EngagementRow, flightTime: number | null): TopLevelSpec {
  const shots = e.intercepts ?? [];
  const rows = [
    'threat flight',
    'launch window',
    'intercept window',
    ...shots.map((_, k) => `shot ${k + 1}`),
  ];
  const bars: GanttBar[] = [
    ...(flightTime === null
      ? []
      : [{ row: 'threat flight', start: 0, end: flightTime, what: 'threat flight' }]),
    ...(e.launchWindow
      ? [
          {
            row: 'launch window',
            start: e.launchWindow.earliest,
            end: e.launchWindow.latest,
            what: 'launch window',
          },
        ]
      : []),
    ...(e.interceptWindow
      ? [
          {
            row: 'intercept window',
            start: e.interceptWindow.earliest,
            end: e.interceptWindow.latest,
            what: 'intercept window',
          },
        ]
      : []),
    ...shots.map((s, k) => ({
      row: `shot ${k + 1}`,
      start: s.launchTime,
      end: s.time,
      what: 'interceptor fly-out',
    })),
  ];
  const marks: GanttMark[] = [
    ...(e.commitTime === null || e.commitTime === undefined
      ? []
      : [{ row: 'threat flight', time: e.commitTime, event: 'commit' }]),
    ...shots.map((s, k) => ({ row: `shot ${k + 1}`, time: s.time, event: 'intercept' })),
  ];
  return ganttSpec(
    `Engagement timeline: ${e.threat} from ${e.interceptorSite}${e.feasible ? '' : ' (no intercept)'}`,
    rows,
    bars,
    marks,
    e.commitTime ?? null,
  );
}

/**
 * A swept value as a number with its unit when every value is written the same way ("5.4 km/s",
 * "8.3 km/s"), else as the values written, in order.
 */
function sweptAxis(steps: readonly SweepStep[], parameter: string) {
  const parsed = steps.map((s) => /^\s*([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/.exec(String(s.value)));
  const units = new Set(parsed.map((m) => m?.[2]));
  if (parsed.every((m) => m) && units.size === 1) {
    const unit = [...units][0];
    return {
      values: parsed.map((m) => Number(m![1])),
      axis: {
        type: 'quantitative',
        title: unit ? `${parameter} (${unit})` : parameter,
        scale: { zero: false },
      },
    } as const;
  }
  return {
    values: steps.map((s) => String(s.value)),
    axis: { type: 'ordinal', title: parameter, sort: null },
  } as const;
}

/** Intercept window length and shots against the swept value, one line per threat and site. */
export function sweepSpec(parameter: string, steps: readonly SweepStep[]): TopLevelSpec {
  const swept = sweptAxis(steps, parameter);
  const data = steps.flatMap((step, k) =>
    step.results.map((r) => ({
      value: swept.values[k],
      engagement: `${r.threat} from ${r.interceptorSite}`,
      window: r.interceptWindow ? r.interceptWindow.latest - r.interceptWindow.earliest : 0,
      shots: r.shots,
    })),
  );
  const panel = (field: string, title: string) => ({
    width: HALF,
    height: 220,
    mark: { type: 'line', point: { filled: true, size: 60 } },
    encoding: {
      x: { field: 'value', ...swept.axis },
      y: { field, type: 'quantitative', title },
      color: { field: 'engagement', type: 'nominal', title: 'threat from site' },
    },
  });
  return {
    config: PLOT_CONFIG,
    title: `Sweep of ${parameter}`,
    data: { values: data },
    hconcat: [
      panel('window', 'intercept window length (s)'),
      {
        ...panel('shots', 'shots'),
        encoding: {
          ...panel('shots', 'shots').encoding,
          y: { field: 'shots', type: 'quantitative', title: 'shots', axis: { tickMinStep: 1 } },
        },
      },
    ],
  } as TopLevelSpec;
}
