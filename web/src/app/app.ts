import { bundledCatalog, readyScenarios } from '../catalog/bundled-catalog.js';
import { byId, h } from '../dom.js';

import { scenarioProblems } from '../editor/problems-from-errors.js';
import { ScenarioEditor } from '../editor/scenario-editor.js';
import { ScenarioForm } from '../editor/scenario-form.js';
import { scenarioFromUrl, shareLinkNote, shareUrl } from '../share/share-link.js';
import type { RunOutputs } from '../worker/messages.js';
import { PhysicsClient, RunCancelled, RunFailed } from '../worker/physics-client.js';
import { CompareView } from './compare-view.js';
import { Downloads } from './downloads.js';
import { findingsTable } from './findings-table.js';
import { GlobePanel } from './globe-panel.js';
import { showResults } from './results-view.js';
import { RunHistory } from './run-history.js';
import { Tabs } from './tabs.js';
import { showTopics } from './topics-view.js';

/** Where the browser keeps the editor's text, its file name, and the text a share link replaced. */
const TEXT_KEY = 'shieldlab.scenario';
const FILE_KEY = 'shieldlab.scenario.file';
const PREVIOUS_KEY = 'shieldlab.scenario.before-link';
/** As the command line: a scenario file of at most 16 MiB. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** How often the status line (a live region) says how far a run is. */
const STATUS_INTERVAL_MS = 3000;

/** Storage that privacy settings may refuse: reading gives null, writing does nothing. */
function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // The editor itself says when its text cannot be kept.
  }
}

/**
 * The page: a scenario on the left (ready ones, a file, the YAML editor and a form), results on
 * the right (globe, findings, plots and tables, comparison, downloads). Runs happen in the
 * physics worker; the page only shows what it sends back.
 */
export class App {
  private readonly client = new PhysicsClient();
  private readonly history = new RunHistory();
  private readonly editor: ScenarioEditor;
  private readonly resultTabs: Tabs;
  private readonly globe: GlobePanel;
  private readonly downloads = new Downloads(byId('downloads'));
  private readonly compare: CompareView;
  private readonly form: ScenarioForm | undefined;
  /** The scenario's file name, as result.json records it (kept with the text across reloads). */
  private file: string;

  constructor() {
    const ready = readyScenarios();
    const first = ready[0]!;
    this.file = first.file;
    const storedFile = readStorage(FILE_KEY);
    const select = byId<HTMLSelectElement>('ready-scenario');
    select.replaceChildren(
      ...ready.map((s) => h('option', { value: s.file }, s.file.replace(/\.yaml$/, ''))),
    );
    const catalogs = bundledCatalog().scenarioCatalogs();
    this.editor = new ScenarioEditor(byId('editor'), {
      initialText: first.text,
      validate: (text) => scenarioProblems(text, catalogs, this.file),
      onChange: (text) => {
        this.updateShareLink();
        this.form?.update(text);
      },
      storageKey: TEXT_KEY,
      label: 'Scenario file (YAML)',
    });
    if (this.editor.restored) {
      if (storedFile) this.file = storedFile;
      this.status('Your last edit of the scenario was restored.');
    }
    const library = bundledCatalog();
    this.form = new ScenarioForm(byId('form'), {
      choices: {
        missiles: library.missileCatalog().missiles.map((m) => m.id!),
        sites: library.siteCatalog().sites.map((x) => x.id),
        trajectories: ['min-energy', 'lofted', 'depressed'],
      },
      text: this.editor.text(),
      onEdit: (text) => this.editor.setText(text),
    });
    new Tabs(byId('edit-tabs'));
    this.resultTabs = new Tabs(byId('result-tabs'));
    this.globe = new GlobePanel(byId('globe'), byId('globe-status'), byId('mode-3d'), byId('mode-2d'));
    this.resultTabs.onSelect((id) => {
      if (id === 'tab-globe') this.globe.visible();
    });
    this.compare = new CompareView(byId('compare'), this.history);
    showTopics(byId('topics'));

    byId('load-ready').addEventListener('click', () => {
      const scenario = ready.find((s) => s.file === select.value);
      if (!scenario) return;
      this.setFile(scenario.file);
      this.editor.setText(scenario.text);
      this.status(`Loaded ${scenario.file}. Undo (Ctrl+Z) in the editor brings back the previous text.`);
    });
    byId<HTMLInputElement>('open-file').addEventListener('change', (e) => void this.openFile(e));
    byId('run').addEventListener('click', () => void this.run());
    byId('cancel').addEventListener('click', () => this.client.cancel());
    byId('copy-link').addEventListener('click', () => void this.copyShareLink());
    byId('restore-previous').addEventListener('click', () => this.restorePrevious());
    this.openSharedLink();
    // A link pasted into the address bar of an open app changes only the fragment.
    window.addEventListener('hashchange', () => this.openSharedLink());
    this.updateShareLink();
    this.globe.visible();
    // For end-to-end tests and for users' own scripts: the editor's text, read as the app reads it.
    (window as unknown as { __shieldlabApp: unknown }).__shieldlabApp = { text: () => this.editor.text() };
  }

  private status(text: string): void {
    byId('status').textContent = text;
  }

  private setFile(file: string): void {
    this.file = file;
    writeStorage(FILE_KEY, file);
  }

  /**
   * A scenario in the address (a share link) replaces the editor's text. The text it replaces is
   * kept (in the browser's storage, so a reload does not lose it) and one button brings it back;
   * the link is then taken out of the address, so that a reload keeps the user's later edits.
   */
  private openSharedLink(): void {
    if (!location.hash.startsWith('#scenario=')) return;
    const shared = scenarioFromUrl(location.href);
    history.replaceState(null, '', location.pathname + location.search);
    if (shared === null) {
      this.showError(
        'The link holds no readable scenario (it may have been cut short); the editor is unchanged.',
      );
      return;
    }
    if (shared === this.editor.text()) return;
    writeStorage(PREVIOUS_KEY, JSON.stringify({ file: this.file, text: this.editor.text() }));
    this.editor.setText(shared);
    this.setFile('shared.yaml');
    byId('restore-previous').hidden = false;
    this.status(
      'Opened the scenario of the link. Your previous scenario is kept: the button beside the share link brings it back.',
    );
  }

  private restorePrevious(): void {
    try {
      const previous = JSON.parse(readStorage(PREVIOUS_KEY) ?? 'null') as {
        file: string;
        text: string;
      } | null;
      if (!previous) return;
      this.editor.setText(previous.text);
      this.setFile(previous.file);
      byId('restore-previous').hidden = true;
      this.status(`Your previous scenario (${previous.file}) is back.`);
    } catch {
      this.status('The previous scenario could not be read back from this browser’s storage.');
    }
  }

  private showError(message: string | null): void {
    const box = byId('run-error');
    box.hidden = message === null;
    box.replaceChildren(...(message ?? '').split('\n').map((line) => h('p', {}, line)));
  }

  private async openFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared at once, so that choosing the same file again opens it again.
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.showError(
        `${file.name}: a scenario file of at most ${MAX_FILE_BYTES / 1024} KiB was expected (it has ${file.size.toLocaleString('en-US')} bytes).`,
      );
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      this.showError(`${file.name} could not be read (${e instanceof Error ? e.message : String(e)}).`);
      return;
    }
    this.showError(null);
    this.setFile(file.name);
    this.editor.setText(text);
    this.status(`Opened ${file.name}. Undo (Ctrl+Z) in the editor brings back the previous text.`);
  }

  private async run(): Promise<void> {
    const text = this.editor.text();
    const errors = this.editor.problems().filter((p) => p.severity === 'error');
    // Problems are checked again here: the editor checks after a pause in typing.
    const now = scenarioProblems(text, bundledCatalog().scenarioCatalogs(), this.file).filter(
      (p) => p.severity === 'error',
    );
    if (now.length > 0 || errors.length > 0) {
      const n = now.length || errors.length;
      this.showError(
        `The scenario has ${n} problem${n === 1 ? '' : 's'}; each is marked beside its line in the editor and listed under it.`,
      );
      this.status('Not run.');
      return;
    }
    this.showError(null);
    const progress = byId<HTMLProgressElement>('progress');
    const runButton = byId<HTMLButtonElement>('run');
    const cancel = byId<HTMLButtonElement>('cancel');
    progress.hidden = false;
    progress.value = 0;
    const hadFocus = document.activeElement === runButton;
    runButton.disabled = true;
    cancel.disabled = false;
    // Keyboard users stay on a control: the disabled Run button would drop focus to the page.
    if (hadFocus) cancel.focus();
    const started = performance.now();
    let announced = 0;
    this.status('Running…');

    try {
      const outputs = await this.client.run(this.file, text, {
        onProgress: (done, total, what) => {
          progress.value = total > 0 ? done / total : 0;
          progress.setAttribute('aria-valuetext', `${done} of ${total}: ${what}`);
          // The status is a live region: a screen reader hears it every few seconds, not ten times a second.
          const now = performance.now();
          if (now - announced < STATUS_INTERVAL_MS) return;
          announced = now;
          const elapsed = (now - started) / 1000;
          const left = done > 0 && done < total ? (elapsed * (total - done)) / done : null;
          this.status(
            `Running: ${what} (${done} of ${total}${left !== null ? `, about ${Math.ceil(left)} s left` : ''})`,
          );
        },
      });
      this.show(text, outputs);
      this.status(`Done in ${(outputs.elapsed / 1000).toFixed(1)} s: ${outputs.findings.length} findings.`);
    } catch (e) {
      if (e instanceof RunCancelled) this.status('Cancelled.');
      else if (e instanceof RunFailed) {
        this.showError(e.message);

        this.status('The run failed; the reason is shown above.');
      } else {
        this.showError(`The run failed: ${e instanceof Error ? e.message : String(e)}`);
        this.status('The run failed.');
      }
    } finally {
      progress.hidden = true;
      const cancelHadFocus = document.activeElement === cancel;
      runButton.disabled = false;
      cancel.disabled = true;
      if (cancelHadFocus || document.activeElement === document.body) runButton.focus();
    }
  }

  private show(text: string, outputs: RunOutputs): void {
    const record = this.history.add(text, outputs);
    byId('findings').replaceChildren(
      findingsTable(outputs.findings, `Findings of ${record.label}`),
      h(
        'p',
        {},
        'The same rows as shieldlab findings prints for this scenario; Plots and tables gives the figures behind each.',
      ),
    );
    showResults(byId('results'), outputs);
    this.downloads.show(outputs);
    this.compare.refresh();
    this.globe.show(outputs.scene);
    document.body.dataset.runs = String(record.number);
  }

  private updateShareLink(): void {
    const base = location.href.replace(/#.*$/, '');
    const url = shareUrl(base, this.editor.text());
    byId<HTMLInputElement>('share-link').value = url;
    const note = byId('share-note');
    const text = shareLinkNote(url);
    note.textContent = text ?? '';
    note.hidden = text === null;
  }

  private async copyShareLink(): Promise<void> {
    this.updateShareLink();
    const input = byId<HTMLInputElement>('share-link');
    try {
      await navigator.clipboard.writeText(input.value);
      this.status('The share link is copied: it holds the whole scenario, so it works offline too.');
    } catch {
      input.select();
      this.status('Select and copy the share link beside the button.');
    }
  }
}
