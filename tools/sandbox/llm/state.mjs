// What the sandbox remembers: every request body it received (for tests that check what
// left the caller) and the faults it has been told to answer.

/** OpenAI's error bodies for the statuses a fault can take. */
const ERRORS = {
  429: {
    message: 'Rate limit reached for requests. Please try again in 1s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: {
    message: 'The engine is currently overloaded, please try again later.',
    type: 'server_error',
    code: null,
  },
};

export function createState() {
  const requests = [];
  let faults = [];
  return {
    record(entry) {
      requests.push({ ...entry, receivedAt: new Date().toISOString() });
    },
    requests: () => requests,
    clearRequests() {
      requests.length = 0;
    },
    /** `{ model?, status, times?, retryAfter? }`: the next `times` calls (default: every call) to `model` (default: any) fail. */
    addFault({ model, status, times, retryAfter }) {
      if (!ERRORS[status])
        throw new Error(`status must be one of ${Object.keys(ERRORS).join(', ')}`);
      faults.push({ model: model ?? null, status, remaining: times ?? Infinity, retryAfter });
    },
    faults: () =>
      faults.map(({ remaining, ...fault }) => ({ ...fault, remaining: String(remaining) })),
    clearFaults() {
      faults = [];
    },
    /** The fault a call to `model` answers now, if any (one use of it is spent). */
    takeFault(model) {
      const fault = faults.find((f) => f.remaining > 0 && (f.model === null || f.model === model));
      if (!fault) return undefined;
      fault.remaining -= 1;
      return {
        status: fault.status,
        retryAfter: fault.retryAfter,
        error: { ...ERRORS[fault.status], param: null },
      };
    },
  };
}
