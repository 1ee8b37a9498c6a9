/** How an admin signs in: a pasted token locally; the user pool's hosted sign-in on AWS. */
export type AdminSignIn =
  | { kind: 'token' }
  | {
      kind: 'hosted';
      /** The pool domain's OAuth 2.0 endpoints, e.g. https://x.auth.eu-west-1.amazoncognito.com */
      domainUrl: string;
      clientId: string;
    };

/** `/config.json`: written by the local server, and on AWS by the stack beside the pages. */
export interface WebConfig {
  /** Where GraphQL is served, usually `/graphql` on the same origin. */
  graphqlUrl: string;
  adminSignIn: AdminSignIn;
}

let loading: Promise<WebConfig> | null = null;

/** The pages' settings, fetched once per page load. */
export function webConfig(): Promise<WebConfig> {
  loading ??= fetch('/config.json', { headers: { accept: 'application/json' } }).then(
    async (response) => {
      if (!response.ok) throw new Error('The page settings could not be loaded.');
      return (await response.json()) as WebConfig;
    },
  );
  return loading;
}
