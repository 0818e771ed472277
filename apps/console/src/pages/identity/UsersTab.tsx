import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { api, unwrap } from '../../api/client';
import type { User, UserPage } from '../../api/views';
import { when } from '../../components/format';
import { PagedTable } from '../../components/PagedTable';
import { ProblemBanner } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { CheckboxesField, CheckboxField, DialogButton, Field } from '../../components/ui';
import { currentCursor } from '../../lib/keyset';
import { fieldErrors, ProblemError } from '../../lib/problem';
import { ASSIGNABLE_ROLES, onlyRoles, useTrail } from './shared';

function errorsOf(error: unknown, fields: string[]) {
  return error instanceof ProblemError
    ? fieldErrors(error.problem, fields)
    : { byField: {} as Record<string, string>, form: [] };
}

function CreateUser({ close }: { close: () => void }) {
  const queries = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>(['viewer']);
  const create = useMutation({
    mutationFn: () =>
      unwrap<User>(
        api.POST('/api/v1/identity/users', {
          body: { email: email.trim(), password, roles: onlyRoles(roles) },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['identity', 'users'] });
      close();
    },
  });
  const errors = errorsOf(create.error, ['email', 'password', 'roles']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field
        label="Email"
        name="email"
        type="email"
        value={email}
        onChange={setEmail}
        isRequired
        error={errors.byField.email}
        autoComplete="off"
      />
      <Field
        label="Password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        isRequired
        error={errors.byField.password}
        description="At least 12 characters"
        autoComplete="new-password"
      />
      <CheckboxesField
        label="Roles"
        name="roles"
        value={roles}
        onChange={setRoles}
        options={ASSIGNABLE_ROLES}
        error={errors.byField.roles}
      />
      <ProblemBanner error={create.error} extra={errors.form} />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={create.isPending}>
          Add user
        </Button>
      </div>
    </form>
  );
}

function EditUser({ user, close }: { user: User; close: () => void }) {
  const queries = useQueryClient();
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [disabled, setDisabled] = useState(user.disabledAt !== null);
  const update = useMutation({
    mutationFn: () =>
      unwrap<User>(
        api.PATCH('/api/v1/identity/users/{id}', {
          params: { path: { id: user.id } },
          body: { roles: onlyRoles(roles), disabled },
        }),
      ),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['identity', 'users'] });
      close();
    },
  });
  const errors = errorsOf(update.error, ['roles', 'disabled']);
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate();
      }}
      noValidate
    >
      <CheckboxesField
        label="Roles"
        name="roles"
        value={roles}
        onChange={setRoles}
        options={ASSIGNABLE_ROLES}
        error={errors.byField.roles}
      />
      <CheckboxField label="Disabled (cannot sign in)" value={disabled} onChange={setDisabled} />
      <ProblemBanner error={update.error} extra={errors.form} />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}

export function UsersTab() {
  const { trail, next, previous } = useTrail();
  const cursor = currentCursor(trail);
  const users = useQuery({
    queryKey: ['identity', 'users', cursor],
    queryFn: () =>
      unwrap<UserPage>(
        api.GET('/api/v1/identity/users', {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        }),
      ),
  });
  return (
    <section aria-label="Users and roles" className="stack">
      <div className="page-header">
        <h2>Users and roles</h2>
        <DialogButton label="Add user" title="Add a user" variant="primary">
          {(close) => <CreateUser close={close} />}
        </DialogButton>
      </div>
      <PagedTable
        query={users}
        empty={<p>No users yet.</p>}
        head={
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            <th scope="col" className="wide-only">
              Added
            </th>
            <th scope="col">
              <span className="visually-hidden">Edit</span>
            </th>
          </tr>
        }
        row={(user) => (
          <tr key={user.id}>
            <th scope="row">
              {user.email} {user.disabledAt && <StatusBadge status="disabled" />}
            </th>
            <td>{user.roles.join(', ')}</td>
            <td className="wide-only">{when(user.createdAt)}</td>
            <td>
              <DialogButton label={`Edit ${user.email}`} title={`Edit ${user.email}`}>
                {(close) => <EditUser user={user} close={close} />}
              </DialogButton>
            </td>
          </tr>
        )}
        pager={{ label: 'User pages', trail, onPrevious: previous, onNext: next }}
      />
    </section>
  );
}
