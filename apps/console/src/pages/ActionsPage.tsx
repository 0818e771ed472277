import { useState } from 'react';
import { Link } from 'react-router';

import { useActions } from '../api/queries';
import type { ActionStatus } from '../api/views';
import { humanize, when } from '../components/format';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { SelectField } from '../components/ui';
import { currentCursor, firstPage, nextPage, previousPage } from '../lib/keyset';

const STATUSES: ActionStatus[] = [
  'pending_approval',
  'dispatched',
  'succeeded',
  'failed',
  'rejected',
];

export function ActionsPage() {
  const [status, setStatus] = useState<ActionStatus | ''>('');
  const [trail, setTrail] = useState(firstPage);
  const actions = useActions(status || undefined, currentCursor(trail));
  return (
    <>
      <h1>Actions</h1>
      <p className="muted">Request an action from a resource in the inventory.</p>
      <div className="filters">
        <SelectField
          label="Status"
          name="status"
          value={status}
          onChange={(value) => {
            setStatus(STATUSES.find((s) => s === value) ?? '');
            setTrail(firstPage());
          }}
          options={STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          emptyLabel="Any status"
        />
      </div>
      <QueryState
        query={actions}
        loadingLabel="Loading actions…"
        isEmpty={(page) => page.items.length === 0}
        empty={<p>No actions{status ? ` with status ${humanize(status).toLowerCase()}` : ''}.</p>}
      >
        {(page) => (
          <>
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">Actions</caption>
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="wide-only">
                      Requested by
                    </th>
                    <th scope="col" className="wide-only">
                      Requested
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((action) => (
                    <tr key={action.id}>
                      <th scope="row">
                        <Link to={`/actions/${action.id}`}>
                          {humanize(action.type)} {action.targetUrn.split(':').pop()}
                        </Link>
                      </th>
                      <td>
                        <StatusBadge status={action.status} />
                      </td>
                      <td className="wide-only">
                        {action.requestedByPerson || action.requestedBy}
                      </td>
                      <td className="wide-only">{when(action.requestedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              label="Action pages"
              trail={trail}
              nextCursor={page.nextCursor}
              onPrevious={() => setTrail(previousPage(trail))}
              onNext={(cursor) => setTrail(nextPage(trail, cursor))}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
