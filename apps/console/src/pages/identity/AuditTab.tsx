import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../../api/client';
import type { AuditPage } from '../../api/views';
import { when } from '../../components/format';
import { PagedTable } from '../../components/PagedTable';
import { Field } from '../../components/ui';
import { currentCursor } from '../../lib/keyset';
import { fieldErrors, ProblemError } from '../../lib/problem';
import { useTrail } from './shared';

interface AuditFilters {
  action?: string;
  actor?: string;
  since?: string;
  until?: string;
}

/** `2026-01-31T09:30` from a datetime-local field, as the instant the API takes. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const time = Date.parse(local);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

export function AuditTab() {
  const { trail, next, previous, reset } = useTrail();
  const cursor = currentCursor(trail);
  const [form, setForm] = useState({ action: '', actor: '', since: '', until: '' });
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useQuery({
    queryKey: ['identity', 'audit', filters, cursor],
    queryFn: () =>
      unwrap<AuditPage>(
        api.GET('/api/v1/identity/audit-events', {
          params: { query: { limit: 50, ...filters, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
  const errors =
    events.error instanceof ProblemError
      ? fieldErrors(events.error.problem, ['action', 'actor', 'since', 'until']).byField
      : {};
  const set = (key: keyof typeof form) => (value: string) =>
    setForm((f) => ({ ...f, [key]: value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next: AuditFilters = {};
    if (form.action.trim()) next.action = form.action.trim();
    if (form.actor.trim()) next.actor = form.actor.trim();
    const since = instant(form.since);
    const until = instant(form.until);
    if (since) next.since = since;
    if (until) next.until = until;
    setFilters(next);
    reset();
  };
  return (
    <section aria-label="Audit log" className="stack">
      <h2>Audit log</h2>
      <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={apply}>
        <Field
          label="Action"
          name="action"
          value={form.action}
          onChange={set('action')}
          placeholder="e.g. user.created"
          error={errors.action}
        />
        <Field
          label="Actor"
          name="actor"
          value={form.actor}
          onChange={set('actor')}
          error={errors.actor}
        />
        <Field
          label="Since"
          name="since"
          type="datetime-local"
          value={form.since}
          onChange={set('since')}
          error={errors.since}
        />
        <Field
          label="Until"
          name="until"
          type="datetime-local"
          value={form.until}
          onChange={set('until')}
          error={errors.until}
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            Apply filters
          </Button>
        </div>
      </form>
      <PagedTable
        query={events}
        empty={<p>No audit events match.</p>}
        head={
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col" className="wide-only">
              Details
            </th>
          </tr>
        }
        row={(event) => (
          <tr key={event.id}>
            <td>
              <time dateTime={event.occurredAt}>{when(event.occurredAt)}</time>
            </td>
            <th scope="row">{event.action}</th>
            <td>{event.actor}</td>
            <td className="wide-only mono small">{JSON.stringify(event.details)}</td>
          </tr>
        )}
        pager={{ label: 'Audit pages', trail, onPrevious: previous, onNext: next }}
      />
    </section>
  );
}
