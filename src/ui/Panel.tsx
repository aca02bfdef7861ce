/**
 * The panel: its frame (docked bottom or right, or floating; moved and resized by mouse or
 * keyboard), the header with tabs and actions, notices, and the two views (traces, sessions).
 * Files dropped anywhere on it are imported.
 */
import { useRef, useState } from 'preact/hooks';
import { DetailPane } from './DetailPane';
import { clamp, onArrows, startDrag } from './drag';
import { useFileImport } from './hooks/use-file-import';
import { usePanelFrame } from './hooks/use-panel-frame';
import { Icon, IconButton, type IconName } from './Icon';
import { Notices } from './Notices';
import { PinsList } from './whatif/PinsList';
import { pickInPage } from './pick/page-actions';
import { ShortcutHelp } from './ShortcutHelp';
import { TurnAnnouncer } from './TurnAnnouncer';
import type { Dock, Theme } from '../config';
import { Sessions } from './Sessions';
import type { OverlayState } from './state';
import { Toolbar } from './Toolbar';
import { exportSession } from './transfer';
import { TreeView } from './TreeView';

/** The theme button shows the current theme and switches to the next one. */
interface ThemeButton {
  icon: IconName;
  label: string;
  next: Theme;
}

const THEME_BUTTONS: Record<Theme, ThemeButton> = {
  auto: { icon: 'auto', label: 'Theme: follows the system', next: 'light' },
  light: { icon: 'sun', label: 'Theme: light', next: 'dark' },
  dark: { icon: 'moon', label: 'Theme: dark', next: 'auto' },
};

interface DockButton {
  dock: Dock;
  icon: IconName;
  label: string;
}

const DOCK_BUTTONS: DockButton[] = [
  { dock: 'bottom', icon: 'dockBottom', label: 'Dock to bottom' },
  { dock: 'right', icon: 'dockRight', label: 'Dock to right' },
  { dock: 'floating', icon: 'floating', label: 'Float' },
];

/** What the resize handle changes, by dock. */
const RESIZE_LABELS: Record<Dock, string> = {
  bottom: 'Resize panel height',
  right: 'Resize panel width',
  floating: 'Resize panel',
};

export function Panel({ state, onClose }: { state: OverlayState; onClose(): void }) {
  const { layout, sessions } = state;
  const prefs = layout.prefs.value;
  const view = sessions.view.value;
  const { box, resize, move } = usePanelFrame(layout);
  const files = useFileImport(state);
  const resizeLabel = RESIZE_LABELS[prefs.dock];
  const size = prefs.dock === 'bottom' ? box.h : box.w;
  const themeButton = THEME_BUTTONS[prefs.theme];
  const [helpOpen, setHelpOpen] = useState(false);

  const onKeyDown = (e: KeyboardEvent) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test((e.target as HTMLElement).tagName);
    const plainKey = !typing && !e.ctrlKey && !e.metaKey && !e.altKey;
    if (e.key === 'Escape' && helpOpen) {
      e.preventDefault();
      setHelpOpen(false);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === '?' && plainKey) {
      e.preventDefault();
      setHelpOpen(!helpOpen);
    } else if (e.key === 'p' && plainKey) {
      e.preventDefault();
      pickInPage(state, e.currentTarget as Element);
    } else if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (prefs.tab !== 'traces') layout.set({ tab: 'traces' });
      setTimeout(() => state.focusSearch());
    }
  };

  return (
    <section
      class={`sl-panel sl-dock-${prefs.dock}${files.dropping ? ' sl-dropping' : ''}`}
      role="dialog"
      aria-label="spanlens"
      style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.w}px`, height: `${box.h}px` }}
      onKeyDown={onKeyDown}
      {...files.dropHandlers}
    >
      <div
        class="sl-resize"
        role="separator"
        tabIndex={0}
        aria-label={resizeLabel}
        aria-orientation={prefs.dock === 'bottom' ? 'horizontal' : 'vertical'}
        aria-valuenow={Math.round(size)}
        title={`${resizeLabel} (drag, or arrow keys)`}
        onPointerDown={(e) => {
          const from = prefs;
          startDrag(e, (dx, dy) => resize(dx, dy, from));
        }}
        onKeyDown={onArrows((dx, dy) => resize(dx, dy, layout.prefs.peek()))}
      />
      <header
        class="sl-bar"
        onPointerDown={(e) => {
          if (prefs.dock !== 'floating' || (e.target as HTMLElement).closest('button,input,select')) return;
          const from = prefs;
          startDrag(e, (dx, dy) => move(dx, dy, from));
        }}
      >
        {prefs.dock === 'floating' && (
          <IconButton
            icon="grip"
            label="Move panel"
            title="Move panel (drag, or arrow keys)"
            class="sl-grip"
            onKeyDown={onArrows((dx, dy) => move(dx, dy, layout.prefs.peek()))}
          />
        )}
        <span class="sl-brand">
          <Icon name="lens" /> <span class="sl-narrow-hide">spanlens</span>
        </span>
        <div class="sl-tabs" role="tablist">
          {(['traces', 'sessions'] as const).map((tab) => (
            <button
              role="tab"
              aria-selected={prefs.tab === tab}
              class="sl-tab"
              onClick={() => {
                layout.set({ tab });
                if (tab === 'sessions') state.run('list sessions', () => sessions.refresh());
              }}
            >
              {tab === 'traces' ? 'Traces' : 'Sessions'}
              {tab === 'traces' && <TraceCount state={state} />}
            </button>
          ))}
        </div>
        {!view.live && (
          <span class="sl-viewing">
            <span class="sl-pill">read-only</span>
            <span class="sl-ellipsis" title={view.label}>
              {view.label}
            </span>
            <button class="sl-link" onClick={() => sessions.showLive()}>
              Back to live
            </button>
          </span>
        )}
        <span class="sl-grow" />
        <IconButton icon="pick" label="Pick an element of the page" title="Pick an element of the page: select the span that wrote its text (p)" onClick={(e) => pickInPage(state, e.currentTarget)} />
        <IconButton icon="help" label="Keyboard shortcuts" title="Keyboard shortcuts (?)" class="sl-narrow-hide" onClick={() => setHelpOpen(!helpOpen)} />
        <IconButton icon="upload" label="Import" title="Import an OTLP/JSON or Jaeger JSON file" class="sl-narrow-hide" onClick={files.pickFile} />
        <IconButton icon="download" label="Export session" title="Export this session as OTLP/JSON" onClick={() => state.run('export', () => exportSession(state, view.id))} />
        <IconButton icon={themeButton.icon} label={themeButton.label} onClick={() => layout.set({ theme: themeButton.next })} />
        <span class="sl-sep sl-narrow-hide" />
        {DOCK_BUTTONS.map(({ dock, icon, label }) => (
          <IconButton icon={icon} label={label} class={prefs.dock === dock ? 'sl-on' : undefined} aria-pressed={prefs.dock === dock} onClick={() => layout.set({ dock })} />
        ))}
        <span class="sl-sep sl-narrow-hide" />
        <IconButton icon="close" label="Close" title="Close (Esc)" onClick={onClose} />
        <input ref={files.input} type="file" accept=".json,.jsonl,application/json" hidden onChange={files.onPicked} />
      </header>
      <Notices state={state} />
      <TurnAnnouncer state={state} />
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      {state.actions && <PinsList actions={state.actions} />}
      {prefs.tab === 'traces' ? (
        <div class="sl-main">
          <Toolbar state={state} />
          <Split state={state} />
        </div>
      ) : (
        <Sessions state={state} onImport={files.pickFile} />
      )}
      {files.dropping && <div class="sl-drop">Drop an OTLP/JSON or Jaeger JSON file to open it as a read-only session</div>}
    </section>
  );
}

/** Its own component: the count changes with every span, the panel around it need not re-render. */
function TraceCount({ state }: { state: OverlayState }) {
  state.sessions.revision.value;
  const traces = state.sessions.view.value.index.traces().length;
  return traces ? <span class="sl-count">{traces}</span> : null;
}

/** Tree and details side by side (stacked when the panel is narrow), with a movable divider. */
function Split({ state }: { state: OverlayState }) {
  const { layout } = state;
  const split = layout.prefs.value.split;
  const hasDetail = state.selection.selected.value !== undefined;
  const ref = useRef<HTMLDivElement>(null);
  const vertical = () => getComputedStyle(ref.current!).flexDirection === 'column';
  const setSplit = (value: number) => layout.set({ split: clamp(value, 0.2, 0.8) });
  return (
    <div ref={ref} class="sl-split">
      <div class="sl-pane-tree" style={{ flexBasis: hasDetail ? `${split * 100}%` : '100%' }}>
        <TreeView state={state} />
      </div>
      {hasDetail && (
        <>
          <div
            class="sl-divider"
            role="separator"
            tabIndex={0}
            aria-label="Resize details"
            aria-valuenow={Math.round(split * 100)}
            onPointerDown={(e) => {
              const from = split;
              const rect = ref.current!.getBoundingClientRect();
              const col = vertical();
              startDrag(e, (dx, dy) => setSplit(from + (col ? dy / rect.height : dx / rect.width)));
            }}
            onKeyDown={onArrows((dx, dy) => setSplit(layout.prefs.peek().split + (vertical() ? dy : dx) / 400))}
          />
          <div class="sl-pane-detail">
            <DetailPane state={state} />
          </div>
        </>
      )}
    </div>
  );
}
