/**
 * The layout preferences (open, dock, sizes, tab, theme, launcher place, split), remembered in
 * localStorage (see ../prefs.ts). Only what the user changed is saved: until then, the
 * integrator's defaults apply.
 */
import { effect, signal, type Signal } from '@preact/signals';
import { DEFAULT_PREFS, loadPrefs, savePrefs, type Prefs } from '../prefs';

export class LayoutStore {
  readonly prefs: Signal<Prefs>;
  readonly #stopSaving: () => void;

  /** `defaults` apply until the user changes them: saved preferences win. */
  constructor(defaults?: Partial<Prefs>) {
    this.prefs = signal(loadPrefs({ ...DEFAULT_PREFS, ...defaults }));
    let first = true;
    this.#stopSaving = effect(() => {
      const prefs = this.prefs.value;
      // Saved at once (a few hundred bytes): a reload right after a change still sees it.
      if (first) first = false;
      else savePrefs(prefs);
    });
  }

  /** Apply a change to the preferences (saved at once). */
  set(change: Partial<Prefs>): void {
    this.prefs.value = { ...this.prefs.value, ...change };
  }

  dispose(): void {
    this.#stopSaving();
  }
}
