import { h } from '../dom.js';
import {
  applyFormChange,
  type FormChange,
  type FormThreat,
  readFormFields,
  type ScenarioFormFields,
  THREAT_FIELDS,
  type ThreatField,
} from './scenario-form-model.js';

/** The values the selects offer (the catalog's ids); values the file itself defines are added. */
export interface FormChoices {
  readonly missiles: readonly string[];
  readonly sites: readonly string[];
  readonly trajectories: readonly string[];
}

export interface ScenarioFormOptions {
  readonly choices: FormChoices;
  /** The scenario text the form starts from. */
  readonly text: string;
  /** The whole text after a field changed: hand it to the editor (`ScenarioEditor.setText`). */
  readonly onEdit: (text: string) => void;
}

const THREAT_LABELS: Record<ThreatField, string> = {
  missile: 'Missile',
  from: 'From',
  to: 'To',
  trajectory: 'Trajectory',
};

let forms = 0;

/**
 * A form for the fields users change most (name, seed, each threat's missile, launch site,
 * target and trajectory, and the burnout speed of each interceptor used), kept in step with the
 * scenario text: each change rewrites only that value in the text (comments and the rest stay)
 * and hands the text to `onEdit`; `update` shows a text edited elsewhere. Every control has its
 * label and works from the keyboard; while the text does not read as YAML the form is disabled
 * and says why.
 */
export class ScenarioForm {
  private readonly options: ScenarioFormOptions;
  private readonly prefix = `scenario-form-${++forms}`;
  private readonly root: HTMLFormElement;
  private readonly status: HTMLElement;
  private readonly fields: HTMLFieldSetElement;
  private current: string;
  private layout: string | undefined;

  constructor(parent: HTMLElement, options: ScenarioFormOptions) {
    this.options = options;
    this.current = options.text;
    this.root = h('form', { class: 'scenario-form', 'aria-label': 'Common settings', novalidate: '' });
    // Every change applies at once; there is nothing to submit (Enter in a field must not reload).
    this.root.addEventListener('submit', (event) => event.preventDefault());
    this.status = h('p', { class: 'scenario-form-status', role: 'status' });
    this.fields = h('fieldset', { class: 'scenario-form-fields' });
    this.root.append(this.status, this.fields);
    parent.append(this.root);
    this.update(options.text);
  }

  /** Shows the fields of a text (the editor's, after a change made there). */
  update(text: string): void {
    this.current = text;
    const fields = readFormFields(text);
    this.fields.disabled = fields === null;
    this.status.textContent =
      fields === null
        ? 'These fields wait until the file reads as YAML again: see the problems listed under the editor.'
        : '';
    if (fields === null) return;
    const layout = JSON.stringify([
      fields.threats.map((t) => t.id),
      fields.interceptors.map((i) => i.interceptor),
    ]);
    if (layout !== this.layout) {
      this.layout = layout;
      this.build(fields);
    }
    this.fill(fields);
  }

  destroy(): void {
    this.root.remove();
  }

  private id(...parts: Array<string | number>): string {
    return [this.prefix, ...parts].join('-').replace(/[^A-Za-z0-9_-]/g, '_');
  }

  private build(fields: ScenarioFormFields): void {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';

    const scenario = h('fieldset', { class: 'scenario-form-scenario' });
    scenario.append(h('legend', {}, 'Scenario'));
    const name = this.input('name', 'Name', { type: 'text', autocomplete: 'off' });
    name.control.addEventListener('change', () => this.edit({ field: 'name', value: name.control.value }));
    const seed = this.input('seed', 'Seed (random draws)', {
      type: 'number',
      min: '0',
      step: '1',
      inputmode: 'numeric',
    });
    seed.control.addEventListener('change', () => {
      const value = seed.control.value.trim();
      const n = Number(value);
      const ok = value === '' || (Number.isInteger(n) && n >= 0);
      seed.control.setAttribute('aria-invalid', String(!ok));
      if (ok) this.edit({ field: 'seed', value: value === '' ? null : n });
    });
    scenario.append(name.row, seed.row);

    const threats = h('fieldset', { class: 'scenario-form-threats' });
    threats.append(h('legend', {}, 'Threats'));
    if (fields.threats.length === 0) threats.append(h('p', {}, 'The file has no threats yet.'));
    for (const threat of fields.threats) threats.append(this.threatGroup(threat));

    const speeds = h('fieldset', { class: 'scenario-form-interceptors' });
    speeds.append(h('legend', {}, 'Interceptor burnout speed'));
    const hint = h(
      'p',
      { id: this.id('burnout-hint') },
      'In km/s. Empty keeps the catalog’s value; a number is written to the file as an override such as gbi-2stage.burnoutSpeed=8.3 km/s.',
    );
    speeds.append(hint);
    if (fields.interceptors.length === 0) speeds.append(h('p', {}, 'The file names no interceptor sites.'));
    for (const { interceptor } of fields.interceptors) {
      const speed = this.input(['burnout', interceptor], `${interceptor} (km/s)`, {
        type: 'number',
        min: '0.5',
        max: '11',
        step: '0.1',
        inputmode: 'decimal',
        placeholder: 'catalog',
        'aria-describedby': hint.id,
      });
      speed.control.addEventListener('change', () => {
        const value = speed.control.value.trim();
        const n = Number(value);
        const ok = value === '' || (Number.isFinite(n) && n > 0);
        speed.control.setAttribute('aria-invalid', String(!ok));
        if (ok) this.edit({ field: 'burnoutSpeed', interceptor, value: value === '' ? null : n });
      });
      speeds.append(speed.row);
    }

    this.fields.replaceChildren(scenario, threats, speeds);
    // A rebuild (a threat added in the text) must not drop the keyboard user's place.
    if (focused) document.getElementById(focused)?.focus();
  }

  private threatGroup(threat: FormThreat): HTMLFieldSetElement {
    const group = h('fieldset', { class: 'scenario-form-threat' });
    group.append(h('legend', {}, `Threat ${threat.id}`));
    for (const key of THREAT_FIELDS) {
      const id = this.id('threat', threat.index, key);
      const row = h('div', { class: 'scenario-form-row' });
      const select = h('select', { id });
      select.addEventListener('change', () =>
        this.edit({ field: 'threat', index: threat.index, key, value: select.value }),
      );
      row.append(h('label', { for: id }, THREAT_LABELS[key]), select);
      group.append(row);
    }
    return group;
  }

  private input(
    name: string | ReadonlyArray<string | number>,
    label: string,
    attributes: Record<string, string>,
  ): { row: HTMLElement; control: HTMLInputElement } {
    const id = this.id(...(typeof name === 'string' ? [name] : name));
    const row = h('div', { class: 'scenario-form-row' });
    const control = h('input', { id, ...attributes });
    row.append(h('label', { for: id }, label), control);
    return { row, control };
  }

  /** Puts the text's values in the controls, except the one being used. */
  private fill(fields: ScenarioFormFields): void {
    const set = (id: string, value: string) => {
      const control = this.root.querySelector(`#${id}`);
      if (!(control instanceof HTMLInputElement) || control === document.activeElement) return;
      control.value = value;
      control.removeAttribute('aria-invalid');
    };
    set(this.id('name'), fields.name);
    set(this.id('seed'), fields.seed === null ? '' : String(fields.seed));
    for (const { interceptor, burnoutSpeed } of fields.interceptors)
      set(this.id('burnout', interceptor), burnoutSpeed === null ? '' : String(burnoutSpeed));
    const { missiles, sites, trajectories } = this.options.choices;
    for (const threat of fields.threats)
      for (const key of THREAT_FIELDS) {
        const select = this.root.querySelector(`#${this.id('threat', threat.index, key)}`);
        if (!(select instanceof HTMLSelectElement) || select === document.activeElement) continue;
        const offered =
          key === 'missile'
            ? [...missiles, ...fields.fileMissiles]
            : key === 'trajectory'
              ? trajectories
              : [...sites, ...fields.fileSites];
        fillSelect(select, offered, threat[key]);
      }
  }

  private edit(change: FormChange): void {
    let next: string;
    try {
      next = applyFormChange(this.current, change);
    } catch (e) {
      // A shape the form does not edit (a YAML alias, say): the text stays as it is, and says so.
      this.status.textContent = `This field cannot be changed from the form in this file (${e instanceof Error ? e.message : String(e)}); edit the YAML instead.`;
      this.update(this.current);
      return;
    }
    if (next === this.current) return;
    this.current = next;
    this.options.onEdit(next);
  }
}

/** The offered values, and the current one even when it is not among them (shown as written). */
function fillSelect(select: HTMLSelectElement, offered: readonly string[], value: string): void {
  const values = [...new Set(offered)];
  const options = values.map((v) => h('option', { value: v }, v));
  if (!values.includes(value))
    options.unshift(h('option', { value }, value === '' ? '(not set)' : `${value} (as written)`));
  select.replaceChildren(...options);
  select.value = value;
}
