import { PageHeading } from '../shared/components';
export function MyPrivacyPage() {
  return <PageHeading>MyPrivacyPage</PageHeading>;
}
