import { Marked } from 'marked';
import methodsMarkdown from '../../../docs/METHODS.md?raw';
import { headingAnchor } from '../../../src/report/html/methods.js';
import './methods.css';

/**
 * docs/METHODS.md as a page of the app, so that the explanations can link to its sections
 * offline. Headings get the anchors GitHub gives them, so `methods.html#9-1-...` and
 * `docs/METHODS.md#9-1-...` name the same section.
 */
const marked = new Marked({
  renderer: {
    heading({ tokens, depth, text }) {
      const inner = this.parser.parseInline(tokens);
      return `<h${depth} id="${headingAnchor(text)}">${inner}</h${depth}>\n`;
    },
  },
});

const main = document.getElementById('methods')!;
main.innerHTML = marked.parse(methodsMarkdown, { async: false });
if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
