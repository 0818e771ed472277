import { type FormEvent, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useSearchParams } from 'react-router';

import { type ResourceFilters, useAccounts, useResources, useSummary } from '../api/queries';
import { humanize, when } from '../components/format';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { Field, SelectField } from '../components/ui';
import { recentCostText } from '../lib/costs';
import { currentCursor, firstPage, nextPage, type PageTrail, previousPage } from '../lib/keyset';
import { formatTagFilter, parseTagFilter } from '../lib/tag-filter';
import { ResourcePanel } from './ResourcePanel';

const PROVIDERS = ['aws', 'gcp', 'azure'] as const;
const SORTS = [
  { value: 'name', label: 'Name, A to Z' },
  { value: '-name', label: 'Name, Z to A' },
  { value: '-observedAt', label: 'Seen most recently' },
  { value: 'observedAt', label: 'Seen longest ago' },
] as const;
const FILTER_KEYS = ['q', 'provider', 'account', 'type', 'state', 'region', 'tag', 'sort'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type FilterForm = Record<FilterKey, string>;

/** The filters live in the address, so a filtered view can be shared and survives reload. */
function filtersFrom(search: URLSearchParams): ResourceFilters {
  const filters: ResourceFilters = {};
  const provider = search.get('provider');
  if (provider && (PROVIDERS as readonly string[]).includes(provider))
    filters.provider = provider as ResourceFilters['provider'];
  for (const key of ['q', 'account', 'type', 'state', 'region'] as const) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const tags = search.getAll('tag').filter(Boolean);
  if (tags.length > 0) filters.tag = tags;
  const sort = search.get('sort');
  if (sort && SORTS.some((s) => s.value === sort)) filters.sort = sort as ResourceFilters['sort'];
  return filters;
}

function formFrom(filters: ResourceFilters): FilterForm {
  return {
    q: filters.q ?? '',
    provider: filters.provider ?? '',
    account: filters.account ?? '',
    type: filters.type ?? '',
    state: filters.state ?? '',
    region: filters.region ?? '',
    tag: formatTagFilter(filters.tag ?? []),
    sort: filters.sort ?? 'name',
  };
}

export function InventoryPage() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFrom(search), [search]);
  const filterKey = JSON.stringify(filters);
  const [form, setForm] = useState<FilterForm>(() => formFrom(filters));
  const [trail, setTrail] = useState<{ key: string; trail: PageTrail }>({
    key: filterKey,
    trail: firstPage(),
  });
  const pages = trail.key === filterKey ? trail.trail : firstPage();
  const resources = useResources(filters, currentCursor(pages));
  const summary = useSummary();
  const accounts = useAccounts();
  const selected = search.get('resource') ?? undefined;
  const [formError, setFormError] = useState<string>();

  const set = (key: FilterKey) => (value: string) =>
    setForm((current) => ({ ...current, [key]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (form.q.trim() !== '' && form.q.trim().length < 3) {
      setFormError('Enter at least 3 characters, or leave it empty.');
      return;
    }
    setFormError(undefined);
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      if (key === 'tag') parseTagFilter(form.tag).forEach((tag) => next.append('tag', tag));
      else if (form[key].trim() !== '' && !(key === 'sort' && form.sort === 'name'))
        next.set(key, form[key].trim());
    }
    setSearch(next);
  };

  const clear = () => {
    setForm(formFrom({}));
    setFormError(undefined);
    setSearch(new URLSearchParams());
  };

  const select = (urn: string | undefined) => {
    const next = new URLSearchParams(search);
    if (urn) next.set('resource', urn);
    else next.delete('resource');
    setSearch(next);
  };

  const accountOptions = (accounts.data?.items ?? []).map((account) => ({
    value: account.externalAccountId,
    label: `${account.name} (${account.externalAccountId})`,
  }));
  const keysOf = (counts: Record<string, number> | undefined) => Object.keys(counts ?? {}).sort();
  const withCurrent = (options: string[], current: string) =>
    current && !options.includes(current) ? [current, ...options] : options;

  return (
    <>
      <h1>Inventory</h1>
      <form className="filters" role="search" aria-label="Filter resources" onSubmit={apply}>
        <Field
          label="Search"
          name="q"
          type="search"
          value={form.q}
          onChange={set('q')}
          error={formError}
          description="Part of the name, or the exact URN"
        />
        <SelectField
          label="Provider"
          name="provider"
          value={form.provider}
          onChange={set('provider')}
          options={PROVIDERS}
          emptyLabel="Any provider"
        />
        <SelectField
          label="Account"
          name="account"
          value={form.account}
          onChange={set('account')}
          options={accountOptions}
          emptyLabel="Any account"
        />
        <SelectField
          label="Type"
          name="type"
          value={form.type}
          onChange={set('type')}
          options={withCurrent(keysOf(summary.data?.byType), form.type)}
          emptyLabel="Any type"
        />
        <SelectField
          label="State"
          name="state"
          value={form.state}
          onChange={set('state')}
          options={withCurrent(keysOf(summary.data?.byState), form.state)}
          emptyLabel="Any state"
        />
        <Field
          label="Region"
          name="region"
          value={form.region}
          onChange={set('region')}
          placeholder="e.g. eu-west-1"
        />
        <Field
          label="Tags"
          name="tag"
          value={form.tag}
          onChange={set('tag')}
          placeholder="env=production, team=web"
          description="key=value or key, comma-separated"
        />
        <SelectField
          label="Sort"
          name="sort"
          value={form.sort}
          onChange={set('sort')}
          options={SORTS}
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
      <div className={selected ? 'split split-open' : 'split'}>
        <section aria-labelledby="resources-heading" aria-busy={resources.isFetching}>
          <h2 id="resources-heading" className="visually-hidden">
            Resources
          </h2>
          <QueryState
            query={resources}
            loadingLabel="Loading resources…"
            isEmpty={(page) => page.items.length === 0}
            empty={<p>No resources match these filters.</p>}
          >
            {(page) => (
              <>
                <div className="table-scroll">
                  <table className="table">
                    <caption className="visually-hidden">
                      Resources, page {pages.cursors.length}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Type</th>
                        <th scope="col">State</th>
                        <th scope="col" className="wide-only">
                          Region
                        </th>
                        <th scope="col" className="wide-only">
                          Account
                        </th>
                        <th scope="col" className="wide-only">
                          Last seen
                        </th>
                        <th scope="col" className="numeric">
                          Cost (30 d)
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.items.map((resource) => (
                        <tr
                          key={resource.urn}
                          className={resource.urn === selected ? 'selected' : undefined}
                        >
                          <th scope="row">
                            <Button
                              className="link-button"
                              onPress={() => select(resource.urn)}
                              aria-label={`Show details of ${resource.name || resource.urn}`}
                              {...(resource.urn === selected ? { 'aria-current': true } : {})}
                            >
                              {resource.name || resource.urn.split(':').pop()}
                            </Button>
                          </th>
                          <td>{resource.type}</td>
                          <td>
                            <StatusBadge status={resource.state} />
                          </td>
                          <td className="wide-only">{resource.region}</td>
                          <td className="wide-only">{resource.accountId}</td>
                          <td className="wide-only">{when(resource.observedAt)}</td>
                          <td className="numeric">{recentCostText(resource.recentCost)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pager
                  label="Resource pages"
                  trail={pages}
                  nextCursor={page.nextCursor}
                  onPrevious={() => setTrail({ key: filterKey, trail: previousPage(pages) })}
                  onNext={(cursor) => setTrail({ key: filterKey, trail: nextPage(pages, cursor) })}
                />
              </>
            )}
          </QueryState>
        </section>
        {selected && <ResourcePanel urn={selected} onClose={() => select(undefined)} />}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {resources.data ? `${resources.data.items.length} resources shown` : ''}
      </p>
      {Object.keys(filters).length > 0 && (
        <p className="muted">Filtered by {Object.keys(filters).map(humanize).join(', ')}.</p>
      )}
    </>
  );
}
