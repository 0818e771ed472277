import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useSearchParams } from 'react-router';

import { useCan } from '../session/session';
import { ApiKeysTab } from './identity/ApiKeysTab';
import { AuditTab } from './identity/AuditTab';
import { MachineClientsTab } from './identity/MachineClientsTab';
import { UsersTab } from './identity/UsersTab';

const TABS = ['users', 'api-keys', 'machine-clients', 'audit'] as const;
type TabKey = (typeof TABS)[number];

/** The tenant's identity: people and their roles, API keys, machine clients, the audit log. */
export function IdentityPage() {
  const [search, setSearch] = useSearchParams();
  const isAdmin = useCan('admin');
  const tab = TABS.find((t) => t === search.get('tab')) ?? 'users';
  if (!isAdmin) {
    return (
      <>
        <h1>Identity</h1>
        <p>Only an admin manages users, keys and clients and reads the audit log.</p>
      </>
    );
  }
  return (
    <>
      <h1>Identity</h1>
      <Tabs
        selectedKey={tab}
        onSelectionChange={(key) => setSearch({ tab: String(key) as TabKey })}
        className="tabs"
      >
        <TabList aria-label="Identity areas" className="tab-list">
          <Tab id="users">Users and roles</Tab>
          <Tab id="api-keys">API keys</Tab>
          <Tab id="machine-clients">Machine clients</Tab>
          <Tab id="audit">Audit log</Tab>
        </TabList>
        <TabPanel id="users">
          <UsersTab />
        </TabPanel>
        <TabPanel id="api-keys">
          <ApiKeysTab />
        </TabPanel>
        <TabPanel id="machine-clients">
          <MachineClientsTab />
        </TabPanel>
        <TabPanel id="audit">
          <AuditTab />
        </TabPanel>
      </Tabs>
    </>
  );
}
