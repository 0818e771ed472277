import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';

import { ProblemBanner, QueryState } from '../../components/states';
import { DialogButton, Field, SelectField } from '../../components/ui';
import { anomalySentence } from '../../lib/anomalies';
import type { CostFilters } from '../../lib/costs';
import { type AnomalySettings, SENSITIVITIES } from '../../lib/oracle-views';
import { useCan } from '../../session/session';
import { explainAnomaly, useExplain } from '../oracle/explain-context';
import { useAnomalySettings, useSaveAnomalySettings } from '../oracle/oracle-queries';
import { useCostAnomalies } from './cost-anomalies-query';

const SENSITIVITY_LABELS: Record<AnomalySettings['sensitivity'], string> = {
  low: 'Low: only the clearest',
  medium: 'Medium',
  high: 'High: the most',
};

function SettingsForm({ settings, close }: { settings: AnomalySettings; close: () => void }) {
  const save = useSaveAnomalySettings();
  const [sensitivity, setSensitivity] = useState(settings.sensitivity);
  const [minimum, setMinimum] = useState(String(settings.minDailyImpact));
  const amount = Number(minimum);
  const invalid = minimum.trim() === '' || !Number.isFinite(amount) || amount < 0;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    save.mutate({ sensitivity, minDailyImpact: amount }, { onSuccess: close });
  };
  return (
    <form onSubmit={onSubmit} className="stack">
      <ProblemBanner error={save.error} />
      <SelectField
        label="Sensitivity"
        name="sensitivity"
        value={sensitivity}
        onChange={(value) =>
          setSensitivity(SENSITIVITIES.find((choice) => choice === value) ?? 'medium')
        }
        options={SENSITIVITIES.map((choice) => ({
          value: choice,
          label: SENSITIVITY_LABELS[choice],
        }))}
      />
      <Field
        label="Smallest daily change reported"
        name="minDailyImpact"
        type="number"
        value={minimum}
        onChange={setMinimum}
        error={invalid ? 'Enter an amount of 0 or more' : undefined}
        description="In the bill's currency; a smaller change per day is not reported"
      />
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" className="button button-primary" isDisabled={save.isPending}>
          Save settings
        </Button>
      </div>
    </form>
  );
}

function Settings() {
  const settings = useAnomalySettings();
  const isAdmin = useCan('admin');
  if (!settings.data) return null;
  const current = settings.data;
  return (
    <p className="muted">
      Sensitivity {current.sensitivity}, changes under {current.minDailyImpact} a day not reported.{' '}
      {isAdmin && (
        <DialogButton label="Anomaly settings" title="Anomaly settings">
          {(close) => <SettingsForm settings={current} close={close} />}
        </DialogButton>
      )}
    </p>
  );
}

/** The cost anomalies that started in the range, each with Explain; the detection settings. */
export function CostAnomalies({ filters }: { filters: CostFilters }) {
  const { query, items } = useCostAnomalies(filters);
  const explain = useExplain();
  return (
    <section aria-labelledby="anomalies-heading" className="card" aria-busy={query.isFetching}>
      <h2 id="anomalies-heading">Anomalies</h2>
      <Settings />
      <QueryState
        query={query}
        loadingLabel="Loading anomalies…"
        isEmpty={() => items.length === 0}
        empty={<p>No cost anomaly started in this range.</p>}
      >
        {() => (
          <ul className="list">
            {items.map((anomaly) => (
              <li key={anomaly.id}>
                {anomalySentence(anomaly)}{' '}
                <Button
                  className="link-button"
                  onPress={() => explain(explainAnomaly(anomaly))}
                  aria-label={`Explain: ${anomalySentence(anomaly)}`}
                >
                  Explain
                </Button>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
