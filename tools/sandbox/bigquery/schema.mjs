// The table schema of Cloud Billing's detailed usage cost export
// (`gcp_billing_export_resource_v1_<BILLING_ACCOUNT_ID>`), as the `fields` array
// tables.insert takes, for the seeding code and the tests. Column order as in exported
// tables (price right after tags); the last three are Google's later additions.
const field = (name, type = 'STRING', extra = {}) => ({ name, type, mode: 'NULLABLE', ...extra });
const record = (name, fields) => field(name, 'RECORD', { fields });
const repeated = (name, fields) => ({ name, type: 'RECORD', mode: 'REPEATED', fields });
const keyValue = () => [field('key'), field('value')];

export const BILLING_EXPORT_TABLE_PREFIX = 'gcp_billing_export_resource_v1_';

export const BILLING_EXPORT_FIELDS = [
  field('billing_account_id'),
  record('service', [field('id'), field('description')]),
  record('sku', [field('id'), field('description')]),
  field('usage_start_time', 'TIMESTAMP'),
  field('usage_end_time', 'TIMESTAMP'),
  record('project', [
    field('id'),
    field('number'),
    field('name'),
    repeated('labels', keyValue()),
    field('ancestry_numbers'),
    repeated('ancestors', [field('resource_name'), field('display_name')]),
  ]),
  repeated('labels', keyValue()),
  repeated('system_labels', keyValue()),
  record('location', [field('location'), field('country'), field('region'), field('zone')]),
  record('resource', [field('name'), field('global_name')]),
  repeated('tags', [
    field('key'),
    field('value'),
    field('inherited', 'BOOLEAN'),
    field('namespace'),
  ]),
  record('price', [
    field('effective_price', 'NUMERIC'),
    field('tier_start_amount', 'NUMERIC'),
    field('unit'),
    field('pricing_unit_quantity', 'NUMERIC'),
    field('list_price', 'NUMERIC'),
    field('effective_price_default', 'NUMERIC'),
    field('list_price_consumption_model', 'NUMERIC'),
  ]),
  field('export_time', 'TIMESTAMP'),
  field('cost', 'FLOAT'),
  field('currency'),
  field('currency_conversion_rate', 'FLOAT'),
  record('usage', [
    field('amount', 'FLOAT'),
    field('unit'),
    field('amount_in_pricing_units', 'FLOAT'),
    field('pricing_unit'),
  ]),
  repeated('credits', [
    field('name'),
    field('amount', 'FLOAT'),
    field('full_name'),
    field('id'),
    field('type'),
  ]),
  record('invoice', [field('month'), field('publisher_type')]),
  field('cost_type'),
  record('adjustment_info', [field('id'), field('description'), field('mode'), field('type')]),
  field('cost_at_list', 'FLOAT'),
  field('transaction_type'),
  field('seller_name'),
  record('subscription', [field('instance_id')]),
  record('consumption_model', [field('id'), field('description')]),
  field('cost_at_effective_price_default', 'FLOAT'),
  field('cost_at_list_consumption_model', 'FLOAT'),
];
