export { S3Store } from './s3-store';
