/**
 * pure(Component): re-renders only when a prop changed (shallow compare), like preact/compat's
 * memo without pulling in compat. The details pane re-renders every frame while a span streams
 * or a timer ticks; unchanged rows and messages are then skipped instead of diffed.
 */
import { Component, h, type ComponentType, type FunctionComponent } from 'preact';

export function pure<P extends object>(render: FunctionComponent<P>): ComponentType<P> {
  return class Pure extends Component<P> {
    shouldComponentUpdate(next: P): boolean {
      for (const key in next) if (next[key] !== this.props[key]) return true;
      for (const key in this.props) if (!(key in next)) return true;
      return false;
    }
    render(props: P) {
      return h(render, props);
    }
  };
}
