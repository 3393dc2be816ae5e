import type { GlobeScene } from '../globe/globe-scene.js';
import type { GlobeView } from '../globe/globe-view.js';

/**
 * The globe tab: CesiumJS is loaded on first view (it is most of the app's size), and the last
 * run's scene is drawn once the globe is ready, whichever comes first.
 */
export class GlobePanel {
  private view: Promise<GlobeView> | undefined;
  private scene: GlobeScene | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly statusLine: HTMLElement,
    private readonly button3d: HTMLButtonElement,
    private readonly button2d: HTMLButtonElement,
  ) {
    button3d.addEventListener('click', () => void this.setMode('3d'));
    button2d.addEventListener('click', () => void this.setMode('2d'));
  }

  /** The tab is shown: load the globe if it is not loaded yet. */
  visible(): void {
    this.load();
  }

  show(scene: GlobeScene): void {
    this.scene = scene;
    void this.load().then((view) => view.show(scene));
  }

  private load(): Promise<GlobeView> {
    if (!this.view) {
      this.statusLine.textContent = 'Loading the globe…';
      this.view = import('../globe/globe-view.js').then(async ({ GlobeView }) => {
        const view = await GlobeView.create(this.container);
        this.statusLine.textContent = '';
        if (this.scene) view.show(this.scene);
        return view;
      });
      this.view.catch((e: unknown) => {
        this.statusLine.textContent = `The globe could not start (${e instanceof Error ? e.message : String(e)}); the other tabs work without it.`;
      });
    }
    return this.view;
  }

  private async setMode(mode: '3d' | '2d'): Promise<void> {
    this.button3d.setAttribute('aria-pressed', String(mode === '3d'));
    this.button2d.setAttribute('aria-pressed', String(mode === '2d'));
    (await this.load()).setMode(mode);
  }
}
