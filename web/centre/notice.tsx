import { graphql } from '../gql';
import { request } from '../shared/api';
import { Loading, PageHeading } from '../shared/components';
import { useLoad } from '../shared/hooks';

const NoticeTitles = graphql(`
  query NoticeTitles {
    notices {
      id
      title
    }
  }
`);

export function NoticePage() {
  const notices = useLoad(() => request(NoticeTitles, {}), []);
  if (notices.loading) return <Loading what="the privacy notice" />;
  return <PageHeading>{notices.data?.notices[0]?.title ?? 'Privacy notice'}</PageHeading>;
}
