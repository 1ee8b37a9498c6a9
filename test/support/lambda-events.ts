import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The event API Gateway's HTTP API (payload 2.0) makes of a POST to /graphql. */
export function httpApiEvent(
  body: string,
  options: { headers?: Record<string, string>; requestId?: string } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'api.example.org', ...options.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: {
        method: 'POST',
        path: '/graphql',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'test',
      },
      requestId: options.requestId ?? 'request',
      routeKey: 'POST /graphql',
      stage: '$default',
      time: '25/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    body,
    isBase64Encoded: false,
  };
}

/** The event API Gateway's HTTP API makes of a GET of /graphql with this query string. */
export function httpApiGetEvent(
  rawQueryString: string,
  options: { headers?: Record<string, string>; requestId?: string } = {},
): APIGatewayProxyEventV2 {
  const event = httpApiEvent('', options);
  const { 'content-type': _contentType, ...headers } = event.headers;
  return {
    ...event,
    routeKey: 'GET /graphql',
    rawQueryString,
    headers,
    requestContext: {
      ...event.requestContext,
      routeKey: 'GET /graphql',
      http: { ...event.requestContext.http, method: 'GET' },
    },
    body: undefined,
  };
}
