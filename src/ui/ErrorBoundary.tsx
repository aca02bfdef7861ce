/**
 * Catches any error thrown while rendering the panel: shows it with a restart button instead of
 * letting it reach the app. Restart remounts everything below from scratch.
 */
import { Component, type ComponentChildren } from 'preact';

interface Props {
  onError(error: unknown): void;
  children: ComponentChildren;
}

export class ErrorBoundary extends Component<Props, { error?: unknown; generation: number }> {
  state = { error: undefined as unknown, generation: 0 };

  componentDidCatch(error: unknown): void {
    this.props.onError(error);
    this.setState({ error });
  }

  render() {
    const { error, generation } = this.state;
    if (error !== undefined) {
      return (
        <div class="sl-crash" role="alert">
          <strong>The spanlens panel failed.</strong>
          <span>{error instanceof Error ? error.message : String(error)}</span>
          <button class="sl-btn" onClick={() => this.setState({ error: undefined, generation: generation + 1 })}>
            Restart panel
          </button>
        </div>
      );
    }
    // A new key on restart: the subtree mounts fresh, with no state from the failed render.
    return <div key={generation} class="sl-contents">{this.props.children}</div>;
  }
}
