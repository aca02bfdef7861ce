import type { JSX } from 'preact';

/**
 * The panel's few icons: 16×16 stroked paths in currentColor, so they follow the theme.
 */
// Some written short (relative moves, implied line-tos): they draw the same pixels as the absolute form.
const PATHS = {
  close: 'M4 4l8 8m0-8-8 8',
  chevron: 'M6 4l4 4-4 4',
  search: 'M7 12A5 5 0 1 0 7 2a5 5 0 0 0 0 10zm3.5-1.5L14 14',
  download: 'M8 2v8M4.5 7L8 10.5 11.5 7M3 13h10',
  upload: 'M8 11V3M4.5 6L8 2.5 11.5 6M3 13h10',
  dockBottom: 'M2.5 3.5h11v9h-11zM2.5 9h11',
  dockRight: 'M2.5 3.5h11v9h-11zm7 0v9',
  floating: 'M2.5 5.5h8v7h-8zm3 0v-2h8v7h-3',
  sun: 'M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6L13 13M3 13l1.4-1.4M11.6 4.4L13 3',
  moon: 'M13 9.5A5.5 5.5 0 0 1 6.5 3 5.5 5.5 0 1 0 13 9.5z',
  auto: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zV2',
  grip: 'M6 4h0m4 0h0M6 8h0m4 0h0M6 12h0m4 0h0',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  lens: 'M7 11.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zM4.5 7h5M7 4.5v5m3.3.8L14 14',
  pick: 'M8 1.5v4M8 10.5v4M1.5 8h4M10.5 8h4M8 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z',
  help: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM6.3 6.2a1.8 1.8 0 1 1 2.4 1.7c-.5.2-.7.6-.7 1.1v.3M8 11.2v.1',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, title }: { name: IconName; title?: string }) {
  return (
    <svg class={`sl-icon sl-icon-${name}`} viewBox="0 0 16 16" aria-hidden={title ? undefined : 'true'} role={title ? 'img' : undefined}>
      {title && <title>{title}</title>}
      <path d={PATHS[name]} />
    </svg>
  );
}

type IconButtonProps = JSX.HTMLAttributes<HTMLButtonElement> & { icon: IconName; label: string };

/** A button that shows only an icon: `label` is its accessible name and, unless `title` says more, its tooltip. */
export function IconButton({ icon, label, title = label, class: extra, ...rest }: IconButtonProps) {
  return (
    <button {...rest} class={extra ? `sl-icon-btn ${extra}` : 'sl-icon-btn'} title={title} aria-label={label}>
      <Icon name={icon} />
    </button>
  );
}
