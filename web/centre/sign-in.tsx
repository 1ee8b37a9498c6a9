import { PageHeading } from '../shared/components';
export function SignInPage() {
  return <PageHeading>SignInPage</PageHeading>;
}
