/**
 * Dataset download: the llm spans of the session shown (all, the current search/filter result,
 * scored ones, or the selected span's trace) in one of the dataset formats (export/datasets/).
 */
import { useState } from 'preact/hooks';
import { buildDataset, DATASET_FILES, DATASET_FORMATS, type DatasetFormat, type DatasetSelection } from '../../export/datasets/index';
import type { OverlayState } from '../state';
import { sortedSpans } from '../stores/sessions';
import { downloadText } from '../transfer';

type Scope = 'session' | 'filtered' | 'scored' | 'trace';

export function DatasetMenu({ state }: { state: OverlayState }) {
  const [format, setFormat] = useState<DatasetFormat>('spanlens');
  const [scope, setScope] = useState<Scope>('session');
  const download = () =>
    state.run('dataset', async () => {
      const view = state.sessions.view.value;
      // Whole spans from the store (the panel may hold light copies); the filter matches what it holds.
      const held = sortedSpans(view.index);
      const spans = await state.sessions.spans(view.id);
      const selection: DatasetSelection = {};
      if (scope === 'scored') selection.scoredOnly = true;
      if (scope === 'filtered') {
        const match = state.filters.matcher.value;
        selection.spanIds = match ? held.filter(match).map((s) => s.spanId) : held.map((s) => s.spanId);
      }
      if (scope === 'trace') {
        const selected = state.selection.selected.value;
        const span = selected === undefined ? undefined : view.index.spans.get(selected);
        if (!span) throw new Error('select a span first: its trace is exported');
        selection.traceId = span.traceId;
      }
      const file = DATASET_FILES[format];
      downloadText(`spanlens-dataset-${scope}.${file.extension}`, buildDataset(format, spans, selection), file.type);
    });
  return (
    <span class="sl-dataset" role="group" aria-label="Dataset download">
      <select class="sl-select" aria-label="Dataset format" value={format} onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as DatasetFormat)}>
        {DATASET_FORMATS.map((f) => (
          <option value={f}>{f}</option>
        ))}
      </select>
      <select class="sl-select" aria-label="Dataset scope" value={scope} onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value as Scope)}>
        <option value="session">session</option>
        <option value="filtered">filter result</option>
        <option value="scored">scored</option>
        <option value="trace">selected trace</option>
      </select>
      <button type="button" class="sl-btn" onClick={download} title="Download the llm calls as a dataset">
        Dataset
      </button>
    </span>
  );
}
