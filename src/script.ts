/**
 * The script-tag entry: `<script src="spanlens.iife.js">` exposes `window.spanlens`.
 */
export * from './index';
