// A real OpenID Provider for the end-to-end tests: node `oidc-provider`
// (OpenID Certified), configured for the Implicit flow and nothing else,
// listening on 127.0.0.1 only.
//
//   node provider.mjs --port 0 --generation 1 --alg RS256 --ready-file .state/provider.json
//
// --port        0 picks a free port; give the same port again to restart the
//               provider under the same issuer (key rotation test)
// --generation  names the signing keys (kid rs256-gen<N>, es256-gen<N>); every
//               start generates new key material, so a restart rotates keys
// --alg         the client's id_token_signed_response_alg (RS256 or ES256)
// --ready-file  written once the provider listens: {"issuer", "port", "pid"}
//
// What it serves (oidc-provider 9 defaults unless set below): discovery at
// /.well-known/openid-configuration, the JWK Set at /jwks, the authorization
// endpoint /auth, and the development login/consent pages /interaction/<uid>
// ("devInteractions": any login name and password sign in; the consent page
// has a Continue button and a Cancel link that denies). RFC 9207 `iss` in
// authorization responses is always on in oidc-provider 9 (discovery says
// authorization_response_iss_parameter_supported: true; version 7 needed
// features.issAuthResp), response_mode fragment and form_post are built in.
// TEST ONLY: random cookie keys, in-memory storage, plain http on loopback.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync, renameSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

export const CLIENT_ID = 'oidc-implicit-e2e';
// Never contacted: the test reads the redirect (Location header or form_post
// page) instead of following it.
export const REDIRECT_URI = 'https://rp.example.test/callback';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    generation: { type: 'string', default: '1' },
    alg: { type: 'string', default: 'RS256' },
    'ready-file': { type: 'string' },
  },
});
if (!['RS256', 'ES256'].includes(args.alg)) {
  throw new Error(`--alg must be RS256 or ES256, not ${args.alg}`);
}

function signingKey(type, options, kid, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(args.port), '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    application_type: 'web',
    redirect_uris: [REDIRECT_URI],
    response_types: ['id_token', 'id_token token'],
    grant_types: ['implicit'],
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: args.alg,
  }],
  responseTypes: ['id_token', 'id_token token'],
  jwks: {
    keys: [
      signingKey('rsa', { modulusLength: 2048 }, `rs256-gen${args.generation}`, 'RS256'),
      signingKey('ec', { namedCurve: 'P-256' }, `es256-gen${args.generation}`, 'ES256'),
    ],
  },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: { devInteractions: { enabled: true } },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.test`, email_verified: true };
      },
    };
  },
});

server.on('request', provider.callback());

if (args['ready-file']) {
  const tmp = `${args['ready-file']}.tmp`;
  writeFileSync(tmp, JSON.stringify({ issuer, port, pid: process.pid, alg: args.alg }));
  renameSync(tmp, args['ready-file']);
}
console.log(`provider ${issuer} (generation ${args.generation}, ${args.alg}) pid ${process.pid}`);

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
