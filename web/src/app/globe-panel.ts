import type { GlobeScene } from '../globe/globe-scene.js';
import type { GlobeView } from '../globe/globe-view.js';

/**
 * The globe tab: CesiumJS is loaded on first view (it is most of the app's size), and the latest
 * run's scene is drawn once, when both the scene and the globe are there, whichever comes last. A
 * globe that fails to load is tried again the next time the tab is shown; the other tabs never
 * depend on it.
 */
export class GlobePanel {
  private view: GlobeView | undefined;
  private loading: Promise<GlobeView | undefined> | undefined;
  private scene: GlobeScene | undefined;
  private drawn: GlobeScene | undefined;
  private mode: '3d' | '2d' = '3d';

  constructor(
    private readonly container: HTMLElement,
    private readonly statusLine: HTMLElement,
    private readonly button3d: HTMLButtonElement,
    private readonly button2d: HTMLButtonElement,
  ) {
    button3d.addEventListener('click', () => this.setMode('3d'));
    button2d.addEventListener('click', () => this.setMode('2d'));
  }

  /** The tab is shown: load the globe if it is not loaded yet. */
  visible(): void {
    void this.load();
  }

  show(scene: GlobeScene): void {
    this.scene = scene;
    this.draw();
  }

  private load(): Promise<GlobeView | undefined> {
    this.loading ??= (async () => {
      this.statusLine.textContent = 'Loading the globe…';
      try {
        const { GlobeView } = await import('../globe/globe-view.js');
        this.view = await GlobeView.create(this.container);
        this.statusLine.textContent = '';
        if (this.mode !== '3d') this.view.setMode(this.mode);
        this.draw();
        return this.view;
      } catch (e) {
        this.loading = undefined; // tried again on the next visit to the tab
        this.statusLine.textContent = `The globe could not start (${message(e)}); the other tabs work without it.`;
        return undefined;
      }
    })();
    return this.loading;
  }

  /** Draw the latest scene if the globe is ready and has not drawn it yet. */
  private draw(): void {
    if (!this.view || !this.scene || this.drawn === this.scene) return;
    this.drawn = this.scene;
    try {
      this.view.show(this.scene);
      this.statusLine.textContent = '';
    } catch (e) {
      this.statusLine.textContent = `The globe could not draw this run (${message(e)}); the other tabs show it in full.`;
    }
  }

  private setMode(mode: '3d' | '2d'): void {
    this.mode = mode;
    this.button3d.setAttribute('aria-pressed', String(mode === '3d'));
    this.button2d.setAttribute('aria-pressed', String(mode === '2d'));
    if (this.view) this.view.setMode(mode);
    else void this.load();
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
