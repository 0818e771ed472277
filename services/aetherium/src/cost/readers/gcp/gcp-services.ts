/** FOCUS service categories of the Google Cloud services a billing export names. */
const CATEGORIES: Record<string, string> = {
  'Compute Engine': 'Compute',
  'Kubernetes Engine': 'Compute',
  'Cloud Run': 'Compute',
  'Cloud Functions': 'Compute',
  'Cloud Storage': 'Storage',
  BigQuery: 'Analytics',
  'Cloud SQL': 'Databases',
  'Cloud Spanner': 'Databases',
  Networking: 'Networking',
  'Cloud Load Balancing': 'Networking',
  'Cloud Logging': 'Management and Governance',
  'Cloud Monitoring': 'Management and Governance',
  'Vertex AI': 'AI and Machine Learning',
};

export function gcpServiceCategory(description: string): string {
  return CATEGORIES[description] ?? 'Other';
}
