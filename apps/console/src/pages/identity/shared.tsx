import { useState } from 'react';
import { Button } from 'react-aria-components';

import { firstPage, nextPage, type PageTrail, previousPage } from '../../lib/keyset';
import { TENANT_ROLES } from '../../lib/roles';

export const ASSIGNABLE_ROLES = TENANT_ROLES;
export type AssignableRole = (typeof TENANT_ROLES)[number];

export const onlyRoles = (values: string[]): AssignableRole[] =>
  TENANT_ROLES.filter((role) => values.includes(role));

/** The keyset trail of a list, with its moves. */
export function useTrail() {
  const [trail, setTrail] = useState<PageTrail>(firstPage);
  return {
    trail,
    next: (cursor: string) => setTrail((t) => nextPage(t, cursor)),
    previous: () => setTrail((t) => previousPage(t)),
    reset: () => setTrail(firstPage()),
  };
}

/** A secret the API shows once: say so, let it be copied, never show it again. */
export function SecretOnce({
  label,
  value,
  onDone,
}: {
  label: string;
  value: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="banner banner-warn secret" role="alert">
      <p>
        <strong>{label}</strong>: copy it now. It will not be shown again.
      </p>
      <code className="mono break">{value}</code>
      <div className="form-actions">
        <Button
          className="button"
          onPress={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button className="button" onPress={onDone}>
          I have stored it
        </Button>
      </div>
    </div>
  );
}
