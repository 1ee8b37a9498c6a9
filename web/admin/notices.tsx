import { useState } from 'preact/hooks';
import { graphql } from '../gql';
import { ErrorNotice, Field, Loading, PageHeading, StatusNotice } from '../shared/components';
import { formatDate } from '../shared/format';
import { useAction, useLoad } from '../shared/hooks';
import { navigate, routeHref } from '../shared/router';
import { useAdminSession } from './session';

const AdminNotices = graphql(`
  query AdminNotices {
    notices {
      id
      title
      languages
      current {
        number
        effectiveAt
      }
    }
  }
`);

const CreateNotice = graphql(`
  mutation CreateNotice($input: CreateNoticeInput!) {
    createNotice(input: $input) {
      id
    }
  }
`);

export function NoticesPage() {
  const { call } = useAdminSession();
  const notices = useLoad(() => call(AdminNotices, {}), []);
  return (
    <>
      <PageHeading>Notices</PageHeading>
      {notices.loading && <Loading what="the notices" />}
      <ErrorNotice error={notices.error} />
      {notices.data && notices.data.notices.length === 0 && <p>There is no notice yet.</p>}
      {notices.data && notices.data.notices.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="muted">Each notice and its version in effect</caption>
            <thead>
              <tr>
                <th scope="col">Notice</th>
                <th scope="col">In effect</th>
                <th scope="col">Languages</th>
              </tr>
            </thead>
            <tbody>
              {notices.data.notices.map((notice) => (
                <tr key={notice.id}>
                  <td>
                    <a href={routeHref(`/notices/${notice.id}`)}>{notice.title}</a>
                    <br />
                    <span class="muted">{notice.id}</span>
                  </td>
                  <td>
                    {notice.current
                      ? `Version ${notice.current.number}, since ${formatDate(notice.current.effectiveAt)}`
                      : 'Nothing published yet'}
                  </td>
                  <td>{notice.languages.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateNoticeForm />
    </>
  );
}

function CreateNoticeForm() {
  const { call } = useAdminSession();
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState('en');
  const create = useAction(() =>
    call(CreateNotice, {
      input: { id: id.trim(), title: title.trim(), language: language.trim() },
    }),
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    const created = await create.run();
    if (created) navigate(`/notices/${created.createNotice.id}`);
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2>Create a notice</h2>
      <Field
        label="Notice id"
        hint="Letters, digits, '.', '_' or '-', e.g. events-notice. It cannot change later."
      >
        {(attributes) => (
          <input
            {...attributes}
            type="text"
            required
            autoComplete="off"
            value={id}
            onInput={(event) => setId(event.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Title">
        {(attributes) => (
          <input
            {...attributes}
            type="text"
            required
            value={title}
            onInput={(event) => setTitle(event.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Language" hint="A BCP 47 language tag, e.g. en or zh-CN.">
        {(attributes) => (
          <input
            {...attributes}
            type="text"
            autoComplete="off"
            value={language}
            onInput={(event) => setLanguage(event.currentTarget.value)}
          />
        )}
      </Field>
      <ErrorNotice error={create.error} />
      {create.busy && <StatusNotice>Creating the notice…</StatusNotice>}
      <div class="actions">
        <button type="submit" disabled={create.busy}>
          Create notice
        </button>
      </div>
    </form>
  );
}
