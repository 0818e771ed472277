import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { unwrap } from '../../api/client';
import { ProblemBanner } from '../../components/states';
import { Field, SelectField } from '../../components/ui';
import { type Idp, IDP_LABELS, IDPS } from '../../lib/directory';
import { fieldErrors, ProblemError } from '../../lib/problem';
import { type AccountRef, directoryApi } from './directory-api';
import { directoryKeys, useDirectoryAccounts } from './directory-queries';

/**
 * An admin links an account linked to nobody to this person by hand; a link made by hand is
 * never undone by linking by e-mail. The accounts offered are the provider's unlinked ones.
 */
export function LinkAccountForm({ personId, close }: { personId: string; close: () => void }) {
  const queries = useQueryClient();
  const [provider, setProvider] = useState<Idp>('auth0');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [choice, setChoice] = useState('');
  const [missing, setMissing] = useState<string>();
  const unlinked = useDirectoryAccounts(provider, { unlinked: true, q });
  const accounts = unlinked.data?.items ?? [];
  const link = useMutation({
    mutationFn: (body: AccountRef) =>
      unwrap<unknown>(
        directoryApi.POST('/api/v1/identity/directory/people/{id}/accounts', {
          params: { path: { id: personId } },
          body,
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: directoryKeys.all });
      close();
    },
  });
  const errors =
    link.error instanceof ProblemError
      ? fieldErrors(link.error.problem, ['connectionId', 'externalId'])
      : { byField: {} as Record<string, string>, form: [] };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const account = accounts.find((a) => a.urn === choice);
    if (!account) {
      setMissing('Choose an account.');
      return;
    }
    setMissing(undefined);
    link.mutate({ connectionId: account.connectionId, externalId: account.externalId });
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <SelectField
        label="Identity provider"
        name="provider"
        value={provider}
        onChange={(value) => {
          setProvider(value === 'entra' ? 'entra' : 'auth0');
          setChoice('');
        }}
        options={IDPS.map((idp) => ({ value: idp, label: IDP_LABELS[idp] }))}
      />
      <div className="filters">
        <Field
          label="Search unlinked accounts"
          name="q"
          type="search"
          value={text}
          onChange={setText}
          description="Part of a name, e-mail or id"
        />
        <div className="form-actions">
          <Button
            className="button"
            onPress={() => {
              setQ(text);
              setChoice('');
            }}
          >
            Search
          </Button>
        </div>
      </div>
      <SelectField
        label="Account"
        name="account"
        value={choice}
        onChange={setChoice}
        emptyLabel={
          unlinked.isPending
            ? 'Loading…'
            : accounts.length === 0
              ? 'No unlinked account matches'
              : 'Choose an account'
        }
        options={accounts.map((account) => ({
          value: account.urn,
          label: `${account.displayName || account.externalId}${account.email ? ` <${account.email}>` : ''}`,
        }))}
        error={missing ?? errors.byField.externalId ?? errors.byField.connectionId}
      />
      <ProblemBanner error={unlinked.error ?? link.error} extra={errors.form} />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={link.isPending}>
          {link.isPending ? 'Linking…' : 'Link account'}
        </Button>
      </div>
    </form>
  );
}
