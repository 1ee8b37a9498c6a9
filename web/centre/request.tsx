import { PageHeading } from '../shared/components';
export function RequestPage() {
  return <PageHeading>RequestPage</PageHeading>;
}
export function RequestStatusPage({ requestId }: { requestId: string }) {
  return <PageHeading>{requestId}</PageHeading>;
}
