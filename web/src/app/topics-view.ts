import { h } from '../dom.js';
import { TOPICS } from '../explain/explanations.js';

/** The explanations tab: the topical notes for lay readers, each linking to the methods. */
export function showTopics(container: HTMLElement): void {
  container.replaceChildren(
    ...TOPICS.map((t) =>
      h(
        'section',
        { class: 'topic', id: `topic-${t.id}`, 'aria-labelledby': `topic-${t.id}-title` },
        h('h3', { id: `topic-${t.id}-title` }, t.title),
        h('p', {}, t.text),
        h('p', {}, h('a', { href: t.methodsLink, target: '_blank' }, `Methods: ${t.methodsTitle}`)),
      ),
    ),
  );
}
