import { h } from '../dom.js';
import type { RunOutputs } from '../worker/messages.js';

/**
 * The files of a run, as `shieldlab run` writes them, offered as downloads. Object URLs are
 * revoked when the list is replaced so that old runs do not hold their files in memory.
 */
export class Downloads {
  private urls: string[] = [];

  constructor(private readonly container: HTMLElement) {}

  show(outputs: RunOutputs): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
    const items = outputs.files.map((f) => {
      const url = URL.createObjectURL(new Blob([f.content], { type: f.type }));
      this.urls.push(url);
      const kb = new Blob([f.content]).size / 1024;
      return h(
        'li',
        {},
        h('a', { href: url, download: f.name, 'data-file': f.name }, f.name),
        ` (${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB) `,
        h('span', { class: 'file-note' }, FILE_NOTES[f.name.replace(/^.*\./, '')] ?? ''),
      );
    });
    this.container.replaceChildren(
      h(
        'p',
        {},
        `The files shieldlab run writes for “${outputs.name}”, made by the same code in this browser. Numbers agree with the command line's within the solvers' tolerances, not to the last bit: browsers compute sines and exponentials slightly differently (methods, section 14). For a result to cite, run shieldlab run and shieldlab verify.`,
      ),
      h('ul', { class: 'downloads' }, ...items),
    );
  }
}

const FILE_NOTES: Record<string, string> = {
  json: 'every number of the run, with the scenario, its hash and the seed; shieldlab verify recomputes it',
  html: 'the report: one offline page with figures, tables, sources and methods',
  geojson: 'tracks, intercepts and footprints for GIS tools',
  czml: 'the time-dynamic scene for Cesium',
  kml: 'the same for Google Earth',
  csv: "one threat's time history",
};
