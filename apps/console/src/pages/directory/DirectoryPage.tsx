import { Link } from 'react-router';

import { IdentityRiskSection } from '../oracle/IdentityRisk';
import { ConnectionsStrip } from './ConnectionsStrip';
import { DirectorySummary } from './DirectorySummary';
import { PeopleList } from './PeopleList';

/**
 * The identity directory hall-of-faces syncs from Auth0 tenants and Entra ID directories:
 * the connections and their syncs, what the directory holds and its findings, and its people.
 */
export function DirectoryPage() {
  return (
    <>
      <div className="page-header">
        <h1>Directory</h1>
        <Link to="/directory/findings">Findings</Link>
      </div>
      <ConnectionsStrip />
      <DirectorySummary />
      <IdentityRiskSection />
      <PeopleList />
    </>
  );
}
