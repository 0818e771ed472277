import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { ProblemBanner } from '../../components/states';
import { CheckboxesField, Field } from '../../components/ui';
import { fieldErrors, ProblemError } from '../../lib/problem';
import { ASSIGNABLE_ROLES, type AssignableRole, onlyRoles } from './shared';

/** Name and roles: what both an API key and a machine client are created with. */
export function NamedCredentialForm({
  submitLabel,
  isPending,
  error,
  onSubmit,
  onCancel,
}: {
  submitLabel: string;
  isPending: boolean;
  error: unknown;
  onSubmit: (body: { name: string; roles: AssignableRole[] }) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>(['viewer']);
  const errors =
    error instanceof ProblemError
      ? fieldErrors(error.problem, ['name', 'roles'])
      : { byField: {} as Record<string, string>, form: [] };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), roles: onlyRoles(roles) });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field
        label="Name"
        name="name"
        value={name}
        onChange={setName}
        isRequired
        error={errors.byField.name}
      />
      <CheckboxesField
        label="Roles"
        name="roles"
        value={roles}
        onChange={setRoles}
        options={ASSIGNABLE_ROLES}
        error={errors.byField.roles}
      />
      <ProblemBanner error={error} extra={errors.form} />
      <div className="form-actions">
        <Button className="button" onPress={onCancel}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={isPending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
