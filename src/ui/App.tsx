/**
 * The root inside the shadow root: the theme's custom properties, the error boundary, and either
 * the launcher or the panel.
 */
import type { Signal } from '@preact/signals';
import { ErrorBoundary } from './ErrorBoundary';
import { Launcher } from './Launcher';
import { Panel } from './Panel';
import type { OverlayState } from './state';

export interface AppProps {
  state: OverlayState;
  systemDark: Signal<boolean>;
  /** Failed spans since the panel was last open (src/launcher/failures.ts). */
  failures: Signal<number>;
  onOpen(): void;
  onClose(): void;
}

export function App({ state, systemDark, failures, onOpen, onClose }: AppProps) {
  const prefs = state.layout.prefs.value;
  const theme = prefs.theme === 'auto' ? (systemDark.value ? 'dark' : 'light') : prefs.theme;
  return (
    <div class="sl" data-theme={theme}>
      <ErrorBoundary onError={(error) => state.report('render', error)}>
        {prefs.open ? <Panel state={state} onClose={onClose} /> : <Launcher state={state} failures={failures.value} onOpen={onOpen} />}
      </ErrorBoundary>
    </div>
  );
}
