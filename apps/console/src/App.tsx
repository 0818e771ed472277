import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import { createBrowserRouter, RouterProvider } from 'react-router';

import { setCsrfToken, signIn } from './api/client';
import { Layout } from './components/Layout';
import { ErrorState, Loading } from './components/states';
import { NotFoundPage } from './pages/NotFoundPage';
import { SessionContext, useSessionQuery } from './session/session';

const pages = {
  overview: () => import('./pages/OverviewPage'),
  inventory: () => import('./pages/InventoryPage'),
  accounts: () => import('./pages/AccountsPage'),
  actions: () => import('./pages/ActionsPage'),
  action: () => import('./pages/ActionPage'),
  identity: () => import('./pages/IdentityPage'),
  directory: () => import('./pages/directory/DirectoryPage'),
  directoryFindings: () => import('./pages/directory/FindingsPage'),
  person: () => import('./pages/directory/PersonPage'),
  storage: () => import('./pages/storage/StoragePage'),
  bucket: () => import('./pages/storage/BucketPage'),
  costs: () => import('./pages/costs/CostsPage'),
  recommendations: () => import('./pages/oracle/RecommendationsPage'),
  insights: () => import('./pages/oracle/InsightsPage'),
};

/**
 * Starts loading the chunk of the page the browser opened while the session is still being
 * checked, instead of after: the router's lazy load then finds it loaded or on its way.
 */
export function preloadPageOf(pathname: string): void {
  const [area = '', id] = pathname.split('/').filter(Boolean);
  const load =
    area === ''
      ? pages.overview
      : area === 'actions' && id
        ? pages.action
        : area === 'directory' && id === 'people'
          ? pages.person
          : area === 'directory' && id === 'findings'
            ? pages.directoryFindings
            : area === 'storage' && id === 'buckets'
              ? pages.bucket
              : area in pages
                ? pages[area as keyof typeof pages]
                : undefined;
  void load?.().catch(() => undefined);
}

/** Each area is its own chunk, loaded when first visited; the shell stays small. */
const router = createBrowserRouter([
  {
    path: '/',
    Component: Layout,
    HydrateFallback: () => <Loading />,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await pages.overview()).OverviewPage }),
      },
      {
        path: 'inventory',
        lazy: async () => ({ Component: (await pages.inventory()).InventoryPage }),
      },
      {
        path: 'accounts',
        lazy: async () => ({ Component: (await pages.accounts()).AccountsPage }),
      },
      {
        path: 'actions',
        lazy: async () => ({ Component: (await pages.actions()).ActionsPage }),
      },
      {
        path: 'actions/:id',
        lazy: async () => ({ Component: (await pages.action()).ActionPage }),
      },
      {
        path: 'identity',
        lazy: async () => ({ Component: (await pages.identity()).IdentityPage }),
      },
      {
        path: 'directory',
        lazy: async () => ({ Component: (await pages.directory()).DirectoryPage }),
      },
      {
        path: 'directory/findings',
        lazy: async () => ({ Component: (await pages.directoryFindings()).FindingsPage }),
      },
      {
        path: 'directory/people/:id',
        lazy: async () => ({ Component: (await pages.person()).PersonPage }),
      },
      {
        path: 'storage',
        lazy: async () => ({ Component: (await pages.storage()).StoragePage }),
      },
      {
        path: 'storage/buckets/:id',
        lazy: async () => ({ Component: (await pages.bucket()).BucketPage }),
      },
      {
        path: 'costs',
        lazy: async () => ({ Component: (await pages.costs()).CostsPage }),
      },
      {
        path: 'recommendations',
        lazy: async () => ({ Component: (await pages.recommendations()).RecommendationsPage }),
      },
      {
        path: 'insights',
        lazy: async () => ({ Component: (await pages.insights()).InsightsPage }),
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
]);

function SignInPage() {
  return (
    <main id="main" className="sign-in">
      <h1>Codex</h1>
      <p>The control plane for your clouds. Sign in to see your estate.</p>
      <Button className="button button-primary" onPress={() => signIn()}>
        Sign in
      </Button>
    </main>
  );
}

export function App() {
  const session = useSessionQuery();
  useEffect(() => {
    setCsrfToken(session.data?.csrfToken);
    document.title = session.data ? 'Codex' : 'Sign in · Codex';
  }, [session.data]);
  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.error) {
    return (
      <main id="main" className="sign-in">
        <h1>Codex</h1>
        <ErrorState error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <SignInPage />;
  return (
    <SessionContext.Provider value={session.data}>
      <RouterProvider router={router} />
    </SessionContext.Provider>
  );
}
