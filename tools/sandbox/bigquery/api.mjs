// The BigQuery REST API (v2) the sandbox serves under /bigquery/v2/, plus its control
// endpoints under /_sandbox/bigquery/. createBigQuerySimulator() returns
// { handles(path), handle(req, res, url) } for the GCP sandbox front to mount.
import { randomUUID } from 'node:crypto';

import { BigQueryError, invalid, invalidQuery, notFound } from './errors.mjs';
import { parseQuery, runQuery, tableOf } from './sql.mjs';
import { createStore, LOCATION } from './store.mjs';
import { encodeRow, timestampFormatOf } from './values.mjs';

const API_PREFIX = '/bigquery/v2/';
const CONTROL_PREFIX = '/_sandbox/bigquery/';
const MAX_BODY = 10 * 1024 * 1024;
const DEFAULT_PAGE_ROWS = 10_000;

const FAULT_DEFAULTS = {
  429: [
    'rateLimitExceeded',
    'Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
  ],
  403: [
    'rateLimitExceeded',
    'Exceeded rate limits: too many table update operations for this table. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
  ],
  500: ['backendError', 'Backend error. Job aborted.'],
  503: ['backendError', 'The service is currently unavailable.'],
};

function sendJson(res, status, body) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=UTF-8' } : {}),
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        return reject(
          new BigQueryError(
            413,
            'invalid',
            `Request payload size exceeds the limit: ${MAX_BODY} bytes.`,
          ),
        );
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new BigQueryError(400, 'parseError', 'Parse Error'));
      }
    });
    req.on('error', reject);
  });
}

const encodeToken = (...parts) => Buffer.from(parts.join('\u0000')).toString('base64url');

/** The row offset a page token (or startIndex) points at; tokens are tied to their job or table. */
function startOffset(url, owner) {
  const token = url.searchParams.get('pageToken');
  if (token) {
    const [tokenOwner, offset] = Buffer.from(token, 'base64url').toString('utf8').split('\u0000');
    if (tokenOwner !== owner || !/^\d+$/.test(offset ?? ''))
      throw invalid(`Invalid page token: ${token}`);
    return Number(offset);
  }
  const startIndex = url.searchParams.get('startIndex');
  return startIndex && /^\d+$/.test(startIndex) ? Number(startIndex) : 0;
}

function pageSize(requested) {
  if (requested === null || requested === undefined || requested === '') return DEFAULT_PAGE_ROWS;
  const size = Number(requested);
  if (!Number.isInteger(size) || size < 0)
    throw invalid(`Invalid value for maxResults: ${requested}`);
  return Math.min(size, DEFAULT_PAGE_ROWS);
}

/** { rows?, pageToken? } of one page, rows in the REST format. */
function page(fields, rows, { offset, size, owner, timestampFormat }) {
  const slice = rows.slice(offset, offset + size);
  const out = {};
  if (slice.length) out.rows = slice.map((row) => encodeRow(fields, row, { timestampFormat }));
  if (offset + slice.length < rows.length)
    out.pageToken = encodeToken(owner, offset + slice.length);
  return out;
}

/** formatOptions.* from a query string, as an object. */
function formatOptionsOf(url) {
  return {
    useInt64Timestamp: url.searchParams.get('formatOptions.useInt64Timestamp') ?? undefined,
    timestampOutputFormat: url.searchParams.get('formatOptions.timestampOutputFormat') ?? undefined,
  };
}

export function createBigQuerySimulator() {
  const store = createStore();
  const faults = [];

  function jobView(job) {
    const { projectId, jobId } = job.reference;
    const { created } = job;
    const bytes = '0';
    return {
      kind: 'bigquery#job',
      etag: job.etag,
      id: `${projectId}:${LOCATION}.${jobId}`,
      selfLink: `/bigquery/v2/projects/${projectId}/jobs/${jobId}?location=${LOCATION}`,
      user_email: 'sandbox@codex.invalid',
      configuration: job.configuration,
      jobReference: job.reference,
      statistics: {
        creationTime: String(created),
        startTime: String(created),
        endTime: String(created),
        totalBytesProcessed: bytes,
        query: {
          totalBytesProcessed: bytes,
          totalBytesBilled: bytes,
          cacheHit: false,
          statementType: 'SELECT',
          totalPartitionsProcessed: '0',
        },
      },
      status: { state: 'DONE' },
      principal_subject: 'user:sandbox@codex.invalid',
    };
  }

  /** Runs a query configuration to completion and keeps it as a job. */
  function runJob(projectId, queryConfig, reference = {}, requestId) {
    const again = store.jobForRequest(projectId, requestId);
    if (again) return again;
    if (queryConfig.useLegacySql === true) {
      throw invalidQuery(
        'Legacy SQL is not supported by the BigQuery sandbox; set useLegacySql: false.',
      );
    }
    const plan = parseQuery(queryConfig.query);
    const defaults = {
      project: queryConfig.defaultDataset?.projectId ?? projectId,
      dataset: queryConfig.defaultDataset?.datasetId,
    };
    const named = tableOf(plan, defaults);
    const table = store.table(named.project, named.dataset, named.table, true);
    const result = runQuery(plan, table, queryConfig.queryParameters);
    const job = {
      reference: {
        projectId,
        jobId: reference.jobId ?? `job_${randomUUID().replaceAll('-', '_')}`,
        location: LOCATION,
      },
      configuration: { query: { ...queryConfig, useLegacySql: false }, jobType: 'QUERY' },
      result,
      created: Date.now(),
      etag: randomUUID(),
    };
    if (queryConfig.dryRun) return job;
    return store.saveJob(projectId, job, requestId);
  }

  function resultPage(job, { offset, maxResults, formatOptions }) {
    const { fields, rows } = job.result;
    return {
      schema: { fields },
      jobReference: job.reference,
      totalRows: String(rows.length),
      ...page(fields, rows, {
        offset,
        size: pageSize(maxResults),
        owner: job.reference.jobId,
        timestampFormat: timestampFormatOf(formatOptions),
      }),
      totalBytesProcessed: '0',
      jobComplete: true,
      cacheHit: false,
    };
  }

  const routes = [
    [
      'GET',
      /^projects\/([^/]+)\/datasets$/,
      (p) => ({
        kind: 'bigquery#datasetList',
        etag: randomUUID(),
        datasets: store.listDatasets(p),
      }),
    ],
    ['POST', /^projects\/([^/]+)\/datasets$/, (p, body) => store.insertDataset(p, body)],
    ['GET', /^projects\/([^/]+)\/datasets\/([^/]+)$/, (p, d) => store.getDataset(p, d)],
    [
      'DELETE',
      /^projects\/([^/]+)\/datasets\/([^/]+)$/,
      (p, d, url) => store.deleteDataset(p, d, url.searchParams.get('deleteContents') === 'true'),
    ],
    [
      'GET',
      /^projects\/([^/]+)\/datasets\/([^/]+)\/tables$/,
      (p, d) => {
        const tables = store.listTables(p, d);
        return {
          kind: 'bigquery#tableList',
          etag: randomUUID(),
          tables,
          totalItems: tables.length,
        };
      },
    ],
    [
      'POST',
      /^projects\/([^/]+)\/datasets\/([^/]+)\/tables$/,
      (p, d, body) => store.insertTable(p, d, body),
    ],
    [
      'GET',
      /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/,
      (p, d, t) => store.getTable(p, d, t),
    ],
    [
      'DELETE',
      /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/,
      (p, d, t) => store.deleteTable(p, d, t),
    ],
    [
      'POST',
      /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/,
      (p, d, t, body) => {
        const insertErrors = store.insertRows(p, d, t, body);
        return {
          kind: 'bigquery#tableDataInsertAllResponse',
          ...(insertErrors.length ? { insertErrors } : {}),
        };
      },
    ],
    [
      'GET',
      /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/data$/,
      (p, d, t, url) => {
        const table = store.table(p, d, t);
        const owner = `${p}:${d}.${t}`;
        return {
          kind: 'bigquery#tableDataList',
          etag: table.etag,
          totalRows: String(table.rows.length),
          ...page(table.fields, table.rows, {
            offset: startOffset(url, owner),
            size: pageSize(url.searchParams.get('maxResults')),
            owner,
            timestampFormat: timestampFormatOf(formatOptionsOf(url)),
          }),
        };
      },
    ],
    [
      'POST',
      /^projects\/([^/]+)\/queries$/,
      (p, body) => {
        const {
          maxResults,
          formatOptions,
          requestId,
          timeoutMs,
          jobCreationMode,
          location,
          ...query
        } = body;
        if (query.kind) delete query.kind;
        const job = runJob(p, query, {}, requestId);
        const first = body.dryRun
          ? {
              schema: { fields: job.result.fields },
              jobComplete: true,
              totalBytesProcessed: '0',
              cacheHit: false,
            }
          : resultPage(job, { offset: 0, maxResults, formatOptions });
        return { kind: 'bigquery#queryResponse', ...first };
      },
    ],
    [
      'GET',
      /^projects\/([^/]+)\/queries\/([^/]+)$/,
      (p, j, url) => {
        const job = store.job(p, j);
        return {
          kind: 'bigquery#getQueryResultsResponse',
          etag: job.etag,
          ...resultPage(job, {
            offset: startOffset(url, j),
            maxResults: url.searchParams.get('maxResults'),
            formatOptions: formatOptionsOf(url),
          }),
        };
      },
    ],
    [
      'POST',
      /^projects\/([^/]+)\/jobs$/,
      (p, body) => {
        const query = body.configuration?.query;
        if (!query) {
          throw invalid(
            'The BigQuery sandbox runs query jobs only (configuration.query); load, extract and copy jobs are not supported.',
          );
        }
        const dryRun = body.configuration.dryRun ? { dryRun: true } : {};
        return jobView(runJob(p, { ...query, ...dryRun }, body.jobReference ?? {}));
      },
    ],
    [
      'GET',
      /^projects\/([^/]+)\/jobs$/,
      (p) => ({
        kind: 'bigquery#jobList',
        etag: randomUUID(),
        jobs: store.listJobs(p).map((job) => ({ ...jobView(job), state: 'DONE' })),
      }),
    ],
    ['GET', /^projects\/([^/]+)\/jobs\/([^/]+)$/, (p, j) => jobView(store.job(p, j))],
    [
      'POST',
      /^projects\/([^/]+)\/jobs\/([^/]+)\/cancel$/,
      (p, j) => ({
        kind: 'bigquery#jobCancelResponse',
        job: jobView(store.job(p, j)),
      }),
    ],
  ];

  async function control(req, res, path) {
    const body = await readJson(req);
    if (path === `${CONTROL_PREFIX}faults` && req.method === 'POST') {
      const status = Number(body.status ?? 429);
      const [reason, message] = FAULT_DEFAULTS[status] ?? ['backendError', 'Injected fault.'];
      faults.push({
        status,
        remaining: Number(body.count ?? 1),
        reason: body.reason ?? reason,
        message: body.message ?? message,
      });
      return sendJson(res, 200, { pending: faults.reduce((n, fault) => n + fault.remaining, 0) });
    }
    if (path === `${CONTROL_PREFIX}faults` && req.method === 'DELETE') {
      faults.length = 0;
      return sendJson(res, 204);
    }
    if (path === `${CONTROL_PREFIX}reset` && req.method === 'POST') {
      faults.length = 0;
      store.reset();
      return sendJson(res, 204);
    }
    throw notFound(`Not found: ${req.method} ${path}`);
  }

  function takeFault() {
    const fault = faults[0];
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults.shift();
    return new BigQueryError(
      fault.status,
      fault.reason,
      fault.message,
      fault.reason === 'rateLimitExceeded' ? { domain: 'usageLimits' } : {},
    );
  }

  async function serve(req, res, url) {
    const path = url.pathname;
    if (path.startsWith(CONTROL_PREFIX)) return control(req, res, path);
    const body = ['POST', 'PUT', 'PATCH'].includes(req.method)
      ? await readJson(req)
      : (req.resume(), {});
    const fault = takeFault();
    if (fault) throw fault;
    const rest = path.slice(API_PREFIX.length).replace(/\/$/, '');
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(rest);
      if (!match || method !== req.method) continue;
      const ids = match.slice(1).map(decodeURIComponent);
      const answer = handler(...ids, method === 'GET' || method === 'DELETE' ? url : body, url);
      return answer === undefined ? sendJson(res, 204) : sendJson(res, 200, answer);
    }
    throw notFound(`Not found: URL ${req.method} ${path}`);
  }

  return {
    handles: (path) => path.startsWith(API_PREFIX) || path.startsWith(CONTROL_PREFIX),
    async handle(req, res, url) {
      try {
        await serve(req, res, url);
      } catch (thrown) {
        if (!(thrown instanceof BigQueryError)) console.error(thrown);
        const error =
          thrown instanceof BigQueryError
            ? thrown
            : new BigQueryError(
                500,
                'internalError',
                'An internal error occurred and the request could not be completed.',
              );
        if (!res.headersSent) sendJson(res, error.code, error.toJSON());
        else res.destroy();
      }
    },
  };
}
