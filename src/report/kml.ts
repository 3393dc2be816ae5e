import { XMLBuilder } from 'fast-xml-parser';
import type { ThreatFlight } from './czml.js';
import type { FootprintGrid, InterceptPoint } from './run-points.js';
import { epochMillis, isoInstant } from './scenario-time.js';
import { keyEvents, thinnedTimes } from './thinning.js';

/**
 * KML 2.2 (OGC 07-147r2; Google Earth) of a run: a Folder per threat with its trajectory as a
 * LineString at absolute heights (the same thinned points as the GeoJSON map), its burnout, apogee
 * and impact and the planned intercepts as Placemarks stamped with their UTC instant, and each
 * footprint grid in a Folder of its own, styled by status. Coordinates are longitude, latitude
 * (degrees) and height above the WGS84 ellipsoid (m). Elements follow the order the schema requires.
 */

const DEG = 180 / Math.PI;
const KML_NAMESPACE = 'http://www.opengis.net/kml/2.2';
const CIRCLE_ICON = 'https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png';

/** KML colours are aabbggrr. */
const STYLES: ReadonlyArray<{ id: string; colour: string; line?: boolean }> = [
  { id: 'trajectory', colour: 'ff4639e6', line: true },
  { id: 'event-burnout', colour: 'ff00a5ff' },
  { id: 'event-apogee', colour: 'ff00ffff' },
  { id: 'event-impact', colour: 'ff0000ff' },
  { id: 'event-intercept', colour: 'ffffff00' },
  { id: 'footprint-defended', colour: 'ff00c000' },
  { id: 'footprint-not-defended', colour: 'ff0000ff' },
  { id: 'footprint-out-of-range', colour: 'ff909090' },
  { id: 'footprint-not-aimed', colour: 'ff94327b' },
];

const styleId = (prefix: string, name: string) => `${prefix}-${name.trim().replace(/\s+/g, '-')}`;

function style(s: (typeof STYLES)[number]) {
  return s.line
    ? { '@_id': s.id, LineStyle: { color: s.colour, width: 2 } }
    : {
        '@_id': s.id,
        IconStyle: { color: s.colour, scale: 0.8, Icon: { href: CIRCLE_ICON } },
        LabelStyle: { color: s.colour, scale: 0.8 },
      };
}

/** Longitude, latitude, height: six decimals of a degree (0.1 m) and decimetres. */
const coordinate = (lonDeg: number, latDeg: number, height: number) =>
  `${lonDeg.toFixed(6)},${latDeg.toFixed(6)},${height.toFixed(1)}`;

const data = (values: Record<string, string | number>) => ({
  Data: Object.entries(values).map(([name, value]) => ({ '@_name': name, value })),
});

function pointPlacemark(
  name: string,
  description: string,
  when: string | undefined,
  styleUrl: string,
  extended: Record<string, string | number>,
  where: string,
  absolute: boolean,
) {
  return {
    name,
    description,
    ...(when ? { TimeStamp: { when } } : {}),
    styleUrl: `#${styleUrl}`,
    ExtendedData: data(extended),
    Point: absolute ? { altitudeMode: 'absolute', coordinates: where } : { coordinates: where },
  };
}

/** The KML document as text (UTF-8, with its XML declaration). */
export function kmlDocument(
  flights: readonly ThreatFlight[],
  intercepts: readonly InterceptPoint[],
  footprints: readonly FootprintGrid[],
  options: { readonly name: string; readonly epoch?: string | undefined },
): string {
  const epoch = epochMillis(options.epoch);
  const threatFolders = flights.map(({ id, missile, trajectory, launchTime }) => {
    const at = (t: number) => isoInstant(epoch, launchTime + t);
    const line = thinnedTimes(trajectory).flatMap((t) => {
      const g = trajectory.geodeticAt(t);
      return g ? [coordinate(g.lon * DEG, g.lat * DEG, g.height)] : [];
    });
    const events = keyEvents(trajectory).flatMap((e) => {
      const g = trajectory.geodeticAt(e.time);
      return g
        ? [
            pointPlacemark(
              e.name,
              `${id}: ${e.name} ${e.time.toFixed(1)} s after launch, ${(g.height / 1000).toFixed(1)} km high`,
              at(e.time),
              `event-${e.name}`,
              { threat: id, event: e.name, time_s: Number(e.time.toFixed(3)) },
              coordinate(g.lon * DEG, g.lat * DEG, g.height),
              true,
            ),
          ]
        : [];
    });
    const shots = intercepts
      .filter((i) => i.threat === id)
      .map((i) =>
        pointPlacemark(
          `intercept ${i.shot}`,
          `${id}: shot ${i.shot} from ${i.interceptorSite} (${i.study}) meets the threat ${i.time.toFixed(1)} s after launch, ${(i.altitude / 1000).toFixed(1)} km high`,
          at(i.time),
          'event-intercept',
          {
            threat: id,
            event: 'intercept',
            study: i.study,
            interceptorSite: i.interceptorSite,
            shot: i.shot,
            time_s: i.time,
          },
          coordinate(i.lon, i.lat, i.altitude),
          true,
        ),
      );
    return {
      name: id,
      description: `${missile}, launched ${at(0)}`,
      Placemark: [
        {
          name: `${id} (${missile})`,
          TimeSpan: { begin: at(trajectory.startTime), end: at(trajectory.endTime) },
          styleUrl: '#trajectory',
          LineString: { altitudeMode: 'absolute', coordinates: line.join(' ') },
        },
        ...events,
        ...shots,
      ],
    };
  });
  const footprintFolders = footprints.map((f) => ({
    name: `footprint ${f.study}: ${f.threat}`,
    description:
      f.over === 'launch-points'
        ? 'launch points of the grid by whether the defence can engage a threat launched from them at the target'
        : 'targets of the grid by whether the defence can engage a threat aimed at them',
    Placemark: f.points.map((p) =>
      pointPlacemark(
        `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`,
        `${p.status}, ${p.shots} shot${p.shots === 1 ? '' : 's'}`,
        undefined,
        styleId('footprint', p.status),
        { status: p.status, shots: p.shots },
        coordinate(((p.lon + 540) % 360) - 180, p.lat, 0),
        false,
      ),
    ),
  }));
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
  });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    kml: {
      '@_xmlns': KML_NAMESPACE,
      Document: {
        name: options.name,
        open: 1,
        Style: STYLES.map(style),
        Folder: [...threatFolders, ...footprintFolders],
      },
    },
  }) as string;
}
