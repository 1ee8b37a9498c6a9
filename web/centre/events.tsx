import { PageHeading } from '../shared/components';
export function EventsPage() {
  return <PageHeading>EventsPage</PageHeading>;
}
export function RegistrationPage({ eventId }: { eventId: string }) {
  return <PageHeading>{eventId}</PageHeading>;
}
