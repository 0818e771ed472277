import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { when } from '../../components/format';
import { Pager } from '../../components/Pager';
import { QueryState } from '../../components/states';
import { DialogButton } from '../../components/ui';
import { currentCursor, firstPage, nextPage, type PageTrail, previousPage } from '../../lib/keyset';
import { type Bucket, formatBytes, nameInFolder, prefixCrumbs } from '../../lib/storage';
import { useCan } from '../../session/session';
import { ChangeTierForm } from './ChangeTierForm';
import { ObjectDetails } from './ObjectDetails';
import { useObjects } from './storage-queries';

function Breadcrumbs({ prefix, hrefOf }: { prefix: string; hrefOf: (p: string) => string }) {
  const crumbs = prefixCrumbs(prefix);
  return (
    <nav aria-label="Folder">
      <p>
        {crumbs.map((crumb, index) => (
          <span key={crumb.prefix}>
            {index === crumbs.length - 1 ? (
              <span aria-current="location">{crumb.label}</span>
            ) : (
              <Link to={hrefOf(crumb.prefix)}>{crumb.label}</Link>
            )}
            {index < crumbs.length - 1 && ' / '}
          </span>
        ))}
      </p>
    </nav>
  );
}

/** The bucket's objects folder by folder (the prefix in the address), a page at a time. */
export function ObjectBrowser({ bucket }: { bucket: Bucket }) {
  const [search] = useSearchParams();
  const prefix = search.get('prefix') ?? '';
  const [paging, setPaging] = useState<{ prefix: string; trail: PageTrail }>({
    prefix,
    trail: firstPage(),
  });
  const trail = paging.prefix === prefix ? paging.trail : firstPage();
  const objects = useObjects(bucket.id, prefix, currentCursor(trail));
  const canOperate = useCan('operator');
  const hrefOf = (next: string) => {
    const query = new URLSearchParams(search);
    if (next) query.set('prefix', next);
    else query.delete('prefix');
    const text = query.toString();
    return text ? `?${text}` : '?';
  };
  return (
    <section aria-labelledby="objects-heading" className="stack">
      <h2 id="objects-heading">Objects</h2>
      <Breadcrumbs prefix={prefix} hrefOf={hrefOf} />
      <div aria-busy={objects.isFetching}>
        <QueryState
          query={objects}
          loadingLabel="Listing objects…"
          isEmpty={(page) => page.prefixes.length === 0 && page.objects.length === 0}
          empty={<p>Nothing {prefix ? `under ${prefix}` : 'in this bucket'}.</p>}
        >
          {(page) => (
            <>
              <div className="table-scroll">
                <table className="table">
                  <caption className="visually-hidden">Objects under {prefix || 'the top'}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Size</th>
                      <th scope="col">Class</th>
                      <th scope="col">Last modified</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.prefixes.map((folder) => (
                      <tr key={`prefix:${folder}`}>
                        <th scope="row" className="break">
                          <Link to={hrefOf(folder)}>{nameInFolder(folder, prefix)}</Link>
                        </th>
                        <td colSpan={4} className="muted">
                          Folder
                        </td>
                      </tr>
                    ))}
                    {page.objects.map((object) => (
                      <tr key={`object:${object.key}`}>
                        <th scope="row" className="mono break">
                          {nameInFolder(object.key, prefix)}
                        </th>
                        <td>{formatBytes(object.size)}</td>
                        <td>{object.storageClass}</td>
                        <td>{when(object.lastModified)}</td>
                        <td>
                          <div className="form-actions">
                            <DialogButton label="Details" title={object.key}>
                              {(close) => (
                                <ObjectDetails
                                  bucketId={bucket.id}
                                  objectKey={object.key}
                                  close={close}
                                />
                              )}
                            </DialogButton>
                            {canOperate && (
                              <DialogButton
                                label="Change tier"
                                title={`Change tier of ${object.key}`}
                              >
                                {(close) => (
                                  <ChangeTierForm bucket={bucket} object={object} close={close} />
                                )}
                              </DialogButton>
                            )}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                label="Object pages"
                trail={trail}
                nextCursor={page.nextCursor}
                onPrevious={() => setPaging({ prefix, trail: previousPage(trail) })}
                onNext={(cursor) => setPaging({ prefix, trail: nextPage(trail, cursor) })}
              />
            </>
          )}
        </QueryState>
      </div>
    </section>
  );
}
