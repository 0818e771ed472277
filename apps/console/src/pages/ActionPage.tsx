import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router';

import { api, unwrap } from '../api/client';
import { keys, useAction, useActionEvents } from '../api/queries';
import type { Action, ActionEvent } from '../api/views';
import { humanize, when } from '../components/format';
import { PlanDiff } from '../components/PlanDiff';
import { ErrorState, Loading, ProblemBanner, QueryState } from '../components/states';
import { StatusBadge } from '../components/StatusBadge';
import { Field } from '../components/ui';
import { actionInProgress } from '../lib/live';
import { readPlan } from '../lib/plan-diff';
import { canDecide, grants } from '../lib/roles';
import { useSession } from '../session/session';

/** A draft (made from a recommendation, say) goes out only when someone submits it. */
function DraftControls({ action }: { action: Action }) {
  const queries = useQueryClient();
  const settle = useMutation({
    mutationFn: (step: 'submit' | 'discard') => {
      const options = { params: { path: { id: action.id } } };
      return unwrap<Action>(
        step === 'submit'
          ? api.POST('/api/v1/actions/{id}/submit', options)
          : api.POST('/api/v1/actions/{id}/discard', options),
      );
    },
    onSuccess: (updated) => {
      queries.setQueryData(keys.action(action.id), updated);
      return queries.invalidateQueries({ queryKey: ['actions'] });
    },
  });
  return (
    <section className="card" aria-labelledby="draft-heading">
      <h2 id="draft-heading">Draft</h2>
      <p>
        Nothing runs until it is submitted: it is planned again, then waits for an approver (you
        become its requester) or goes out.
      </p>
      <ProblemBanner error={settle.error} />
      <div className="form-actions">
        <Button
          className="button button-primary"
          isDisabled={settle.isPending}
          onPress={() => settle.mutate('submit')}
        >
          Submit
        </Button>
        <Button
          className="button button-danger"
          isDisabled={settle.isPending}
          onPress={() => settle.mutate('discard')}
        >
          Discard
        </Button>
      </div>
    </section>
  );
}

function Decision({ action }: { action: Action }) {
  const queries = useQueryClient();
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (verdict: 'approve' | 'reject') => {
      const body = comment.trim() ? { comment: comment.trim() } : {};
      const options = { params: { path: { id: action.id } }, body };
      return unwrap<Action>(
        verdict === 'approve'
          ? api.POST('/api/v1/actions/{id}/approve', options)
          : api.POST('/api/v1/actions/{id}/reject', options),
      );
    },
    onSuccess: (updated) => {
      queries.setQueryData(keys.action(action.id), updated);
      return queries.invalidateQueries({ queryKey: ['actions'] });
    },
  });
  return (
    <section className="card" aria-labelledby="decision-heading">
      <h2 id="decision-heading">Your decision</h2>
      <Field
        label="Comment"
        name="comment"
        value={comment}
        onChange={setComment}
        multiline
        description="Optional; recorded with the decision"
      />
      <ProblemBanner error={decide.error} />
      <div className="form-actions">
        <Button
          className="button button-primary"
          isDisabled={decide.isPending}
          onPress={() => decide.mutate('approve')}
        >
          Approve
        </Button>
        <Button
          className="button button-danger"
          isDisabled={decide.isPending}
          onPress={() => decide.mutate('reject')}
        >
          Reject
        </Button>
      </div>
    </section>
  );
}

function Timeline({ events }: { events: ActionEvent[] }) {
  const ordered = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return (
    <ol className="timeline">
      {ordered.map((event) => {
        const comment =
          typeof event.details.comment === 'string' ? event.details.comment : undefined;
        const message =
          typeof event.details.message === 'string' ? event.details.message : undefined;
        return (
          <li key={event.id}>
            <strong>{humanize(event.event)}</strong> <span className="muted">by {event.actor}</span>{' '}
            <time dateTime={event.occurredAt}>{when(event.occurredAt)}</time>
            {(comment ?? message) && <p className="timeline-note">{comment ?? message}</p>}
          </li>
        );
      })}
    </ol>
  );
}

export function ActionPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const action = useAction(id);
  const live = action.data !== undefined && actionInProgress(action.data.status);
  const events = useActionEvents(id, live);
  if (action.isPending) return <Loading label="Loading the action…" />;
  if (action.error || !action.data)
    return <ErrorState error={action.error} onRetry={() => void action.refetch()} />;
  const data = action.data;
  const canOperate = grants(session.user.roles, 'operator');
  const decidable =
    data.status === 'pending_approval' && canDecide(session.user.roles, session.user, data);
  return (
    <>
      <p>
        <Link to="/actions">All actions</Link>
      </p>
      <div className="page-header">
        <h1>
          {humanize(data.type)} {data.targetUrn.split(':').pop()}
        </h1>
        <span aria-live="polite">
          <StatusBadge status={data.status} />
        </span>
      </div>
      <dl className="facts">
        <dt>Target</dt>
        <dd className="mono break">
          <Link to={`/inventory?resource=${encodeURIComponent(data.targetUrn)}`}>
            {data.targetUrn}
          </Link>
        </dd>
        <dt>Reason</dt>
        <dd>{data.reason}</dd>
        <dt>Requested by</dt>
        <dd>
          {data.requestedByPerson || data.requestedBy}, {when(data.requestedAt)}
        </dd>
        <dt>Approval</dt>
        <dd>
          {data.requiresApproval
            ? data.decidedBy
              ? `Decided by ${data.decidedBy}, ${when(data.decidedAt)}`
              : 'Required'
            : 'Not required'}
        </dd>
        {data.outcomeMessage && (
          <>
            <dt>Outcome</dt>
            <dd>{data.outcomeMessage}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="plan-heading">
        <h2 id="plan-heading">Plan</h2>
        <PlanDiff plan={readPlan(data.plan)} />
      </section>
      {data.status === 'draft' && canOperate && <DraftControls action={data} />}
      {decidable && <Decision action={data} />}
      {data.status === 'pending_approval' && !decidable && (
        <p className="banner">Waiting for an approver other than the requester.</p>
      )}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <QueryState
          query={events}
          isEmpty={(page) => page.items.length === 0}
          empty={<p>No events yet.</p>}
        >
          {(page) => <Timeline events={page.items} />}
        </QueryState>
      </section>
    </>
  );
}
