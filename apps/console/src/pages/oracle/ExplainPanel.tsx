import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Link } from 'react-router';

import { Loading } from '../../components/states';
import { citationHref, withoutRefs } from '../../lib/analysis-stream';
import type { ExplainRequest } from './explain-context';
import { useAnalysisStream } from './use-analysis-stream';

function Citations({ citations }: { citations: string[] }) {
  if (citations.length === 0) return <p className="muted">No data cited.</p>;
  return (
    <ul className="citations">
      {citations.map((citation) => {
        const href = citationHref(citation);
        return (
          <li key={citation} className="mono break">
            {href ? <Link to={href}>{citation}</Link> : citation}
          </li>
        );
      })}
    </ul>
  );
}

function Answer({ request }: { request: ExplainRequest }) {
  const state = useAnalysisStream(request.subject);
  return (
    <div className="explain-body">
      {state.done && state.fallback && (
        <p className="banner banner-warn">
          <span className="badge badge-warn">Deterministic summary</span> No language model answered
          {state.reason ? ` (${state.reason})` : ''}: this is the data, listed, not an analysis.
        </p>
      )}
      <div className="explain-text" aria-live="polite" aria-busy={!state.done}>
        {withoutRefs(state.text)}
      </div>
      {!state.done && !state.text && <Loading label="Asking the oracle…" />}
      {state.error && (
        <div className="state state-error" role="alert">
          <p>{state.error}</p>
        </div>
      )}
      {state.done && !state.error && (
        <>
          <h3>Cited data</h3>
          <Citations citations={state.citations} />
          {state.model && <p className="muted small">Answered by {state.model}.</p>}
        </>
      )}
    </div>
  );
}

/** A drawer that streams the oracle's explanation of one subject, with its citations. */
export default function ExplainPanel({
  request,
  onClose,
}: {
  request: ExplainRequest;
  onClose: () => void;
}) {
  return (
    <ModalOverlay
      className="modal-overlay drawer-overlay"
      isOpen
      isDismissable
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Modal className="drawer">
        <Dialog className="dialog" aria-label={`Explain: ${request.title}`}>
          <div className="panel-header">
            <Heading slot="title">Explain</Heading>
            <Button className="button button-quiet" onPress={onClose}>
              Close
            </Button>
          </div>
          <p className="muted">{request.title}</p>
          <Answer key={`${request.subject.kind}:${request.subject.id}`} request={request} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
