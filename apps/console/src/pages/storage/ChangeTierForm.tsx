import { useState } from 'react';

import { SelectField } from '../../components/ui';
import {
  type Bucket,
  changeClassIntent,
  STORAGE_CLASSES,
  type StoredObject,
} from '../../lib/storage';
import { StorageActionForm } from './StorageActionForm';

/** Change one object's storage class (tier), through the action pipeline. */
export function ChangeTierForm({
  bucket,
  object,
  close,
}: {
  bucket: Bucket;
  object: StoredObject;
  close: () => void;
}) {
  const classes = STORAGE_CLASSES[bucket.provider];
  const [storageClass, setStorageClass] = useState(
    () => classes.find((candidate) => candidate !== object.storageClass) ?? '',
  );
  const intent = storageClass
    ? { ...changeClassIntent(bucket, [object.key], storageClass), targetLabel: object.key }
    : undefined;
  return (
    <StorageActionForm bucket={bucket} intent={intent} missing="Choose a class." close={close}>
      {(errorFor) => (
        <SelectField
          label="Storage class"
          name="storageClass"
          value={storageClass}
          onChange={setStorageClass}
          options={classes.map((candidate) => ({
            value: candidate,
            label: candidate === object.storageClass ? `${candidate} (now)` : candidate,
          }))}
          description={`${object.key} is ${object.storageClass} now.`}
          error={errorFor('params.storageClass')}
        />
      )}
    </StorageActionForm>
  );
}
