// In-memory BigQuery state: projects → datasets → tables (schema, rows, insertIds seen)
// and query jobs with their results. Resources come out as the REST API writes them.
import { randomUUID } from 'node:crypto';

import { BigQueryError, duplicate, invalid, notFound } from './errors.mjs';
import { canonicalType, normaliseRow, SCALAR_TYPES } from './values.mjs';

export const LOCATION = 'US';
const NAME = /^[A-Za-z0-9_]{1,1024}$/;
const TABLE_NAME = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]{1,1024}$/u;

const etag = () => Buffer.from(randomUUID()).toString('base64').slice(0, 24);

/** A schema as BigQuery stores it: canonical types, every mode spelled out. */
function normaliseFields(fields, prefix = '') {
  if (!Array.isArray(fields)) throw invalid('Schema fields must be an array.');
  const seen = new Set();
  return fields.map((field) => {
    const name = field?.name;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,299}$/.test(name)) {
      throw invalid(
        `Invalid field name "${name}". Fields must contain only letters, numbers, and underscores, start with a letter or underscore, and be at most 300 characters long.`,
      );
    }
    if (seen.has(name.toLowerCase()))
      throw invalid(`Field ${prefix}${name} already exists in schema`);
    seen.add(name.toLowerCase());
    const type = canonicalType(field.type ?? 'STRING');
    const mode = String(field.mode ?? 'NULLABLE').toUpperCase();
    if (!['NULLABLE', 'REQUIRED', 'REPEATED'].includes(mode))
      throw invalid(`Invalid mode ${mode} for field ${prefix}${name}.`);
    const out = { name, type, mode };
    if (field.description) out.description = field.description;
    if (type === 'RECORD') {
      if (!field.fields?.length)
        throw invalid(`Field ${prefix}${name} is type RECORD but has no schema.`);
      out.fields = normaliseFields(field.fields, `${prefix}${name}.`);
    } else if (!SCALAR_TYPES.has(type)) {
      throw invalid(`Invalid field type ${field.type} for field ${prefix}${name}.`);
    }
    return out;
  });
}

export function createStore() {
  const projects = new Map();
  const projectOf = (projectId) => {
    if (!projects.has(projectId))
      projects.set(projectId, { datasets: new Map(), jobs: new Map(), requests: new Map() });
    return projects.get(projectId);
  };

  // Queries name the location in their not-found messages, the resource methods do not.
  const where = (inQuery) => (inQuery ? ` was not found in location ${LOCATION}` : '');

  function dataset(projectId, datasetId, inQuery = false) {
    const found = projectOf(projectId).datasets.get(datasetId);
    if (!found) throw notFound(`Not found: Dataset ${projectId}:${datasetId}${where(inQuery)}`);
    return found;
  }

  function table(projectId, datasetId, tableId, inQuery = false) {
    const found = dataset(projectId, datasetId, inQuery).tables.get(tableId);
    if (!found)
      throw notFound(`Not found: Table ${projectId}:${datasetId}.${tableId}${where(inQuery)}`);
    return found;
  }

  function datasetView(entry) {
    const { projectId, datasetId } = entry.reference;
    return {
      kind: 'bigquery#dataset',
      etag: entry.etag,
      id: `${projectId}:${datasetId}`,
      selfLink: `/bigquery/v2/projects/${projectId}/datasets/${datasetId}`,
      datasetReference: entry.reference,
      ...entry.settings,
      creationTime: String(entry.created),
      lastModifiedTime: String(entry.created),
      location: entry.location,
      type: 'DEFAULT',
    };
  }

  function tableView(entry) {
    const { projectId, datasetId, tableId } = entry.reference;
    return {
      kind: 'bigquery#table',
      etag: entry.etag,
      id: `${projectId}:${datasetId}.${tableId}`,
      selfLink: `/bigquery/v2/projects/${projectId}/datasets/${datasetId}/tables/${tableId}`,
      tableReference: entry.reference,
      ...entry.settings,
      schema: { fields: entry.fields },
      numBytes: String(entry.bytes),
      numLongTermBytes: '0',
      numRows: String(entry.rows.length),
      creationTime: String(entry.created),
      lastModifiedTime: String(entry.modified),
      type: 'TABLE',
      location: entry.location,
    };
  }

  return {
    reset() {
      projects.clear();
    },

    insertDataset(projectId, body) {
      const datasetId = body.datasetReference?.datasetId;
      if (!NAME.test(datasetId ?? ''))
        throw invalid(
          `Invalid dataset ID "${datasetId}". Dataset IDs must be alphanumeric (plus underscores) and must be at most 1024 characters long.`,
        );
      const datasets = projectOf(projectId).datasets;
      if (datasets.has(datasetId))
        throw duplicate(`Already Exists: Dataset ${projectId}:${datasetId}`);
      const { datasetReference, location, kind, id, etag: _etag, ...settings } = body;
      const entry = {
        reference: { datasetId, projectId },
        settings,
        location: location ?? LOCATION,
        created: Date.now(),
        etag: etag(),
        tables: new Map(),
      };
      datasets.set(datasetId, entry);
      return datasetView(entry);
    },

    getDataset: (projectId, datasetId) => datasetView(dataset(projectId, datasetId)),

    listDatasets(projectId) {
      return [...projectOf(projectId).datasets.values()].map((entry) => ({
        kind: 'bigquery#dataset',
        id: `${projectId}:${entry.reference.datasetId}`,
        datasetReference: entry.reference,
        location: entry.location,
      }));
    },

    deleteDataset(projectId, datasetId, deleteContents) {
      const entry = dataset(projectId, datasetId);
      if (entry.tables.size && !deleteContents) {
        throw new BigQueryError(
          400,
          'resourceInUse',
          `Dataset ${projectId}:${datasetId} is still in use`,
        );
      }
      projectOf(projectId).datasets.delete(datasetId);
    },

    insertTable(projectId, datasetId, body) {
      const entry = dataset(projectId, datasetId);
      const tableId = body.tableReference?.tableId;
      if (!TABLE_NAME.test(tableId ?? '')) throw invalid(`Invalid table ID "${tableId}".`);
      if (entry.tables.has(tableId))
        throw duplicate(`Already Exists: Table ${projectId}:${datasetId}.${tableId}`);
      const { tableReference, schema, kind, id, etag: _etag, ...settings } = body;
      const now = Date.now();
      const table = {
        reference: { projectId, datasetId, tableId },
        settings,
        fields: normaliseFields(schema?.fields ?? []),
        location: entry.location,
        rows: [],
        bytes: 0,
        insertIds: new Set(),
        created: now,
        modified: now,
        etag: etag(),
      };
      entry.tables.set(tableId, table);
      return tableView(table);
    },

    getTable: (projectId, datasetId, tableId) => tableView(table(projectId, datasetId, tableId)),
    table,

    listTables(projectId, datasetId) {
      return [...dataset(projectId, datasetId).tables.values()].map((entry) => ({
        kind: 'bigquery#table',
        id: `${projectId}:${datasetId}.${entry.reference.tableId}`,
        tableReference: entry.reference,
        type: 'TABLE',
        creationTime: String(entry.created),
      }));
    },

    deleteTable(projectId, datasetId, tableId) {
      table(projectId, datasetId, tableId);
      dataset(projectId, datasetId).tables.delete(tableId);
    },

    /** tabledata.insertAll: all rows or none (unless skipInvalidRows); insertIds seen before are dropped. */
    insertRows(projectId, datasetId, tableId, body) {
      const entry = table(projectId, datasetId, tableId);
      const requested = Array.isArray(body.rows) ? body.rows : [];
      if (!requested.length) throw invalid('No rows present in the request.');
      const options = { ignoreUnknownValues: Boolean(body.ignoreUnknownValues) };
      const checked = requested.map((row) => ({
        insertId: row?.insertId,
        bytes: Buffer.byteLength(JSON.stringify(row?.json ?? null)),
        ...normaliseRow(entry.fields, row?.json, options),
      }));
      const insertErrors = [];
      checked.forEach((row, index) => {
        if (row.problem) {
          insertErrors.push({ index, errors: [{ ...row.problem, debugInfo: '' }] });
        }
      });
      const keep =
        insertErrors.length && !body.skipInvalidRows ? [] : checked.filter((row) => !row.problem);
      if (insertErrors.length && !body.skipInvalidRows) {
        checked.forEach((row, index) => {
          if (!row.problem) {
            insertErrors.push({
              index,
              errors: [{ reason: 'stopped', location: '', debugInfo: '', message: '' }],
            });
          }
        });
        insertErrors.sort((a, b) => a.index - b.index);
      }
      for (const row of keep) {
        if (row.insertId) {
          if (entry.insertIds.has(row.insertId)) continue;
          entry.insertIds.add(row.insertId);
        }
        entry.rows.push(row.row);
        entry.bytes += row.bytes;
      }
      if (keep.length) entry.modified = Date.now();
      return insertErrors;
    },

    /** Keeps a finished query job; a repeated requestId answers the job it made before. */
    saveJob(projectId, job, requestId) {
      const project = projectOf(projectId);
      if (project.jobs.has(job.reference.jobId)) {
        throw duplicate(`Already Exists: Job ${projectId}:${LOCATION}.${job.reference.jobId}`);
      }
      project.jobs.set(job.reference.jobId, job);
      if (requestId) project.requests.set(requestId, job);
      return job;
    },

    jobForRequest: (projectId, requestId) =>
      requestId ? projectOf(projectId).requests.get(requestId) : undefined,

    job(projectId, jobId) {
      const found = projectOf(projectId).jobs.get(jobId);
      if (!found) throw notFound(`Not found: Job ${projectId}:${LOCATION}.${jobId}`);
      return found;
    },

    listJobs: (projectId) => [...projectOf(projectId).jobs.values()],
  };
}
