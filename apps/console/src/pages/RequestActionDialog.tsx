import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';

import { api, unwrap } from '../api/client';
import { useCatalogue } from '../api/queries';
import type {
  ActionRequestBody,
  ActionRequestResult,
  CatalogueAction,
  Resource,
} from '../api/views';
import { humanize } from '../components/format';
import { ParamsForm } from '../components/ParamsForm';
import { PlanDiff } from '../components/PlanDiff';
import { ReasonAndPreview } from '../components/ReasonAndPreview';
import { Loading, ProblemBanner } from '../components/states';
import { DialogButton, SelectField } from '../components/ui';
import { initialValues, paramFields, paramsFromValues, type ParamValues } from '../lib/params-form';
import { type ActionPlan, readPlan } from '../lib/plan-diff';
import { fieldErrors, ProblemError } from '../lib/problem';
import { newUuid } from '../lib/uuid';

interface Preview {
  plan: ActionPlan;
  requiresApproval: boolean;
  /** One key per intended action: a retried submit of this preview is the same action. */
  idempotencyKey: string;
  body: Omit<ActionRequestBody, 'dryRun'>;
}

function RequestActionForm({
  resource,
  actions,
  close,
}: {
  resource: Resource;
  actions: CatalogueAction[];
  close: () => void;
}) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [type, setType] = useState(actions[0]?.name ?? '');
  const action = actions.find((a) => a.name === type);
  const { fields, unsupported } = useMemo(() => paramFields(action?.params), [action]);
  const [values, setValues] = useState<ParamValues>(() => initialValues(fields));
  const [reason, setReason] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<Preview>();

  const dryRun = useMutation({
    mutationFn: (body: Preview['body']) =>
      unwrap<ActionRequestResult>(api.POST('/api/v1/actions', { body: { ...body, dryRun: true } })),
    onSuccess: (result, body) => {
      if ('dryRun' in result)
        setPreview({
          plan: readPlan(result.plan),
          requiresApproval: result.requiresApproval,
          idempotencyKey: newUuid(),
          body,
        });
    },
  });
  const submit = useMutation({
    mutationFn: (intent: Preview) =>
      unwrap<ActionRequestResult>(
        api.POST('/api/v1/actions', {
          body: intent.body,
          params: { header: { 'Idempotency-Key': intent.idempotencyKey } },
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
  const known = ['type', 'reason', 'targetUrn', ...fields.map((f) => `params.${f.name}`)];
  const apiErrors =
    problem instanceof ProblemError
      ? fieldErrors(problem.problem, known)
      : { byField: {}, form: [] };
  const errorFor = (name: string) => localErrors[name] ?? apiErrors.byField[name];

  const changeType = (next: string) => {
    setType(next);
    const nextAction = actions.find((a) => a.name === next);
    setValues(initialValues(paramFields(nextAction?.params).fields));
    setPreview(undefined);
    dryRun.reset();
  };

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    const checked = paramsFromValues(fields, values);
    const errors: Record<string, string> = {};
    if ('errors' in checked)
      for (const [name, message] of Object.entries(checked.errors))
        errors[`params.${name}`] = message;
    if (reason.trim() === '') errors.reason = 'Say why, for the approver and the audit trail.';
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0 || 'errors' in checked) return;
    submit.reset();
    // The params passed the catalogue's own JSON Schema in paramsFromValues.
    const params = checked.params as ActionRequestBody['params'];
    dryRun.mutate({ targetUrn: resource.urn, type, params, reason: reason.trim() });
  };

  const edit = () => {
    setPreview(undefined);
    submit.reset();
  };

  if (preview) {
    return (
      <div className="stack">
        <p>
          <strong>{humanize(preview.body.type)}</strong> {resource.name || resource.urn}: review
          what will change.
        </p>
        <PlanDiff plan={preview.plan} />
        <p className={preview.requiresApproval ? 'banner banner-warn' : 'banner'}>
          {preview.requiresApproval
            ? 'This action waits for an approver before it runs.'
            : 'This action runs as soon as you submit it.'}
        </p>
        <ProblemBanner error={submit.error} extra={apiErrors.form} />
        <div className="form-actions">
          <Button className="button" onPress={edit}>
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
      <SelectField
        label="Action"
        name="type"
        value={type}
        onChange={changeType}
        options={actions.map((a) => ({
          value: a.name,
          label: `${humanize(a.name)}: ${a.summary}`,
        }))}
        error={errorFor('type')}
        description={
          action
            ? `Risk ${action.risk}${action.reversible ? ', reversible' : ', not reversible'}`
            : undefined
        }
      />
      <ParamsForm
        fields={fields}
        values={values}
        onChange={setValues}
        errorFor={(name) => errorFor(`params.${name}`)}
      />
      {unsupported.length > 0 && (
        <p className="muted">Not editable here: {unsupported.join(', ')}.</p>
      )}
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

/** Request an action on a resource: the catalogue's actions for its type, dry run first. */
export function RequestActionDialog({ resource }: { resource: Resource }) {
  const catalogue = useCatalogue();
  const actions =
    catalogue.data?.items.find(
      (entry) => entry.provider === resource.provider && entry.resourceType === resource.type,
    )?.actions ?? [];
  if (catalogue.isPending) return <Loading label="Loading actions…" />;
  if (actions.length === 0)
    return (
      <p className="muted">
        No actions exist for a {resource.provider} {resource.type}.
      </p>
    );
  return (
    <DialogButton
      label="Request action"
      title={`Request an action on ${resource.name || resource.urn}`}
      variant="primary"
    >
      {(close) => <RequestActionForm resource={resource} actions={actions} close={close} />}
    </DialogButton>
  );
}
