/**
 * The panel: its frame (docked bottom or right, or floating; moved and resized by mouse or
 * keyboard), the header with tabs and actions, notices, and the two views (traces, sessions).
 * Files dropped anywhere on it are imported.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { DetailPane } from './DetailPane';
import { clamp, onArrows, startDrag } from './drag';
import { Icon, IconButton, type IconName } from './Icon';
import { Notices } from './Notices';
import type { Dock, Prefs, Theme } from './prefs';
import { Sessions } from './Sessions';
import type { OverlayState } from './state';
import { Toolbar } from './Toolbar';
import { exportSession, importFile } from './transfer';
import { TreeView } from './TreeView';

const MIN_W = 360;
const MIN_H = 160;

/** The viewport without the page's scrollbars: a docked panel leaves them usable. */
const viewport = () => {
  const root = document.documentElement;
  return { w: root.clientWidth || innerWidth, h: root.clientHeight || innerHeight };
};

function useViewport() {
  const [size, setSize] = useState(viewport);
  useEffect(() => {
    const onResize = () => setSize(viewport());
    addEventListener('resize', onResize);
    return () => removeEventListener('resize', onResize);
  }, []);
  return size;
}

/** The frame's box for a dock, kept inside the viewport whatever was saved. */
function frame(prefs: Prefs, vw: number, vh: number) {
  if (prefs.dock === 'bottom') {
    const h = clamp(prefs.bottomHeight, MIN_H, vh - 24);
    return { left: 0, top: vh - h, w: vw, h };
  }
  if (prefs.dock === 'right') {
    const w = clamp(prefs.rightWidth, MIN_W, vw - 24);
    return { left: vw - w, top: 0, w, h: vh };
  }
  const w = clamp(prefs.floating.w, MIN_W, vw);
  const h = clamp(prefs.floating.h, MIN_H, vh);
  return { left: clamp(prefs.floating.x, 0, vw - w), top: clamp(prefs.floating.y, 0, vh - h), w, h };
}

const THEMES: Record<Theme, [Theme, IconName, string]> = {
  auto: ['light', 'auto', 'Theme: follows the system'],
  light: ['dark', 'sun', 'Theme: light'],
  dark: ['auto', 'moon', 'Theme: dark'],
};

const DOCKS: Array<[Dock, IconName, string]> = [
  ['bottom', 'dockBottom', 'Dock to bottom'],
  ['right', 'dockRight', 'Dock to right'],
  ['floating', 'floating', 'Float'],
];

export function Panel({ state, onClose }: { state: OverlayState; onClose(): void }) {
  const prefs = state.prefs.value;
  const view = state.view.value;
  const { w: vw, h: vh } = useViewport();
  const box = frame(prefs, vw, vh);
  const file = useRef<HTMLInputElement>(null);
  const [dropping, setDropping] = useState(false);

  /** Resize from the handle: bottom → height, right → width, floating → both (corner). */
  const resize = (dx: number, dy: number, from: Prefs) =>
    state.setPrefs(
      from.dock === 'bottom'
        ? { bottomHeight: clamp(from.bottomHeight - dy, MIN_H, vh - 24) }
        : from.dock === 'right'
          ? { rightWidth: clamp(from.rightWidth - dx, MIN_W, vw - 24) }
          : { floating: { ...from.floating, w: clamp(box.w + dx, MIN_W, vw - box.left), h: clamp(box.h + dy, MIN_H, vh - box.top) } },
    );
  const move = (dx: number, dy: number, from: Prefs) =>
    state.setPrefs({ floating: { ...from.floating, x: clamp(box.left + dx, 0, vw - box.w), y: clamp(box.top + dy, 0, vh - box.h) } });

  const importFrom = (files: FileList | null | undefined) => {
    const chosen = files?.[0];
    if (chosen) state.run('import', () => importFile(state, chosen));
  };
  const pickFile = () => file.current?.click();

  const resizeLabel = `Resize panel${prefs.dock === 'bottom' ? ' height' : prefs.dock === 'right' ? ' width' : ''}`;
  const size = prefs.dock === 'bottom' ? box.h : box.w;
  const [nextTheme, themeIcon, themeTitle] = THEMES[prefs.theme];

  return (
    <section
      class={`sl-panel sl-dock-${prefs.dock}${dropping ? ' sl-dropping' : ''}`}
      role="dialog"
      aria-label="spanlens"
      style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.w}px`, height: `${box.h}px` }}
      onKeyDown={(e) => {
        const typing = /^(INPUT|SELECT|TEXTAREA)$/.test((e.target as HTMLElement).tagName);
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        } else if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          if (prefs.tab !== 'traces') state.setPrefs({ tab: 'traces' });
          setTimeout(() => state.focusSearch());
        }
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!(e.currentTarget as Node).contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDropping(false);
        importFrom(e.dataTransfer?.files);
      }}
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
        onKeyDown={onArrows((dx, dy) => resize(dx, dy, state.prefs.peek()))}
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
            onKeyDown={onArrows((dx, dy) => move(dx, dy, state.prefs.peek()))}
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
                state.setPrefs({ tab });
                if (tab === 'sessions') state.run('list sessions', () => state.refreshSessions());
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
            <button class="sl-link" onClick={() => state.show(state.liveView)}>
              Back to live
            </button>
          </span>
        )}
        <span class="sl-grow" />
        <IconButton icon="upload" label="Import" title="Import an OTLP/JSON or Jaeger JSON file" class="sl-narrow-hide" onClick={pickFile} />
        <IconButton icon="download" label="Export session" title="Export this session as OTLP/JSON" onClick={() => state.run('export', () => exportSession(state, view.id))} />
        <IconButton icon={themeIcon} label={themeTitle} onClick={() => state.setPrefs({ theme: nextTheme })} />
        <span class="sl-sep sl-narrow-hide" />
        {DOCKS.map(([dock, icon, title]) => (
          <IconButton icon={icon} label={title} class={prefs.dock === dock ? 'sl-on' : undefined} aria-pressed={prefs.dock === dock} onClick={() => state.setPrefs({ dock })} />
        ))}
        <span class="sl-sep sl-narrow-hide" />
        <IconButton icon="close" label="Close" title="Close (Esc)" onClick={onClose} />
        <input ref={file} type="file" accept=".json,.jsonl,application/json" hidden onChange={(e) => importFrom((e.currentTarget as HTMLInputElement).files)} />
      </header>
      <Notices state={state} />
      {prefs.tab === 'traces' ? (
        <div class="sl-main">
          <Toolbar state={state} />
          <Split state={state} />
        </div>
      ) : (
        <Sessions state={state} onImport={pickFile} />
      )}
      {dropping && <div class="sl-drop">Drop an OTLP/JSON or Jaeger JSON file to open it as a read-only session</div>}
    </section>
  );
}

/** Its own component: the count changes with every span, the panel around it need not re-render. */
function TraceCount({ state }: { state: OverlayState }) {
  state.revision.value;
  const traces = state.view.value.index.traces().length;
  return traces ? <span class="sl-count">{traces}</span> : null;
}

/** Tree and details side by side (stacked when the panel is narrow), with a movable divider. */
function Split({ state }: { state: OverlayState }) {
  const split = state.prefs.value.split;
  const hasDetail = state.selected.value !== undefined;
  const ref = useRef<HTMLDivElement>(null);
  const vertical = () => getComputedStyle(ref.current!).flexDirection === 'column';
  const setSplit = (value: number) => state.setPrefs({ split: clamp(value, 0.2, 0.8) });
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
            onKeyDown={onArrows((dx, dy) => setSplit(state.prefs.peek().split + (vertical() ? dy : dx) / 400))}
          />
          <div class="sl-pane-detail">
            <DetailPane state={state} />
          </div>
        </>
      )}
    </div>
  );
}
