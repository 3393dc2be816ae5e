/**
 * Tabs as the WAI-ARIA authoring practices describe them: buttons with role="tab" in a
 * role="tablist", one tab in the Tab order (roving tabindex), arrow keys, Home and End to move
 * between tabs, and each tab's panel shown only while it is selected.
 */
export class Tabs {
  private readonly tabs: HTMLButtonElement[];
  private readonly listeners: Array<(id: string) => void> = [];

  constructor(list: HTMLElement) {
    this.tabs = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    for (const tab of this.tabs) {
      tab.addEventListener('click', () => this.select(tab.id, true));
      tab.addEventListener('keydown', (e) => this.onKey(e, tab));
    }
    const first = this.tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? this.tabs[0];
    if (first) this.select(first.id, false);
  }

  /** Called with the tab's id whenever a tab is selected. */
  onSelect(listener: (id: string) => void): void {
    this.listeners.push(listener);
  }

  get selected(): string {
    return this.tabs.find((t) => t.getAttribute('aria-selected') === 'true')?.id ?? '';
  }

  select(id: string, focus = false): void {
    for (const tab of this.tabs) {
      const on = tab.id === id;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !on;
      if (on && focus) tab.focus();
    }
    for (const l of this.listeners) l(id);
  }

  private onKey(e: KeyboardEvent, tab: HTMLButtonElement): void {
    const k = this.tabs.indexOf(tab);
    const n = this.tabs.length;
    const target =
      e.key === 'ArrowRight'
        ? (k + 1) % n
        : e.key === 'ArrowLeft'
          ? (k - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (target < 0) return;
    e.preventDefault();
    this.select(this.tabs[target]!.id, true);
  }
}
