import { useState } from 'react';

import { SelectField } from '../../components/ui';
import { ConnectAwsForm } from './ConnectAwsForm';
import { ConnectAzureForm } from './ConnectAzureForm';

type Provider = 'aws' | 'azure';

/** Connecting an account: the provider first, then that provider's form. */
export function ConnectAccountForm({ close }: { close: () => void }) {
  const [provider, setProvider] = useState<Provider>('aws');
  return (
    <div className="stack">
      <SelectField
        label="Provider"
        name="provider"
        value={provider}
        onChange={(value) => setProvider(value === 'azure' ? 'azure' : 'aws')}
        options={[
          { value: 'aws', label: 'AWS account' },
          { value: 'azure', label: 'Azure subscription' },
        ]}
      />
      {provider === 'aws' ? <ConnectAwsForm close={close} /> : <ConnectAzureForm close={close} />}
    </div>
  );
}
