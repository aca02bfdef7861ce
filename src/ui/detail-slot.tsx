/**
 * Where the details pane (src/ui/detail/, owned separately) plugs into the shell: the component
 * and its stylesheet.
 */
/// <reference types="vite/client" />
export { SpanDetail as SpanDetailView } from './detail/SpanDetail';
export { default as detailCss } from './detail/detail.css?inline';
