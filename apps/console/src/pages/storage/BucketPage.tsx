import { Link, useParams } from 'react-router';

import { QueryState } from '../../components/states';
import { type Bucket, bucketLabel, STORAGE_PROVIDER_LABELS } from '../../lib/storage';
import { BucketFacts, BucketFindings, ClassMix } from './BucketOverview';
import { ObjectBrowser } from './ObjectBrowser';
import { PersonalDataScan } from './PersonalDataScan';
import { Recommendations } from './Recommendations';
import { useBucket } from './storage-queries';

function BucketDetail({ bucket }: { bucket: Bucket }) {
  return (
    <>
      <div className="page-header">
        <h1 className="break">{bucketLabel(bucket)}</h1>
        <span className="badge badge-neutral">{STORAGE_PROVIDER_LABELS[bucket.provider]}</span>
      </div>
      <div className="grid-2">
        <BucketFacts bucket={bucket} />
        <div className="stack">
          <BucketFindings bucket={bucket} />
          <ClassMix bucket={bucket} />
        </div>
      </div>
      <Recommendations bucket={bucket} />
      <ObjectBrowser bucket={bucket} />
      <PersonalDataScan bucket={bucket} />
    </>
  );
}

/** One bucket: configuration, findings, classes, recommendations, objects, personal data. */
export function BucketPage() {
  const { id = '' } = useParams();
  const bucket = useBucket(id);
  return (
    <>
      <p>
        <Link to="/storage">Storage</Link> ›
      </p>
      <QueryState
        query={bucket}
        loadingLabel="Loading the bucket…"
        isEmpty={() => false}
        empty={null}
      >
        {(found) => <BucketDetail bucket={found} />}
      </QueryState>
    </>
  );
}
