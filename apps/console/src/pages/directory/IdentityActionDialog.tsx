import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';

import { unwrap } from '../../api/client';
import { useCatalogue } from '../../api/queries';
import type { ActionRequestResult } from '../../api/views';
import { humanize } from '../../components/format';
import { PlanDiff } from '../../components/PlanDiff';
import { ReasonAndPreview } from '../../components/ReasonAndPreview';
import { Loading, ProblemBanner } from '../../components/states';
import { DialogButton } from '../../components/ui';
import { type ActionPlan, readPlan } from '../../lib/plan-diff';
import { fieldErrors, ProblemError } from '../../lib/problem';
import { newUuid } from '../../lib/uuid';
import { directoryApi, type IdentityActionBody } from './directory-api';

/** One governance action as the ledger takes it: the catalogue's action on a target. */
export interface IdentityIntent {
  targetUrn: string;
  /** How people know the target: an account's name, a role's name. */
  targetLabel: string;
  type: string;
  params: Record<string, unknown>;
}

/** Where the catalogue lists the action: its provider (`codex` for a person) and type. */
export interface CatalogueEntry {
  provider: string;
  resourceType: string;
}

interface Preview {
  plan: ActionPlan;
  requiresApproval: boolean;
  /** One key per intended action: a retried submit of this preview is the same action. */
  idempotencyKey: string;
  body: IdentityActionBody;
  label: string;
}

const NO_ERRORS = { byField: {} as Record<string, string>, form: [] };

/**
 * The request-action flow for an identity target, as for any other resource: a reason, a dry
 * run whose plan and approval need are shown, then the request with an Idempotency-Key made
 * once per preview, and on to the action's page. The action and its params are fixed by the
 * control that opened it; `children` may add fields (a role picker) that decide `intent`.
 */
export function IdentityActionForm({
  entry,
  intent,
  missing,
  fields,
  children,
  close,
}: {
  entry: CatalogueEntry;
  intent: IdentityIntent | undefined;
  /** Why there is no intent yet, shown on preview (e.g. "Choose a role"). */
  missing?: string;
  /** The API's names (`params.email`) of the fields `children` shows, for their errors. */
  fields?: readonly string[];
  children?: (errorFor: (field: string) => string | undefined) => ReactNode;
  close: () => void;
}) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const catalogue = useCatalogue();
  const [reason, setReason] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<Preview>();
  const action = catalogue.data?.items
    .find((item) => item.provider === entry.provider && item.resourceType === entry.resourceType)
    ?.actions.find((candidate) => candidate.name === intent?.type);

  const dryRun = useMutation({
    mutationFn: (body: IdentityActionBody) =>
      unwrap<ActionRequestResult>(
        directoryApi.POST('/api/v1/actions', { body: { ...body, dryRun: true } }),
      ),
    onSuccess: (result, body) => {
      if ('dryRun' in result)
        setPreview({
          plan: readPlan(result.plan),
          requiresApproval: result.requiresApproval,
          idempotencyKey: newUuid(),
          body,
          label: intent?.targetLabel ?? body.targetUrn,
        });
    },
  });
  const submit = useMutation({
    mutationFn: (request: Preview) =>
      unwrap<ActionRequestResult>(
        directoryApi.POST('/api/v1/actions', {
          body: request.body,
          params: { header: { 'Idempotency-Key': request.idempotencyKey } },
        }),
      ),
    onSuccess: async (result) => {
      await queries.invalidateQueries({ queryKey: ['actions'] });
      if ('action' in result) {
        close();
        void navigate(`/actions/${result.action.id}`);
      }
    },
  });

  const problem = dryRun.error ?? submit.error;
  const apiErrors =
    problem instanceof ProblemError
      ? fieldErrors(problem.problem, ['reason', 'targetUrn', ...(fields ?? [])])
      : NO_ERRORS;
  const errorFor = (name: string) => localErrors[name] ?? apiErrors.byField[name];

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!intent) errors.targetUrn = missing ?? 'Choose what to act on.';
    if (reason.trim() === '') errors.reason = 'Say why, for the approver and the audit trail.';
    setLocalErrors(errors);
    if (!intent || Object.keys(errors).length > 0) return;
    submit.reset();
    dryRun.mutate({
      targetUrn: intent.targetUrn,
      type: intent.type,
      params: intent.params,
      reason: reason.trim(),
    });
  };

  if (catalogue.isPending) return <Loading label="Loading actions…" />;

  if (preview) {
    return (
      <div className="stack">
        <p>
          <strong>{humanize(preview.body.type)}</strong> {preview.label}: review what will change.
        </p>
        <PlanDiff plan={preview.plan} />
        <p className={preview.requiresApproval ? 'banner banner-warn' : 'banner'}>
          {preview.requiresApproval
            ? 'This action waits for an approver before it runs.'
            : 'This action runs as soon as you submit it.'}
        </p>
        <ProblemBanner error={submit.error} extra={apiErrors.form} />
        <div className="form-actions">
          <Button
            className="button"
            onPress={() => {
              setPreview(undefined);
              submit.reset();
            }}
          >
            Back
          </Button>
          <Button
            className="button button-primary"
            isDisabled={submit.isPending}
            onPress={() => submit.mutate(preview)}
          >
            {submit.isPending ? 'Submitting…' : 'Submit request'}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form className="stack" onSubmit={onPreview} noValidate>
      {action ? (
        <p className="muted">
          {action.summary}. Risk {action.risk}
          {action.reversible ? ', reversible' : ', not reversible'}.
        </p>
      ) : (
        catalogue.data &&
        intent && (
          <p className="banner banner-warn">
            The action catalogue has no {humanize(intent.type).toLowerCase()} for a {entry.provider}{' '}
            {entry.resourceType}; the request will be refused.
          </p>
        )
      )}
      {children?.(errorFor)}
      {!children && localErrors.targetUrn && <p className="field-error">{localErrors.targetUrn}</p>}
      <ReasonAndPreview
        reason={reason}
        onReason={setReason}
        reasonError={errorFor('reason')}
        error={dryRun.error}
        problems={apiErrors.form}
        isPending={dryRun.isPending}
        onCancel={close}
      />
    </form>
  );
}

/** A button that opens the request flow for one governance action. */
export function IdentityActionDialog({
  label,
  title,
  entry,
  intent,
  missing,
  children,
  variant = 'secondary',
}: {
  label: string;
  title: string;
  entry: CatalogueEntry;
  intent: IdentityIntent | undefined;
  missing?: string;
  children?: (errorFor: (field: string) => string | undefined) => ReactNode;
  variant?: 'primary' | 'secondary' | 'danger';
}) {
  return (
    <DialogButton label={label} title={title} variant={variant}>
      {(close) => (
        <IdentityActionForm
          entry={entry}
          intent={intent}
          {...(missing ? { missing } : {})}
          {...(children ? { children } : {})}
          close={close}
        />
      )}
    </DialogButton>
  );
}
