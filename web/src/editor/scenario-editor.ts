import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { h } from '../dom.js';
import type { EditorProblem } from './editor-problem.js';
import { problemRange } from './problem-range.js';

export type { EditorProblem } from './editor-problem.js';

export interface ScenarioEditorOptions {
  readonly initialText: string;
  /** Every problem of a text (for example `scenarioProblems` with the catalogs). */
  readonly validate: (text: string) => EditorProblem[];
  /** Called on every change of the text, typed or set. */
  readonly onChange?: (text: string) => void;
  /** Where the text is kept in localStorage; without it nothing is stored. */
  readonly storageKey?: string;
  /** The accessible name of the text. */
  readonly label?: string;
}

/** Typing pauses shorter than this do not each write to storage. */
const SAVE_DELAY_MS = 400;
/** Checking waits for a pause in typing, as it can take a moment on a long file. */
const CHECK_DELAY_MS = 300;

let editors = 0;

/**
 * The scenario file in a CodeMirror editor (YAML highlighting, folding, search, undo), checked as
 * it is typed: each problem is marked beside its line and listed under the editor as a button that
 * moves the cursor there, so keyboard and screen-reader users reach every problem; a polite live
 * region says how many there are. Tab is not taken by the editor (no indent-with-Tab), so it
 * always moves on to the next control; Enter keeps the indentation.
 *
 * Nothing typed is lost: with a storage key, the text is written to localStorage shortly after
 * each change and when the page is hidden or closed, and a stored text is restored in preference
 * to the initial one. To open another text (a shared link) call `setText` after construction:
 * it is undoable, so the restored text is one undo away.
 */
export class ScenarioEditor {
  /** True when the text came from storage and differs from the initial text. */
  readonly restored: boolean;
  private readonly options: ScenarioEditorOptions;
  private readonly view: EditorView;
  private readonly root: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly storageNote: HTMLElement;
  private checked: { readonly text: string; readonly problems: EditorProblem[] } | undefined;
  private shown: string | undefined;
  private unsaved = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly saveWhenHidden = () => {
    if (document.visibilityState === 'hidden') this.saveNow();
  };
  private readonly saveOnLeave = () => this.saveNow();

  constructor(parent: HTMLElement, options: ScenarioEditorOptions) {
    this.options = options;
    const stored = readStored(options.storageKey);
    const text = stored ?? options.initialText;
    this.restored = stored !== null && stored !== options.initialText;

    const id = `scenario-editor-${++editors}`;
    this.root = h('div', { class: 'scenario-editor' });
    const hint = h(
      'p',
      { id: `${id}-hint`, class: 'scenario-editor-hint' },
      'Tab moves to the next control; Enter keeps the indentation. Problems are listed below the editor.',
    );
    const host = h('div', { class: 'scenario-editor-text' });
    this.summary = h('p', {
      id: `${id}-summary`,
      class: 'scenario-editor-summary',
      role: 'status',
      'aria-live': 'polite',
    });
    this.list = h('ul', {
      class: 'scenario-editor-problems',
      role: 'list',
      'aria-labelledby': this.summary.id,
    });
    this.storageNote = h('p', { class: 'scenario-editor-storage', role: 'alert' });
    this.storageNote.hidden = true;
    this.root.append(hint, host, this.summary, this.list, this.storageNote);
    parent.append(this.root);

    this.view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: text,
        extensions: [
          basicSetup,
          yaml(),
          // The pane is narrow on a laptop: long lines wrap rather than hide behind a scroll bar.
          EditorView.lineWrapping,
          lintGutter(),
          linter((view) => this.diagnostics(view), { delay: CHECK_DELAY_MS }),
          EditorView.contentAttributes.of({
            'aria-label': options.label ?? 'Scenario file (YAML)',
            'aria-describedby': `${hint.id} ${this.summary.id}`,
            // Already in the Tab order as a text box; saying so lets checkers see that the
            // scrolling region around it is reachable by keyboard.
            tabindex: '0',
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) this.changed();
          }),
        ],
      }),
    });
    this.showProblems(this.check(text));
    window.addEventListener('pagehide', this.saveOnLeave);
    document.addEventListener('visibilitychange', this.saveWhenHidden);
  }

  text(): string {
    return this.view.state.doc.toString();
  }

  /**
   * Replaces the text as one undoable change. Only the part that differs is replaced, so the
   * cursor and the undo history of the rest stay where they were (a form edit touches one value).
   */
  setText(text: string): void {
    const current = this.text();
    if (current === text) return;
    let start = 0;
    while (start < current.length && start < text.length && current[start] === text[start]) start++;
    let endCurrent = current.length;
    let endText = text.length;
    while (endCurrent > start && endText > start && current[endCurrent - 1] === text[endText - 1]) {
      endCurrent--;
      endText--;
    }
    this.view.dispatch({
      changes: { from: start, to: endCurrent, insert: text.slice(start, endText) },
      userEvent: 'input.replace',
    });
  }

  /** The problems of the last check (the current text is checked first if it has not been). */
  problems(): EditorProblem[] {
    const problems = this.check(this.text());
    this.showProblems(problems);
    return problems;
  }

  focus(): void {
    this.view.focus();
  }

  /** Saves any unsaved text, then removes the editor and its listeners. */
  destroy(): void {
    this.saveNow();
    window.removeEventListener('pagehide', this.saveOnLeave);
    document.removeEventListener('visibilitychange', this.saveWhenHidden);
    this.view.destroy();
    this.root.remove();
  }

  private diagnostics(view: EditorView): Diagnostic[] {
    const doc = view.state.doc;
    const problems = this.check(doc.toString());
    this.showProblems(problems);
    return problems.map((p) => ({
      ...problemRange(doc, p),
      severity: p.severity,
      message: p.message,
      source: 'shieldlab validate',
    }));
  }

  /** Checks a text once; a checker that throws is itself reported, never allowed to stop the editor. */
  private check(text: string): EditorProblem[] {
    if (this.checked?.text === text) return this.checked.problems;
    let problems: EditorProblem[];
    try {
      problems = this.options.validate(text);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      problems = [{ line: 1, column: 1, severity: 'error', message: `the check itself failed: ${reason}` }];
    }
    this.checked = { text, problems };
    return problems;
  }

  private showProblems(problems: readonly EditorProblem[]): void {
    // Rebuilding an unchanged list would move keyboard focus off the button a user is on.
    const key = JSON.stringify(problems);
    if (key === this.shown) return;
    this.shown = key;
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    this.summary.textContent =
      problems.length === 0
        ? 'No problems'
        : `${count(problems.length, 'problem')}${warnings > 0 ? ` (${count(errors, 'error')}, ${count(warnings, 'warning')})` : ''}`;
    this.list.replaceChildren(
      ...problems.map((p) => {
        const item = h('li', { class: `scenario-editor-problem ${p.severity}` });
        const label = `${p.severity === 'warning' ? 'Warning, line' : 'Line'} ${p.line}: ${p.message}`;
        const button = h('button', { type: 'button' }, label);
        button.addEventListener('click', () => this.goTo(p));
        item.append(button);
        return item;
      }),
    );
  }

  private goTo(problem: EditorProblem): void {
    const { from } = problemRange(this.view.state.doc, problem);
    this.view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
    this.view.focus();
  }

  private changed(): void {
    this.unsaved = true;
    if (this.options.storageKey !== undefined) {
      clearTimeout(this.saveTimer);
      this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
    }
    this.options.onChange?.(this.text());
  }

  private saveNow(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const key = this.options.storageKey;
    if (key === undefined || !this.unsaved) return;
    try {
      localStorage.setItem(key, this.text());
      this.unsaved = false;
      this.storageNote.hidden = true;
    } catch (e) {
      // Full or refused storage: the text is still in the editor, so say how to keep it.
      const reason = e instanceof Error ? e.message : String(e);
      this.storageNote.textContent = `This browser did not keep a copy of your edits (${reason}). Copy or download the text before leaving the page.`;
      this.storageNote.hidden = false;
    }
  }
}

/** The stored text, or null when there is none or storage cannot be read (privacy settings). */
function readStored(key: string | undefined): string | null {
  if (key === undefined) return null;
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
