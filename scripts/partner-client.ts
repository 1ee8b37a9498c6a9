/**
 * `npm run partner-client -- PARTNER_ID [--replace]`: gives a partner's system
 * its own app client in the stack's user pool (client credentials, the read
 * scope) and records it on the partner, so that the client's access tokens
 * are that PARTNER. Prints the client id and secret once, and the token URL.
 *
 * Settings, read once and checked: COGNITO_USER_POOL_ID and PRIVACY_OPS_TABLE
 * (the stack's UserPoolId and TableName outputs); the region is the pool's,
 * the credentials the AWS SDK's own (AWS_PROFILE, ...).
 */
import { DEFAULT_RETRY_SCHEDULE } from '../domain/retry-schedule';
import { userInfo } from 'node:os';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Caller } from '../domain/caller';
import { DEFAULT_CONTROLLER } from '../domain/controller';
import { DomainError } from '../domain/errors';
import { findPartner, recordPartnerClient } from '../domain/partners';
import { DEFAULT_DEADLINES } from '../domain/requests/deadlines';
import { freshServices, NO_TELEMETRY } from '../domain/services';
import { readTableName, readUserPoolId } from '../lambdas/settings';
import { environmentReader, required, SettingsError, type Environment } from '../lib/environment';
import { PARTNER_SYSTEM_SCOPE } from '../resolvers/authenticate';
import { createDb } from '../store/db';

const USAGE = 'usage: npm run partner-client -- PARTNER_ID [--replace]';
const READ_SCOPE = `${PARTNER_SYSTEM_SCOPE.resourceServer}/${PARTNER_SYSTEM_SCOPE.scope}`;
/** How long a partner system's access token lasts before it asks for another. */
const TOKEN_MINUTES = 60;

interface PartnerClientSettings {
  userPoolId: string;
  region: string;
  table: string;
}

function readPartnerClientSettings(env: Environment = process.env): PartnerClientSettings {
  const read = environmentReader(env);
  const userPoolId = required(
    'COGNITO_USER_POOL_ID',
    readUserPoolId(read),
    'the user pool’s id, the stack’s UserPoolId output (such as eu-west-1_AbC123)',
  );
  return {
    userPoolId,
    region: userPoolId.slice(0, userPoolId.indexOf('_')),
    table: required('PRIVACY_OPS_TABLE', readTableName(read), 'the stack’s TableName output'),
  };
}

/** A mistake of the operator's: said plainly, without a stack trace. */
class Refusal extends Error {}

function argumentsOf(args: string[]): { partnerId: string; replace: boolean } | null {
  const replace = args.includes('--replace');
  const rest = args.filter((arg) => arg !== '--replace');
  const [partnerId] = rest;
  return rest.length === 1 && partnerId && !partnerId.startsWith('-')
    ? { partnerId, replace }
    : null;
}

async function tokenUrlOf(cognito: CognitoIdentityProviderClient, settings: PartnerClientSettings) {
  const { UserPool } = await cognito.send(
    new DescribeUserPoolCommand({ UserPoolId: settings.userPoolId }),
  );
  if (UserPool?.CustomDomain) return `https://${UserPool.CustomDomain}/oauth2/token`;
  if (UserPool?.Domain) {
    return `https://${UserPool.Domain}.auth.${settings.region}.amazoncognito.com/oauth2/token`;
  }
  throw new Refusal(
    'The user pool has no domain: deploy this release’s stack (cdk/stack.ts) first',
  );
}

async function main() {
  const given = argumentsOf(process.argv.slice(2));
  if (!given) {
    console.error(USAGE);
    process.exit(2);
  }
  const { partnerId, replace } = given;
  const settings = readPartnerClientSettings();
  const cognito = new CognitoIdentityProviderClient({ region: settings.region });
  const services = freshServices({
    db: createDb({ table: settings.table, region: settings.region }),
    now: () => new Date(),
    controller: DEFAULT_CONTROLLER,
    deadlines: DEFAULT_DEADLINES,
    retrySchedule: DEFAULT_RETRY_SCHEDULE,
    telemetry: NO_TELEMETRY,
  });
  // The audit trail names who ran the command on which machine account.
  const operator: Caller = { role: 'ADMIN', sub: `partner-client:${userInfo().username}` };

  const partner = await findPartner(services, partnerId);
  if (!partner) throw new Refusal(`No partner "${partnerId}": an admin creates it first`);
  if (partner.clientId && !replace) {
    throw new Refusal(
      `Partner "${partnerId}" has app client ${partner.clientId} already: --replace makes a new one and deletes that one`,
    );
  }
  const tokenUrl = await tokenUrlOf(cognito, settings);

  const { UserPoolClient: created } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: settings.userPoolId,
      ClientName: `partner-${partnerId}`,
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [READ_SCOPE],
      // No flow that signs a person in: this client is a system's, never a person's.
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: TOKEN_MINUTES,
      TokenValidityUnits: { AccessToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
    }),
  );
  const clientId = created?.ClientId;
  const secret = created?.ClientSecret;
  if (!clientId || !secret) throw new Error('Cognito created no client with a secret');

  let replaced: string | null;
  try {
    ({ replaced } = await recordPartnerClient(services, operator, partnerId, clientId));
  } catch (error) {
    // Unrecorded, the new client would be a credential nobody can use: take it back.
    await cognito.send(
      new DeleteUserPoolClientCommand({ UserPoolId: settings.userPoolId, ClientId: clientId }),
    );
    throw error;
  }
  if (replaced) {
    await cognito.send(
      new DeleteUserPoolClientCommand({ UserPoolId: settings.userPoolId, ClientId: replaced }),
    );
  }

  console.log(
    [
      `Partner "${partnerId}" signs in as app client ${clientId}${replaced ? ` (app client ${replaced} is deleted)` : ''}.`,
      '',
      `client id:     ${clientId}`,
      `client secret: ${secret}`,
      `token URL:     ${tokenUrl}`,
      `scope:         ${READ_SCOPE}`,
      '',
      'The secret is shown this once: hand it to the partner over a channel you trust.',
      'Their system asks for a token, then calls the API with it as a Bearer token:',
      `  curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials -d scope=${READ_SCOPE} ${tokenUrl}`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError || error instanceof Refusal || error instanceof DomainError) {
    console.error(error.message);
    process.exit(error instanceof SettingsError ? 2 : 1);
  }
  throw error;
});
