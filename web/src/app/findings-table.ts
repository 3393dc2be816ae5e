import type { Finding } from '../../../src/studies/findings.js';
import { h } from '../dom.js';

/** The findings of a run as a table: one row per study and subject, as `shieldlab findings` prints. */
export function findingsTable(findings: readonly Finding[], caption: string): HTMLTableElement {
  return h(
    'table',
    { class: 'findings' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'study'),
        h('th', { scope: 'col' }, 'subject'),
        h('th', { scope: 'col' }, 'finding'),
      ),
    ),
    h(
      'tbody',
      {},
      ...findings.map((f) =>
        h('tr', {}, h('td', {}, f.study), h('td', {}, f.subject), h('td', {}, f.answer)),
      ),
    ),
  );
}
