import { type ActionPlan, diffSummary, planDiff } from '../lib/plan-diff';

/** What an action will change, field by field, then the executor's steps. */
export function PlanDiff({ plan }: { plan: ActionPlan }) {
  const rows = planDiff(plan);
  return (
    <section className="plan" aria-label="Planned changes">
      <table className="diff">
        <caption>{diffSummary(rows)}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} className={`diff-${row.kind}`}>
              <th scope="row">{row.field}</th>
              <td className="diff-from">
                <del>{row.from}</del>
              </td>
              <td className="diff-to">
                <ins>{row.to}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.steps.length > 0 && (
        <>
          <h4>Steps</h4>
          <ol className="steps">
            {plan.steps.map((step, index) => (
              <li key={`${index}:${step}`}>{step}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
