/**
 * Importing files into the panel: the hidden file input behind the Import buttons, and files
 * dropped anywhere on the panel (with the "dropping" look while one is dragged over it).
 */
import { useRef, useState } from 'preact/hooks';
import type { OverlayState } from '../state';
import { importFile } from '../transfer';

export function useFileImport(state: OverlayState) {
  const input = useRef<HTMLInputElement>(null);
  const [dropping, setDropping] = useState(false);

  const importFrom = (files: FileList | null | undefined) => {
    const chosen = files?.[0];
    if (chosen) state.run('import', () => importFile(state, chosen));
  };

  const dropHandlers = {
    onDragOver(e: DragEvent) {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setDropping(true);
    },
    onDragLeave(e: DragEvent) {
      if (!(e.currentTarget as Node).contains(e.relatedTarget as Node | null)) setDropping(false);
    },
    onDrop(e: DragEvent) {
      e.preventDefault();
      setDropping(false);
      importFrom(e.dataTransfer?.files);
    },
  };

  return {
    input,
    dropping,
    dropHandlers,
    pickFile: () => input.current?.click(),
    onPicked: (e: Event) => importFrom((e.currentTarget as HTMLInputElement).files),
  };
}
