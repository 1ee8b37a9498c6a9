import { PageHeading } from '../shared/components';
export function AdminApp() {
  return (
    <main id="main">
      <PageHeading>Admin desk</PageHeading>
    </main>
  );
}
