export { GcsStore } from './gcs-store';
