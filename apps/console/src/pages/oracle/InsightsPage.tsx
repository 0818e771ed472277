import { useState } from 'react';
import { Button } from 'react-aria-components';

import { humanize, when } from '../../components/format';
import { ProblemBanner, QueryState } from '../../components/states';
import { DialogButton, Field, SelectField } from '../../components/ui';
import { type Insight, INSIGHT_KINDS } from '../../lib/oracle-views';
import { useCan } from '../../session/session';
import { useExplain } from './explain-context';
import { useDismissInsight, useInsights } from './oracle-queries';

const SEVERITY_TONES: Record<Insight['severity'], string> = {
  info: 'neutral',
  low: 'neutral',
  medium: 'warn',
  high: 'bad',
  critical: 'bad',
};

function DismissForm({ insight, close }: { insight: Insight; close: () => void }) {
  const dismiss = useDismissInsight();
  const [reason, setReason] = useState('');
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim())
          dismiss.mutate({ id: insight.id, reason: reason.trim() }, { onSuccess: close });
      }}
    >
      <ProblemBanner error={dismiss.error} />
      <Field
        label="Reason"
        name="reason"
        value={reason}
        onChange={setReason}
        isRequired
        multiline
      />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button
          type="submit"
          className="button button-danger"
          isDisabled={dismiss.isPending || !reason.trim()}
        >
          Dismiss insight
        </Button>
      </div>
    </form>
  );
}

function InsightItem({ insight }: { insight: Insight }) {
  const canOperate = useCan('operator');
  const explain = useExplain();
  return (
    <li>
      <p className="muted small">
        <span className={`badge badge-${SEVERITY_TONES[insight.severity]}`}>
          {humanize(insight.severity)}
        </span>{' '}
        {humanize(insight.kind)} · {when(insight.generatedAt)}
      </p>
      <h3>{insight.title}</h3>
      <p>{insight.summary}</p>
      <div className="button-row">
        <Button
          className="button"
          onPress={() =>
            explain({ subject: { kind: 'insight', id: insight.id }, title: insight.title })
          }
        >
          Explain
        </Button>
        {canOperate && (
          <DialogButton label="Dismiss" title={`Dismiss: ${insight.title}`}>
            {(close) => <DismissForm insight={insight} close={close} />}
          </DialogButton>
        )}
      </div>
    </li>
  );
}

/** The open insights of every kind, newest first: explain one, or dismiss it with a reason. */
export function InsightsPage() {
  const insights = useInsights();
  const [kind, setKind] = useState('');
  return (
    <>
      <h1>Insights</h1>
      <p className="muted">
        What the oracle concluded (anomalies, forecasts, recommendations, analyses, sign-in risk)
        and budget alerts, newest first.
      </p>
      <div className="filters">
        <SelectField
          label="Kind"
          name="kind"
          value={kind}
          onChange={setKind}
          emptyLabel="Every kind"
          options={INSIGHT_KINDS.map((k) => ({ value: k, label: humanize(k) }))}
        />
      </div>
      <QueryState
        query={insights}
        loadingLabel="Loading insights…"
        isEmpty={(page) => page.items.every((item) => kind && item.kind !== kind)}
        empty={<p>No open insight{kind ? ` of kind ${kind}` : ''}.</p>}
      >
        {(page) => (
          <section className="card" aria-label="Open insights">
            <ul className="insight-list">
              {page.items
                .filter((item) => !kind || item.kind === kind)
                .map((item) => (
                  <InsightItem key={item.id} insight={item} />
                ))}
            </ul>
          </section>
        )}
      </QueryState>
    </>
  );
}
