import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { studySchema } from '../../../src/scenario/scenario-schema.js';
import { explanationFor, TOPICS } from '../../../web/src/explain/explanations.js';

/** The study kinds the scenario schema accepts, read from the schema itself. */
const kinds = studySchema.options.map((option) => option.shape.kind.value);

/** Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to hyphens. */
function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchors = new Set(
  readFileSync('docs/METHODS.md', 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => githubAnchor(line.replace(/^#+ /, ''))),
);

const everyExplanation = () => [...kinds.map(explanationFor), ...TOPICS];

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?]["”’)]?)\s+(?=[A-Z“"(])/);
}

describe('explanations', () => {
  it('every study kind of the schema has its own explanation', () => {
    expect(kinds).toEqual(
      expect.arrayContaining([
        'trajectory',
        'sensing',
        'engagement',
        'footprint',
        'sweep',
        'uncertainty',
        'raid',
        'russia-question',
      ]),
    );
    for (const kind of kinds) expect(explanationFor(kind).id, kind).toBe(kind);
    expect(explanationFor('no-such-kind').id).toBe('unknown');
  });

  it('covers the topics the results rest on', () => {
    expect(TOPICS.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        'lofted-test',
        'radar-horizon',
        'tail-chase',
        'burnout-speed',
        'shoot-look-shoot',
        'kill-probability',
      ]),
    );
    const ids = everyExplanation().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every methods link names a heading of docs/METHODS.md', () => {
    expect(anchors.has('131-the-russia-question-table')).toBe(false);
    expect(anchors.has('13-the-russia-question-table')).toBe(true);
    for (const e of everyExplanation()) {
      const m = /^methods\.html#(.+)$/.exec(e.methodsLink);
      expect(m, `${e.id}: ${e.methodsLink}`).not.toBeNull();
      expect(anchors.has(m![1]!), `${e.id}: #${m![1]} is not a heading anchor of docs/METHODS.md`).toBe(true);
      const title = e.methodsTitle.replace(/^§/, '');
      expect(
        anchors.has(githubAnchor(title)) || anchors.has(githubAnchor(title.replace(/^(\d+) /, '$1. '))),
      ).toBe(true);
    }
  });

  it('each is two to four plain sentences', () => {
    for (const e of everyExplanation()) {
      const n = sentences(e.text).length;
      expect(n, `${e.id} has ${n} sentences`).toBeGreaterThanOrEqual(2);
      expect(n, `${e.id} has ${n} sentences`).toBeLessThanOrEqual(4);
      expect(e.title.length).toBeGreaterThan(0);
    }
  });

  it('quotes the catalog’s figures as the catalog gives them', () => {
    const gbi = readFileSync('data/interceptors/gbi-2stage.yaml', 'utf8');
    const kill = TOPICS.find((t) => t.id === 'kill-probability')!.text;
    expect(gbi).toMatch(/singleShotKillProbability:\s*\{\s*value: 0\.5,\s*low: 0\.25,\s*high: 0\.8,/);
    expect(kill).toContain('0.5');
    expect(kill).toContain('0.25 to 0.8');
    expect(gbi).toMatch(/burnoutSpeed:\s*\{\s*value: 7\.0 km\/s,\s*low: 5\.4 km\/s,\s*high: 9\.0 km\/s,/);
    const speed = TOPICS.find((t) => t.id === 'burnout-speed')!.text;
    expect(speed).toContain('5.4 km/s');
    expect(speed).toContain('7.7 to 9 km/s');
  });
});
