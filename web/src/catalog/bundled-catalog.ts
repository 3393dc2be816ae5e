import { CatalogLibrary, type CatalogText } from '../../../src/scenario/catalog-library.js';
import { inStudyOrder } from '../../../src/scenario/ready-scenario-order.js';

/**
 * The catalog files of data/ and the ready scenarios of scenarios/, bundled into the app at build
 * time (Vite's import.meta.glob with `?raw`), so that the app runs offline and computes with
 * exactly the catalog the command line reads from disk.
 */

const DATA = import.meta.glob<string>('../../../data/**/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const SCENARIOS = import.meta.glob<string>('../../../scenarios/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** `../../../data/missiles/ss-18.yaml` -> `data/missiles/ss-18.yaml`, the name users see. */
const repositoryPath = (key: string) => key.replace(/^(\.\.\/)+/, '');

function files(folder: string): CatalogText[] {
  return Object.entries(DATA)
    .map(([key, text]) => ({ file: repositoryPath(key), text }))
    .filter((f) => f.file.startsWith(`data/${folder}/`))
    .sort((a, b) => (a.file < b.file ? -1 : 1));
}

function one(name: string): CatalogText {
  const file = `data/${name}`;
  const found = Object.entries(DATA).find(([key]) => repositoryPath(key) === file);
  if (!found) throw new Error(`${file} is not bundled`);
  return { file, text: found[1] };
}

let library: CatalogLibrary | undefined;

/** The shipped catalog, parsed on first use. */
export function bundledCatalog(): CatalogLibrary {
  library ??= new CatalogLibrary({
    sites: one('sites.yaml'),
    missiles: files('missiles'),
    interceptors: files('interceptors'),
    sensors: files('sensors'),
    sharing: one('sharing.yaml'),
    russianBases: one('russian-icbm-bases.yaml'),
  });
  return library;
}

/** A ready scenario: its file name (`russia-question.yaml`) and text. */
export interface ReadyScenario {
  readonly file: string;
  readonly text: string;
}

/** The ready scenarios, in the order of the 2007 study (as `shieldlab findings` runs them). */
export function readyScenarios(): ReadyScenario[] {
  return inStudyOrder(
    Object.entries(SCENARIOS).map(([key, text]) => ({
      file: repositoryPath(key).replace(/^scenarios\//, ''),
      text,
    })),
    (s) => s.file,
  );
}
