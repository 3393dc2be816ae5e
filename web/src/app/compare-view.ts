import type { Finding } from '../../../src/studies/findings.js';
import { h } from '../dom.js';
import type { RunHistory, RunRecord } from './run-history.js';

/**
 * Two runs side by side: their findings row by row (matched on study and subject), with the rows
 * whose answers differ marked, so that a change of one parameter shows what it changes.
 */
export class CompareView {
  private readonly left: HTMLSelectElement;
  private readonly right: HTMLSelectElement;
  private readonly table: HTMLElement;

  constructor(
    container: HTMLElement,
    private readonly history: RunHistory,
  ) {
    this.left = h('select', { id: 'compare-left' });
    this.right = h('select', { id: 'compare-right' });
    this.table = h('div', { id: 'compare-table', 'aria-live': 'polite' });
    for (const s of [this.left, this.right]) s.addEventListener('change', () => this.render());
    container.replaceChildren(
      h(
        'p',
        {},
        'Run a scenario, change something (an interceptor’s burnout speed in the form, say), run again, and compare the two runs here.',
      ),
      h(
        'div',
        { class: 'compare-pickers' },
        h('label', { for: 'compare-left' }, 'Left run'),
        this.left,
        h('label', { for: 'compare-right' }, 'Right run'),
        this.right,
      ),
      this.table,
    );
    this.refresh();
  }

  /** Update the run lists after a run: the two newest are compared by default. */
  refresh(): void {
    const runs = this.history.all();
    for (const [select, pick] of [
      [this.left, runs.length - 2],
      [this.right, runs.length - 1],
    ] as const) {
      select.replaceChildren(...runs.map((r) => h('option', { value: String(r.number) }, r.label)));
      const chosen = runs[Math.max(0, pick)];
      if (chosen) select.value = String(chosen.number);
    }
    this.render();
  }

  private render(): void {
    const a = this.history.get(Number(this.left.value));
    const b = this.history.get(Number(this.right.value));
    if (!a || !b || a === b) {
      this.table.replaceChildren(h('p', {}, 'Two different runs are needed.'));
      return;
    }
    this.table.replaceChildren(compareTable(a, b));
  }
}

function compareTable(a: RunRecord, b: RunRecord): HTMLElement {
  const key = (f: Finding) => `${f.study}\u0000${f.subject}`;
  const right = new Map(b.outputs.findings.map((f) => [key(f), f]));
  const rows = a.outputs.findings.map((f) => ({
    study: f.study,
    subject: f.subject,
    left: f.answer,
    right: right.get(key(f))?.answer ?? '',
  }));
  const seen = new Set(a.outputs.findings.map(key));
  for (const f of b.outputs.findings)
    if (!seen.has(key(f))) rows.push({ study: f.study, subject: f.subject, left: '', right: f.answer });
  const changed = rows.filter((r) => r.left !== r.right).length;
  return h(
    'div',
    {},
    h('p', { class: 'compare-summary' }, `${changed} of ${rows.length} findings differ.`),
    h(
      'table',
      { class: 'compare' },
      h('caption', {}, `${a.label} against ${b.label}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'study'),
          h('th', { scope: 'col' }, 'subject'),
          h('th', { scope: 'col' }, `Run ${a.number}`),
          h('th', { scope: 'col' }, `Run ${b.number}`),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            { class: r.left !== r.right ? 'differs' : undefined },
            h('td', {}, r.study),
            h('td', {}, r.subject),
            h('td', {}, r.left),
            h(
              'td',
              {},
              r.right,
              r.left !== r.right ? h('span', { class: 'visually-hidden' }, ' (differs)') : null,
            ),
          ),
        ),
      ),
    ),
  );
}
