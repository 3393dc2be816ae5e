import type { Finding } from '../../../src/studies/findings.js';
import { h } from '../dom.js';
import type { RunHistory, RunRecord } from './run-history.js';

/**
 * Two runs side by side: their findings row by row (matched on study and subject), with the rows
 * whose answers differ marked, so that a change of one parameter shows what it changes; then each
 * study's figures and tables of both runs next to each other.
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
    this.table = h('div', { id: 'compare-table' });
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
    this.table.replaceChildren(compareTable(a, b), sideBySide(a, b));
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
    h('p', { class: 'compare-summary', role: 'status' }, `${changed} of ${rows.length} findings differ.`),
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

/**
 * Each study's section (figures and tables, as the report shows them) of both runs in two columns,
 * one collapsible block per study found in both. The figures' SVG ids are scoped to their run: two
 * runs' figure 1 on one page would otherwise share clip paths.
 */
function sideBySide(a: RunRecord, b: RunRecord): HTMLElement {
  const right = new Map(b.outputs.sections.map((s) => [s.id, s]));
  const blocks = a.outputs.sections
    .filter((s) => s.id.startsWith('study-') && right.has(s.id))
    .map((s) => {
      const column = (run: RunRecord, html: string) => {
        const body = h('div', { class: 'compare-column report-body' });
        // Built by shieldlab from escaped values (see results-view.ts); no scripts.
        body.innerHTML = scopedFigureIds(html, `run${run.number}`);
        return h('div', {}, h('h4', {}, `Run ${run.number}`), body);
      };
      return h(
        'details',
        { class: 'compare-study' },
        h('summary', {}, s.title),
        h('div', { class: 'compare-columns' }, column(a, s.html), column(b, right.get(s.id)!.html)),
      );
    });
  return h(
    'section',
    { id: 'compare-figures', 'aria-label': 'Figures and tables side by side' },
    h('h3', {}, 'Figures and tables side by side'),
    ...(blocks.length > 0 ? blocks : [h('p', {}, 'The two runs have no study in common.')]),
  );
}

/** The report's figure ids (`figure-N...`) and their references, prefixed with a run's own scope. */
function scopedFigureIds(html: string, scope: string): string {
  return html
    .replaceAll(' id="figure-', ` id="${scope}-figure-`)
    .replaceAll('url(#figure-', `url(#${scope}-figure-`);
}
