import type { Gql, TestServer } from './harness';

/** GraphQL over HTTP as a browser sending Global Privacy Control (`Sec-GPC: 1`) would. */
export function gqlUnderGpc(server: Pick<TestServer, 'url'>): Gql {
  return async (query, variables, token) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'sec-gpc': '1',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
}
