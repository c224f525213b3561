import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactElement,
} from 'react';
import { api } from '../api/client';
import { DropOverlay } from '../components/DropOverlay';
import { ImportReport } from '../components/ImportReport';
import { Sidebar } from '../components/Sidebar';
import { useDrop } from '../components/useDrop';
import { onCoreEvent } from './events';
import { EntitiesView } from './entities/EntitiesView';
import { EntityPage } from './entities/EntityPage';
import { BackupsDialog } from './backups/BackupsDialog';
import { NotebookAlerts } from './backups/NotebookAlerts';
import { ImportHistory } from './ImportHistory';
import { collectDropped } from './importing';
import { LibraryView } from './LibraryView';
import { ReaderView } from './ReaderView';
import { navigate, sectionOf, useRoute } from './route';
import { CommandPalette } from './search/CommandPalette';
import { SearchView } from './search/SearchView';
import { SourcesStore } from './sourcesStore';
import { useImporter } from './useImporter';

/** Notes: the editor (Lexical) loads with the first visit to Notes, not with the app. */
const NotesView = lazy(() => import('./notes/NotesView').then((m) => ({ default: m.NotesView })));
/** Dossiers: the same editor, loaded on the first visit to Dossiers. */
const DossiersView = lazy(() => import('./dossiers/DossiersView').then((m) => ({ default: m.DossiersView })));

export function App(): ReactElement {
  const route = useRoute();
  const [store] = useState(() => new SourcesStore());
  const { total } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [notebookFile, setNotebookFile] = useState<string | null>(null);

  const refresh = useCallback(() => store.refresh(), [store]);
  const importer = useImporter(refresh);
  const busy = importer.state.phase === 'working';

  useEffect(() => {
    let live = true;
    const loadInfo = (): void => {
      api['notebook.info']({}).then(
        (info) => live && setNotebookFile(info.file),
        () => undefined,
      );
    };
    loadInfo();
    // The sidebar shows the total whatever the view.
    store.start();
    const stop = onCoreEvent('sources.changed', () => {
      store.refresh();
      // The notebook itself may have been switched.
      loadInfo();
    });
    return () => {
      live = false;
      stop();
    };
  }, [store]);

  const { importFiles, importDropped } = importer;
  const dragging = useDrop({
    onFiles: (files, entries) => importFiles(() => collectDropped(files, entries)),
    onContent: importDropped,
  });
  const [historyOpen, setHistoryOpen] = useState(false);
  const [backupsOpen, setBackupsOpen] = useState(false);

  const picker = useRef<HTMLInputElement>(null);
  const pickFiles = useCallback(() => picker.current?.click(), []);
  const onPicked = (input: HTMLInputElement): void => {
    const files = Array.from(input.files ?? []);
    // Cleared so that picking the same file again still fires a change.
    input.value = '';
    if (files.length > 0) importFiles(async () => files.map((file) => ({ name: file.name, file })));
  };

  const openSource = useCallback((sourceId: number) => navigate({ name: 'source', sourceId }), []);
  const { run } = importer;
  const openSample = useCallback(() => {
    void run(async () => [await api['samples.importSample']({})], { quiet: true, cancellable: false }).then(
      ([result]) => {
        if (result?.sourceId) openSource(result.sourceId);
      },
    );
  }, [run, openSource]);

  let view: ReactElement;
  switch (route.name) {
    case 'library':
      view = (
        <LibraryView
          store={store}
          busy={busy}
          onOpen={openSource}
          onImport={pickFiles}
          onSample={openSample}
          onHistory={() => setHistoryOpen(true)}
        />
      );
      break;
    case 'source':
      view = (
        <ReaderView
          key={route.sourceId}
          sourceId={route.sourceId}
          passageId={route.passageId}
          at={route.at}
          onBack={() => navigate({ name: 'library' })}
        />
      );
      break;
    // ── entities views (issue 4) ──
    case 'entities':
      view = <EntitiesView tab={route.tab ?? 'list'} />;
      break;
    case 'entity':
      view = <EntityPage key={route.entityId} entityId={route.entityId} />;
      break;
    // ── notes view (issue 5) ──
    case 'notes':
      view = (
        <Suspense fallback={<div className="view-message">Loading…</div>}>
          <NotesView noteId={route.noteId ?? null} />
        </Suspense>
      );
      break;
    // ── dossiers view (issue 7) ──
    case 'dossiers':
      view = (
        <Suspense fallback={<div className="view-message">Loading…</div>}>
          <DossiersView dossierId={route.dossierId ?? null} />
        </Suspense>
      );
      break;
    // ── search view (issue 6) ──
    case 'search':
      view = <SearchView initialQuery={route.q ?? ''} />;
      break;
  }

  return (
    <div className="app">
      <Sidebar
        current={sectionOf(route)}
        sourceCount={total}
        notebookFile={notebookFile}
        onBackups={() => setBackupsOpen(true)}
      />
      <main className="main">{view}</main>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => onPicked(e.currentTarget)}
      />
      <ImportReport
        state={importer.state}
        onCancel={importer.cancel}
        onDismiss={importer.dismiss}
        onOpen={(sourceId) => {
          importer.dismiss();
          openSource(sourceId);
        }}
      />
      {historyOpen && (
        <ImportHistory
          runningReportId={importer.runningReportId}
          onClose={() => setHistoryOpen(false)}
          onOpenSource={(sourceId) => {
            setHistoryOpen(false);
            openSource(sourceId);
          }}
        />
      )}
      {backupsOpen && <BackupsDialog onClose={() => setBackupsOpen(false)} />}
      <NotebookAlerts />
      {dragging && <DropOverlay kind={dragging} />}
      <CommandPalette />
    </div>
  );
}
