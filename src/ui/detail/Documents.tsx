/**
 * Retriever and reranker spans: the query and the documents with id and score.
 * Documents come as the `retrieval.documents` JSON list ({id, content, score, metadata}) or as
 * OpenInference's flattened `retrieval.documents.<i>.document.<field>` attributes.
 */
import { useMemo } from 'preact/hooks';
import * as sem from '../../core/semconv';
import type { Attributes } from '../../core/span';
import { JsonTree } from './JsonTree';
import { originalLength, parseJson } from './payload';
import { Pre, Text } from './Text';

interface Doc {
  id?: unknown;
  content?: unknown;
  score?: unknown;
  metadata?: unknown;
}

export function hasDocuments(a: Attributes): boolean {
  return a[sem.RETRIEVAL_DOCUMENTS] !== undefined || 'retrieval.documents.0.document.content' in a;
}

export function Documents({ attributes, query }: { attributes: Attributes; query?: string }) {
  const raw = attributes[sem.RETRIEVAL_DOCUMENTS];
  const listed = useMemo(() => (typeof raw === 'string' ? readList(raw) : undefined), [raw]);
  const docs = typeof raw === 'string' ? listed : flattened(attributes);
  const asked = attributes[sem.RERANKER_QUERY] ?? attributes[sem.INPUT_VALUE];
  return (
    <div class="sl-d-docs">
      {asked !== undefined && (
        <div class="sl-d-query">
          <span class="sl-d-muted">query </span>
          <Text text={String(asked)} query={query} limit={500} />
        </div>
      )}
      {docs === undefined ? (
        typeof raw === 'string' && (
          <div class="sl-d-pre">
            <span class="sl-d-note">documents are not a readable list; raw value: </span>
            <Text text={raw} query={query} originalLength={originalLength(attributes, sem.RETRIEVAL_DOCUMENTS)} />
          </div>
        )
      ) : (
        <ol>
          {docs.map((doc, i) => (
            <li key={i} class="sl-d-doc">
              <div class="sl-d-muted">
                #{i + 1}
                {doc.id !== undefined && ` · ${String(doc.id)}`}
                {typeof doc.score === 'number' && ` · score ${Number(doc.score.toFixed(4))}`}
              </div>
              <Pre text={typeof doc.content === 'string' ? doc.content : (JSON.stringify(doc.content) ?? '')} query={query} limit={1000} />
              {doc.metadata !== undefined && <JsonTree name="metadata" value={doc.metadata} query={query} />}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function readList(raw: string): Doc[] | undefined {
  const parsed = parseJson(raw);
  if (!parsed.ok || !Array.isArray(parsed.value)) return undefined;
  return parsed.value.map((d): Doc => (d !== null && typeof d === 'object' ? (d as Doc) : { content: d }));
}

function flattened(a: Attributes): Doc[] {
  const docs: Doc[] = [];
  for (let i = 0; `retrieval.documents.${i}.document.content` in a; i++) {
    const field = (name: string) => a[`retrieval.documents.${i}.document.${name}`];
    docs.push({ id: field('id'), content: field('content'), score: field('score') });
  }
  return docs;
}
