import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ErrorNotice, Loading, PageHeading, StatusNotice } from '../shared/components';
import { formatDate, formatDateTime } from '../shared/format';
import { useLoad } from '../shared/hooks';
import { routeHref } from '../shared/router';
import { SectionDiff } from '../shared/section-diff';
import { DraftEditor } from './draft-editor';
import { NOTICE_STATUS_LABELS } from './labels';
import { usePagedList } from './paging';
import { PublishForm } from './publish-form';
import { useAdminSession } from './session';
import { TranslationEditor } from './translation-editor';

const AdminNotice = graphql(`
  query AdminNotice($id: ID!) {
    notice(id: $id) {
      id
      title
      languages
      current {
        number
        language
        languages
        effectiveAt
        sections {
          ...SectionText
        }
      }
      latest: versions(first: 1) {
        nodes {
          number
          status
          language
          languages
          changeSummary
          createdAt
          sections {
            ...SectionText
          }
        }
      }
    }
  }
`);

const AdminNoticeVersions = graphql(`
  query AdminNoticeVersions($id: ID!, $after: String) {
    notice(id: $id) {
      versions(first: 20, after: $after) {
        nodes {
          number
          status
          languages
          material
          changeSummary
          createdAt
          publishedAt
          effectiveAt
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** One notice: its open draft (edit, translate, compare, publish) and its history. */
export function NoticePage({ noticeId }: { noticeId: string }) {
  const { call } = useAdminSession();
  // Each save or publication bumps it: the page and the history are read again.
  const [revision, setRevision] = useState(0);
  const refresh = () => setRevision((value) => value + 1);
  const [published, setPublished] = useState<string | null>(null);
  const notice = useLoad(() => call(AdminNotice, { id: noticeId }), [noticeId, revision]);

  if (notice.loading && !notice.data) return <Loading what="the notice" />;
  if (notice.error || !notice.data?.notice) {
    return (
      <>
        <PageHeading>Notice not found</PageHeading>
        <ErrorNotice error={notice.error ?? `There is no notice ${noticeId}.`} />
        <p>
          <a href={routeHref('/notices')}>All notices</a>
        </p>
      </>
    );
  }
  const { title, languages, current, latest } = notice.data.notice;
  const newest = latest.nodes[0];
  const draft = newest?.status === 'DRAFT' ? newest : null;
  // The number the editor saves as: the open draft's, else the next. A publication changes it.
  const editing = draft ? draft.number : (newest?.number ?? 0) + 1;

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p>
        {current
          ? `Version ${current.number} has been in effect since ${formatDateTime(current.effectiveAt)}, in ${languages.join(' and ')}.`
          : 'No version has been published yet.'}{' '}
        <a href={routeHref('/notices')}>All notices</a>
      </p>
      {published && <StatusNotice>{published}</StatusNotice>}

      <h2>{draft ? `Draft version ${draft.number}` : 'New draft'}</h2>
      <DraftEditor
        key={editing}
        noticeId={noticeId}
        draftNumber={draft?.number ?? null}
        sections={newest?.sections ?? []}
        changeSummary={draft?.changeSummary ?? ''}
        onSaved={refresh}
      />

      {draft && (
        <>
          <h2>Changes against the version in effect</h2>
          {current ? (
            <>
              <p>
                What draft version {draft.number}, as last saved, changes in version{' '}
                {current.number}.
              </p>
              <SectionDiff
                before={current.sections}
                after={draft.sections}
                language={draft.language}
              />
            </>
          ) : (
            <p>Nothing is in effect yet: every section is new.</p>
          )}

          <h2>Translations of draft version {draft.number}</h2>
          <TranslationEditor
            key={`translation-${draft.number}`}
            noticeId={noticeId}
            draftNumber={draft.number}
            draftLanguage={draft.language}
            translated={draft.languages.filter((tag) => tag !== draft.language)}
            earlier={
              current
                ? {
                    number: current.number,
                    languages: current.languages.filter((tag) => tag !== draft.language),
                  }
                : null
            }
            sections={draft.sections}
            onSaved={refresh}
          />

          <h2>Publish draft version {draft.number}</h2>
          <PublishForm
            key={`publish-${draft.number}`}
            noticeId={noticeId}
            draftNumber={draft.number}
            languages={draft.languages}
            onPublished={(outcome) => {
              setPublished(outcome);
              refresh();
            }}
          />
        </>
      )}

      <h2>History</h2>
      <VersionHistory key={revision} noticeId={noticeId} />
    </>
  );
}

function materialText(material: boolean | null): string {
  if (material === null) return '—';
  return material ? 'Material' : 'Minor';
}

function VersionHistory({ noticeId }: { noticeId: string }) {
  const { call } = useAdminSession();
  const versions = usePagedList(
    async (after) => {
      const answer = await call(AdminNoticeVersions, { id: noticeId, after });
      const page = answer.notice?.versions ?? {
        nodes: [],
        pageInfo: { hasNextPage: false, endCursor: null },
      };
      return {
        nodes: page.nodes.map((version) => ({ ...version, id: String(version.number) })),
        pageInfo: page.pageInfo,
      };
    },
    [noticeId],
  );
  return (
    <>
      <ErrorNotice error={versions.error} />
      {versions.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="muted">Every version, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Languages</th>
                <th scope="col">Change</th>
                <th scope="col">Effective</th>
                <th scope="col">Change summary</th>
              </tr>
            </thead>
            <tbody>
              {versions.items.map((version) => (
                <tr key={version.id}>
                  <th scope="row">{version.number}</th>
                  <td>{NOTICE_STATUS_LABELS[version.status]}</td>
                  <td>{version.languages.join(', ')}</td>
                  <td>{materialText(version.material)}</td>
                  <td>
                    {version.effectiveAt
                      ? formatDateTime(version.effectiveAt)
                      : `Created ${formatDate(version.createdAt)}`}
                  </td>
                  <td>{version.changeSummary ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {versions.loading && <Loading what="the history" />}
      {versions.hasMore && !versions.loading && (
        <div class="actions">
          <button type="button" class="secondary" onClick={versions.more}>
            Show older versions
          </button>
        </div>
      )}
    </>
  );
}
