/**
 * A collapsible section of the details pane. Its open state is remembered across spans (like
 * DevTools panes); a rendering error inside stays inside the section.
 */
import type { ComponentChildren } from 'preact';
import { useErrorBoundary, useState } from 'preact/hooks';
import { More } from './Text';

const remembered = new Map<string, boolean>();

export interface SectionProps {
  id: string;
  title: ComponentChildren;
  /** Open unless the user closed this section before. */
  open?: boolean;
  actions?: ComponentChildren;
  children: ComponentChildren;
}

export function Section({ id, title, open: initial = true, actions, children }: SectionProps) {
  const [open, setOpen] = useState(remembered.get(id) ?? initial);
  const [error, reset] = useErrorBoundary();
  const toggle = () => {
    remembered.set(id, !open);
    setOpen(!open);
  };
  return (
    <section class="sl-d-sec" data-section={id}>
      <h3 class="sl-d-head">
        <button type="button" class="sl-d-tog" aria-expanded={open} onClick={toggle}>
          {title}
        </button>
        {actions}
      </h3>
      {open && (
        <div class="sl-d-body">
          {error ? (
            <div class="sl-d-err">
              Could not show this section: {String((error as Error)?.message ?? error)}{' '}
              <More onClick={reset}>retry</More>
            </div>
          ) : (
            children
          )}
        </div>
      )}
    </section>
  );
}
