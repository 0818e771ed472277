import { Button } from 'react-aria-components';

import type { FieldProblem } from '../lib/problem';
import { ProblemBanner } from './states';
import { Field } from './ui';

/** The end of every action request form: why, what went wrong, cancel or preview the plan. */
export function ReasonAndPreview({
  reason,
  onReason,
  reasonError,
  error,
  problems,
  isPending,
  onCancel,
}: {
  reason: string;
  onReason: (reason: string) => void;
  reasonError: string | undefined;
  error: unknown;
  problems: FieldProblem[];
  isPending: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      <Field
        label="Reason"
        name="reason"
        value={reason}
        onChange={onReason}
        multiline
        isRequired
        error={reasonError}
      />
      <ProblemBanner error={error} extra={problems} />
      <div className="form-actions">
        <Button className="button" onPress={onCancel}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={isPending}>
          {isPending ? 'Planning…' : 'Preview changes'}
        </Button>
      </div>
    </>
  );
}
