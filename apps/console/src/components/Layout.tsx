import { Button } from 'react-aria-components';
import { NavLink, Outlet } from 'react-router';

import { grants } from '../lib/roles';
import { ExplainProvider } from '../pages/oracle/ExplainProvider';
import { signOut, useSession } from '../session/session';

const AREAS = [
  { to: '/', label: 'Overview', end: true },
  { to: '/inventory', label: 'Inventory' },
  { to: '/accounts', label: 'Accounts' },
  { to: '/actions', label: 'Actions' },
  { to: '/directory', label: 'Directory' },
  { to: '/storage', label: 'Storage' },
  { to: '/costs', label: 'Costs' },
  { to: '/recommendations', label: 'Recommendations' },
  { to: '/insights', label: 'Insights' },
];

/** The frame of every page: skip link, navigation, who is signed in, the page. */
export function Layout() {
  const session = useSession();
  const { user } = session;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Codex</span>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {AREAS.map((area) => (
              <li key={area.to}>
                <NavLink to={area.to} end={area.end ?? false}>
                  {area.label}
                </NavLink>
              </li>
            ))}
            {grants(user.roles, 'admin') && (
              <li>
                <NavLink to="/identity">Identity</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="user">
          <span className="user-name" title={user.email}>
            {user.name || user.email}
            <span className="user-roles"> · {user.roles.join(', ')}</span>
          </span>
          <Button className="button button-quiet" onPress={() => void signOut(session.csrfToken)}>
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ExplainProvider>
          <Outlet />
        </ExplainProvider>
      </main>
    </div>
  );
}
