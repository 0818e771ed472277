import { type FormEvent, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';

import { when } from '../../components/format';
import { PagedTable } from '../../components/PagedTable';
import { Field, SelectField } from '../../components/ui';
import {
  IDP_LABELS,
  IDPS,
  type PeopleFilters,
  peopleFiltersFrom,
  searchOfPeopleFilters,
} from '../../lib/directory';
import { currentCursor, firstPage, nextPage, type PageTrail, previousPage } from '../../lib/keyset';
import { PrivilegedBadge } from './badges';
import { usePeople } from './directory-queries';

type Form = Required<Record<keyof PeopleFilters, string>>;

const formOf = (filters: PeopleFilters): Form => ({
  q: filters.q ?? '',
  provider: filters.provider ?? '',
  privileged: filters.privileged ?? '',
  enabled: filters.enabled ?? '',
});

const YES_NO = (yes: string, no: string) => [
  { value: 'true', label: yes },
  { value: 'false', label: no },
];

/** People across identity providers, filtered in the address and paged by cursor. */
export function PeopleList() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => peopleFiltersFrom(search), [search]);
  const filterKey = JSON.stringify(filters);
  const [form, setForm] = useState<Form>(() => formOf(filters));
  const [trail, setTrail] = useState<{ key: string; trail: PageTrail }>({
    key: filterKey,
    trail: firstPage(),
  });
  const pages = trail.key === filterKey ? trail.trail : firstPage();
  const people = usePeople(filters, currentCursor(pages));

  const set = (key: keyof Form) => (value: string) =>
    setForm((current) => ({ ...current, [key]: value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSearch(searchOfPeopleFilters(peopleFiltersFrom(new URLSearchParams(form)), search));
  };
  const clear = () => {
    setForm(formOf({}));
    setSearch(searchOfPeopleFilters({}, search));
  };

  return (
    <section aria-labelledby="people-heading" className="stack">
      <h2 id="people-heading">People</h2>
      <form className="filters" role="search" aria-label="Filter people" onSubmit={apply}>
        <Field
          label="Search"
          name="q"
          type="search"
          value={form.q}
          onChange={set('q')}
          description="Part of a name or e-mail"
        />
        <SelectField
          label="Identity provider"
          name="provider"
          value={form.provider}
          onChange={set('provider')}
          options={IDPS.map((idp) => ({ value: idp, label: IDP_LABELS[idp] }))}
          emptyLabel="Any provider"
        />
        <SelectField
          label="Privileged"
          name="privileged"
          value={form.privileged}
          onChange={set('privileged')}
          options={YES_NO('Privileged', 'Not privileged')}
          emptyLabel="Anyone"
        />
        <SelectField
          label="Enabled"
          name="enabled"
          value={form.enabled}
          onChange={set('enabled')}
          options={YES_NO('With an enabled account', 'With no enabled account')}
          emptyLabel="Anyone"
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            Apply filters
          </Button>
          <Button className="button" onPress={clear}>
            Clear
          </Button>
        </div>
      </form>
      <div aria-busy={people.isFetching}>
        <PagedTable
          query={people}
          empty={<p>No people match these filters.</p>}
          head={
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Identity providers</th>
              <th scope="col">Accounts</th>
              <th scope="col" className="wide-only">
                Last sign-in
              </th>
            </tr>
          }
          row={(person) => (
            <tr key={person.id}>
              <th scope="row">
                <Link to={`/directory/people/${person.id}`}>
                  {person.displayName || person.email}
                </Link>{' '}
                {person.privileged && <PrivilegedBadge />}
                <div className="muted small">{person.email}</div>
              </th>
              <td>{person.providers.map((idp) => IDP_LABELS[idp]).join(', ')}</td>
              <td>
                {person.enabledAccounts} of {person.accounts} enabled
              </td>
              <td className="wide-only">{when(person.lastSignInAt)}</td>
            </tr>
          )}
          pager={{
            label: 'People pages',
            trail: pages,
            onPrevious: () => setTrail({ key: filterKey, trail: previousPage(pages) }),
            onNext: (cursor) => setTrail({ key: filterKey, trail: nextPage(pages, cursor) }),
          }}
        />
      </div>
    </section>
  );
}
