import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import { createBrowserRouter, RouterProvider } from 'react-router';

import { setCsrfToken, signIn } from './api/client';
import { Layout } from './components/Layout';
import { ErrorState, Loading } from './components/states';
import { NotFoundPage } from './pages/NotFoundPage';
import { SessionContext, useSessionQuery } from './session/session';

/** Each area is its own chunk, loaded when first visited; the shell stays small. */
const router = createBrowserRouter([
  {
    path: '/',
    Component: Layout,
    HydrateFallback: () => <Loading />,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./pages/OverviewPage')).OverviewPage }),
      },
      {
        path: 'inventory',
        lazy: async () => ({ Component: (await import('./pages/InventoryPage')).InventoryPage }),
      },
      {
        path: 'accounts',
        lazy: async () => ({ Component: (await import('./pages/AccountsPage')).AccountsPage }),
      },
      {
        path: 'actions',
        lazy: async () => ({ Component: (await import('./pages/ActionsPage')).ActionsPage }),
      },
      {
        path: 'actions/:id',
        lazy: async () => ({ Component: (await import('./pages/ActionPage')).ActionPage }),
      },
      {
        path: 'identity',
        lazy: async () => ({ Component: (await import('./pages/IdentityPage')).IdentityPage }),
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
