// The operator console of a Tsunagu node: one page app served by the node at /console/, talking only to that node's
// operator API. Routes live in the URL fragment (#/map, #/lifeline, …) so the node serves a single file. Pages of
// applications (web/src/apps.ts) appear when the node's session lists their application as installed.
import { StrictMode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { adoptTokenFromLocation, errorText, getToken, onUnauthorized, operatorApi, setToken, clearToken, type ApiError, type Session } from './api.ts';
import type { RunSummary } from '../../src/apps/lifeline/types.ts';
import { Dialog, ErrorBox, Loading } from './components/common.tsx';
import { adoptLangFromLocation, initI18n, setDisplayTimeZone, setLang, useLang } from './i18n/index.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import { DeclarationsPage } from './pages/DeclarationsPage.tsx';
import { applicationPages, type ApplicationPage } from './apps.ts';
import { MapPage } from './pages/MapPage.tsx';
import { TrustPage } from './pages/TrustPage.tsx';
import { ConsoleContext, storedOperatorName, storedRun, storeOperatorName, storeRun, type ConsoleState } from './state.tsx';
// esbuild emits this as the bundle's stylesheet; the node links it (and MapLibre's own) from the page it serves.
import './styles.css';

/** The console's own pages; the map first, then the installed applications' pages, then these. */
const coreRoutes = ['catalog', 'audit', 'declarations'] as const;
export type Route = string;

export interface Location {
  route: Route;
  params: URLSearchParams;
}

function readLocation(routes: readonly string[]): Location {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = hash.split('?');
  const route = routes.includes(path) ? path : 'map';
  return { route, params: new URLSearchParams(search) };
}

function useHashLocation(routes: readonly string[]): Location {
  const [loc, setLoc] = useState(() => readLocation(routes));
  useEffect(() => {
    const onHash = () => setLoc(readLocation(routes));
    onHash();
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [routes]);
  return loc;
}

/** The pages of the applications this node has installed, with their names in the navigation. */
function installedPages(session: Session): (ApplicationPage & { label: { ja: string; en: string } })[] {
  return (session.applications ?? []).flatMap((a) => {
    const page = a.console ? applicationPages.find((p) => p.route === a.console!.route) : undefined;
    return page && a.console ? [{ ...page, label: a.console.label }] : [];
  });
}

function TokenScreen({ reason, onToken }: { reason: string | undefined; onToken: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  return (
    <main id="main" className="token-screen">
      <h1>{t('token.title')}</h1>
      <p>{t('token.explain')}</p>
      {reason ? (
        <p className="error" role="alert">
          {t('token.rejected', { detail: reason })}
        </p>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim() === '') return;
          setToken(value);
          onToken();
        }}
      >
        <label htmlFor="token-input">{t('token.label')}</label>
        <input id="token-input" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit">{t('token.submit')}</button>
      </form>
    </main>
  );
}

function NameDialog({ initial, onSave, onClose }: { initial: string; onSave: (name: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  return (
    <Dialog title={t('app.setName')} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() === '') return;
          onSave(name.trim());
        }}
      >
        <label htmlFor="operator-name">{t('app.nameLabel')}</label>
        <input id="operator-name" value={name} required autoComplete="name" onChange={(e) => setName(e.target.value)} />
        <div className="actions">
          <button type="submit">{t('app.save')}</button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Header({ session, operatorName, onName }: { session: Session; operatorName: string; onName: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <header className="site-header">
      <div className="brand">
        <span className="app-title">{t('app.title')}</span>
        <span className="node-name" data-testid="node-name">
          {t('app.node')}: {session.node.name[lang]}
        </span>
      </div>
      <div className="header-tools">
        <div className="lang-switch" role="group" aria-label={t('app.language')}>
          <button type="button" lang="ja" aria-pressed={lang === 'ja'} onClick={() => setLang('ja')}>
            日本語
          </button>
          <button type="button" lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
            English
          </button>
        </div>
        <span className="operator">
          {t('app.operator')}: <strong data-testid="operator-name">{operatorName || t('app.operatorUnset')}</strong>
        </span>
        <button type="button" className="secondary" onClick={onName}>
          {operatorName ? t('app.changeName') : t('app.setName')}
        </button>
      </div>
    </header>
  );
}

function Nav({ route, routes, labelOf }: { route: Route; routes: readonly string[]; labelOf: (r: string) => string }) {
  const { t } = useTranslation();
  return (
    <nav className="site-nav" aria-label={t('app.mainNav')}>
      <ul>
        {routes.map((r) => (
          <li key={r}>
            <a href={`#/${r}`} aria-current={r === route ? 'page' : undefined}>
              {labelOf(r)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Shell({ session }: { session: Session }) {
  const pages = useMemo(() => installedPages(session), [session]);
  // The anchor's page only where this node serves a trust anchor (the session says so).
  const routes = useMemo(() => ['map', ...pages.map((p) => p.route), ...coreRoutes, ...(session.anchor ? ['trust'] : [])], [pages, session]);
  const loc = useHashLocation(routes);
  const lang = useLang();
  const { t } = useTranslation();
  const labelOf = useCallback((r: string) => pages.find((p) => p.route === r)?.label[lang] ?? t(`nav.${r}`), [pages, lang, t]);
  const AppPage = pages.find((p) => p.route === loc.route)?.Page;
  const [operatorName, setOperatorNameState] = useState(storedOperatorName);
  const [run, setRunState] = useState<RunSummary | undefined>(storedRun);
  const [askName, setAskName] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    document.title = `${labelOf(loc.route)} — ${t('app.title')} (${session.node.name[lang]})`;
  }, [loc.route, lang, session, t, labelOf]);
  useEffect(() => {
    // Move focus to the new page's heading so keyboard and screen-reader users land on it, except on first load.
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [loc.route]);

  const state = useMemo<ConsoleState>(() => {
    const names = new Map<string, Session['node']['name']>([[session.node.id, session.node.name], ...session.peers.map((p) => [p.participantId, p.name] as const)]);
    return {
      session,
      operatorName,
      setOperatorName: (name) => {
        storeOperatorName(name);
        setOperatorNameState(name);
      },
      run,
      setRun: (r) => {
        storeRun(r);
        setRunState(r);
      },
      nodeName: (id) => names.get(id)?.[lang] ?? id,
    };
  }, [session, operatorName, run, lang]);

  return (
    <ConsoleContext.Provider value={state}>
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        mainRef.current?.focus();
      }}>
        {t('app.skip')}
      </a>
      <Header session={session} operatorName={operatorName} onName={() => setAskName(true)} />
      <Nav route={loc.route} routes={routes} labelOf={labelOf} />
      <main id="main" ref={mainRef} tabIndex={-1} className={`page page-${loc.route}`}>
        {loc.route === 'map' && <MapPage />}
        {AppPage && <AppPage params={loc.params} />}
        {loc.route === 'catalog' && <CatalogPage />}
        {loc.route === 'audit' && <AuditPage />}
        {loc.route === 'declarations' && <DeclarationsPage params={loc.params} />}
        {loc.route === 'trust' && <TrustPage />}
      </main>
      {askName && (
        <NameDialog
          initial={operatorName}
          onClose={() => setAskName(false)}
          onSave={(n) => {
            state.setOperatorName(n);
            setAskName(false);
          }}
        />
      )}
    </ConsoleContext.Provider>
  );
}

function App() {
  const [hasToken, setHasToken] = useState(() => getToken() !== undefined);
  const [session, setSession] = useState<Session>();
  const [error, setError] = useState<unknown>();
  const [rejected, setRejected] = useState<string>();

  const load = useCallback(() => {
    setError(undefined);
    operatorApi.session().then((s) => {
      // Before the first render of the session's pages: every time shown is in the node's zone.
      setDisplayTimeZone(s.node.timeZone);
      setSession(s);
    }, (e: unknown) => {
      if ((e as ApiError).status !== 401) setError(e);
    });
  }, []);

  useEffect(
    () =>
      onUnauthorized((e) => {
        clearToken();
        setRejected(errorText(e));
        setHasToken(false);
        setSession(undefined);
      }),
    [],
  );
  useEffect(() => {
    if (hasToken) load();
  }, [hasToken, load]);

  if (!hasToken) return <TokenScreen reason={rejected} onToken={() => setHasToken(true)} />;
  if (error) {
    return (
      <main id="main" className="token-screen">
        <ErrorBox error={error} />
        <button type="button" onClick={load}>
          <RetryLabel />
        </button>
      </main>
    );
  }
  if (!session) return <Loading />;
  return <Shell session={session} />;
}

function RetryLabel() {
  const { t } = useTranslation();
  return <>{t('app.retry')}</>;
}

adoptLangFromLocation();
adoptTokenFromLocation();
initI18n(applicationPages);
const rootElement = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
