import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { epochMillis, isoInstant } from '../../src/report/scenario-time.js';
import { keyEvents, thinnedTimes } from '../../src/report/thinning.js';
import { EPOCH, exportRun, LAUNCH_TIME, NAME, recordedIntercepts } from './run-fixture.js';

/**
 * The KML export checked against the OGC KML 2.2 XML Schema (OGC 07-147r2) by libxml2 (xmllint),
 * then read back element by element and compared with the flown trajectory.
 */

const SCHEMAS = 'test/reference/schemas/';
const schemaFile = (fileName: string) => ({ fileName, contents: readFileSync(SCHEMAS + fileName, 'utf8') });

function validate(kml: string) {
  return validateXML({
    xml: { fileName: 'trajectories.kml', contents: kml },
    schema: schemaFile('ogckml22.xsd'),
    preload: [schemaFile('atom-author-link.xsd'), schemaFile('xAL.xsd')],
  });
}

const run = exportRun();
const kml = run.files.get('trajectories.kml')!;
const DEG = 180 / Math.PI;
const launchMs = epochMillis(EPOCH) + LAUNCH_TIME * 1000;

// biome-ignore lint/suspicious/noExplicitAny: the parsed document is read element by element
type Node = any;
const document: Node = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['Folder', 'Placemark', 'Style', 'Data'].includes(name),
}).parse(kml).kml.Document;
const threatFolder: Node = document.Folder.find((f: Node) => f.name === 'irbm-london');
const data = (p: Node) => Object.fromEntries(p.ExtendedData.Data.map((d: Node) => [d['@_name'], d.value]));
const parse = (c: string) => c.split(',').map(Number) as [number, number, number];

describe('KML export', () => {
  it('is valid against the OGC KML 2.2 schema, and the schema check is not vacuous', async () => {
    const result = await validate(kml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    // The same document with one wrong value, and with two elements out of the schema's order.
    const misspelt = await validate(kml.replace('<altitudeMode>absolute', '<altitudeMode>absolut'));
    expect(misspelt.valid).toBe(false);
    const reordered = await validate(
      kml.replace(/(<TimeSpan>[\s\S]*?<\/TimeSpan>)(\s*)(<styleUrl>#trajectory<\/styleUrl>)/, '$3$2$1'),
    );
    expect(reordered.valid).toBe(false);
  });

  it('escapes text: the scenario name comes back as written', () => {
    expect(kml).toContain('&lt;at&gt; London &amp;');
    expect(document.name).toBe(NAME);
  });

  it('draws the trajectory as an absolute LineString through the thinned samples (0.2 m)', () => {
    const [line, ...points] = threatFolder.Placemark;
    expect(line.LineString.altitudeMode).toBe('absolute');
    const coordinates = (line.LineString.coordinates as string).trim().split(/\s+/).map(parse);
    const times = thinnedTimes(run.trajectory);
    expect(coordinates).toHaveLength(times.length);
    // Six decimals of a degree (0.11 m) and decimetres: 0.2 m.
    times.forEach((t, i) => {
      const g = run.trajectory.geodeticAt(t)!;
      const [lon, lat, height] = coordinates[i]!;
      expect(Math.abs(lat - g.lat * DEG) * 111e3).toBeLessThan(0.2);
      expect(Math.abs(lon - g.lon * DEG) * 111e3 * Math.cos(g.lat)).toBeLessThan(0.2);
      expect(Math.abs(height - g.height)).toBeLessThan(0.2);
    });
    // The flight on the calendar: the scenario epoch plus the launch time, to impact.
    expect(line.TimeSpan.begin).toBe('2010-03-01T12:01:30Z');
    expect(Date.parse(line.TimeSpan.end) - launchMs).toBeCloseTo(run.trajectory.endTime * 1000, 0);
    expect(points.length).toBe(3 + recordedIntercepts(run.result).length);
  });

  it('marks burnout, apogee, impact and each intercept where and when they happen', () => {
    const byEvent = new Map<string, Node[]>();
    for (const p of threatFolder.Placemark.slice(1)) {
      const event = data(p).event as string;
      byEvent.set(event, [...(byEvent.get(event) ?? []), p]);
    }
    for (const e of keyEvents(run.trajectory)) {
      const [p] = byEvent.get(e.name)!;
      const g = run.trajectory.geodeticAt(e.time)!;
      const [lon, lat, height] = parse(p.Point.coordinates);
      expect(p.Point.altitudeMode).toBe('absolute');
      expect(p.styleUrl).toBe(`#event-${e.name}`);
      expect(Math.abs(lat - g.lat * DEG) + Math.abs(lon - g.lon * DEG)).toBeLessThan(4e-6);
      expect(Math.abs(height - g.height)).toBeLessThan(0.1);
      expect(p.TimeStamp.when).toBe(isoInstant(launchMs, e.time));
    }
    const intercepts = recordedIntercepts(run.result);
    const shots = byEvent.get('intercept')!;
    expect(shots).toHaveLength(intercepts.length);
    intercepts.forEach((i, k) => {
      const [lon, lat, height] = parse(shots[k].Point.coordinates);
      expect([lon, lat]).toEqual([Number(i.lon.toFixed(6)), Number(i.lat.toFixed(6))]);
      expect(height).toBeCloseTo(i.altitude, 1);
      expect(Date.parse(shots[k].TimeStamp.when) - launchMs).toBeCloseTo(i.time * 1000, 0);
    });
  });

  it('puts each footprint target in a folder, styled by its status', () => {
    const area = run.result.studies.find((s) => s.kind === 'footprint')!.results[0] as {
      points: Array<{ lat: number; lon: number; status: string; shots: number }>;
    };
    const folder: Node = document.Folder.find((f: Node) => String(f.name).startsWith('footprint area'));
    expect(folder.Placemark).toHaveLength(area.points.length);
    const styles = new Set(document.Style.map((s: Node) => `#${s['@_id']}`));
    folder.Placemark.forEach((p: Node, k: number) => {
      const target = area.points[k]!;
      expect(p.styleUrl).toBe(`#footprint-${target.status.replace(/ /g, '-')}`);
      expect(styles.has(p.styleUrl)).toBe(true);
      expect(data(p)).toEqual({ status: target.status, shots: String(target.shots) });
      const [lon, lat] = parse(p.Point.coordinates);
      expect([lon, lat]).toEqual([target.lon, target.lat]);
    });
    expect(new Set(area.points.map((p) => p.status)).size).toBeGreaterThan(1);
  });
});
